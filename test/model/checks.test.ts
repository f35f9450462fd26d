import * as assert from 'assert';
import { Diagnostic } from '../../server/src/common/diagnostics';
import { validateOps } from '../../server/src/model/checks/ops';
import { analyzeText } from '../../server/src/model/lower';
import * as ir from '../../server/src/model/ir';
import { NP_OPS } from '../../server/src/vocab/npops';
import { absoluteBody } from '../../server/src/model/blockSpans';

/** Every static check: code, exact span text, and a message naming the cause. */
const BASE = 'node 0 dram 4G cpus 0-3\nnode 2 cxl 1G private ops MIGRATION | MEMPOLICY\nnode 3 cram 4G media 2G\ncgroup web mems {0, 2}\n';

function check(body: string) {
  const text = BASE + body;
  const r = analyzeText(text);
  const found = (code: string) => r.diagnostics.filter((d) => d.code === code).map((d) => ({ text: text.slice(d.span.start, d.span.end), message: d.message, d }));
  return { r, found, text };
}

function only(body: string, code: string): { text: string; message: string; d: Diagnostic } {
  const { r, found } = check(body);
  const all = r.diagnostics.map((d) => `${d.code}: ${d.message}`);
  assert.strictEqual(r.diagnostics.length, 1, `expected one diagnostic, got ${JSON.stringify(all)}`);
  const [f] = found(code);
  assert.ok(f, `expected ${code}, got ${JSON.stringify(all)}`);
  return f;
}

describe('static checks', () => {
  describe('unknown-name', () => {
    it('an undeclared mapping in a task', () => {
      const f = only('task app {\n  buf = mmap(1G)\n  touch(bfu)\n}', 'unknown-name');
      assert.strictEqual(f.text, 'bfu');
      assert.match(f.message, /`bfu` is not assigned in task `app`.*did you mean `buf`/);
      assert.strictEqual(f.d.data?.suggestion, 'buf');
    });
    it('a variable of another task', () => {
      const f = only('task a { x = mmap(1G) }\ntask b { touch(x) }', 'unknown-name');
      assert.strictEqual(f.text, 'x');
    });
    it('a task keeps its variables across blocks', () => {
      const { r } = check('task a { x = mmap(1G) }\nkernel { khugepaged() }\ntask a { touch(x) }');
      assert.deepStrictEqual(r.diagnostics, []);
    });
    it('kernel blocks share one scope', () => {
      const { r } = check('kernel { p = alloc_pages(GFP_KERNEL, 0) }\nkernel { free_pages(p) }');
      assert.deepStrictEqual(r.diagnostics, []);
    });
    it('a use before the assignment', () => {
      assert.strictEqual(only('task a {\n touch(x)\n x = mmap(1G)\n}', 'unknown-name').text, 'x');
    });
    it('an undeclared handle', () => {
      assert.match(only('kernel { free_pages(q) }', 'unknown-name').message, /`q` is not assigned in the kernel blocks/);
    });
    it('a loop variable outside its loop', () => {
      const f = only('kernel {\n for_each_node(n) kswapd(n)\n kswapd(n)\n}', 'unknown-name');
      assert.strictEqual(f.text, 'n');
      assert.match(f.message, /not a node id or a for_each loop variable/);
    });
    it('an undeclared cgroup (task header and set_cpuset_mems)', () => {
      const { found } = check('task a cgroup db { x = mmap(1G) }\nkernel { set_cpuset_mems(dbb, 0) }');
      assert.deepStrictEqual(found('unknown-name').map((f) => f.text), ['db', 'dbb']);
    });
    it('an unknown call, with a suggestion', () => {
      const f = only('task a { x = mallco(1G) }', 'unknown-name');
      assert.match(f.message, /unknown call `mallco`; did you mean `malloc`/);
    });
    it('an unknown variable in a top-level expectation; task.var resolves', () => {
      const { found } = check('task app { buf = mmap(1G) }\nexpect pages(app.buf, 0) == 0\nexpect pages(buf, 0) == 0\nexpect pages(nope, 0) == 0');
      assert.deepStrictEqual(found('unknown-name').map((f) => f.text), ['nope']);
    });
  });

  describe('unknown-flag', () => {
    const cases: [string, string, string][] = [
      ['kernel { p = alloc_pages(GFP_KERNEL | __GFP_THISNOD, 0) }', '__GFP_THISNOD', '__GFP_THISNODE'],
      ['task a { x = mmap(1G)\n mbind(x, MPOL_INTERLEAV, 0) }', 'MPOL_INTERLEAV', 'MPOL_INTERLEAVE'],
      ['task a { x = mmap(1G)\n mbind(x, MPOL_BIND, 0, MPOL_MF_STRICKT) }', 'MPOL_MF_STRICKT', 'MPOL_MF_STRICT'],
      ['task a { x = mmap(1G)\n madvise(x, MADV_HUGEPAG) }', 'MADV_HUGEPAG', 'MADV_HUGEPAGE'],
      ['node 5 cxl 1G private ops DEMOTON', 'DEMOTON', 'DEMOTION'],
      ['kernel { node_private_set_ops(2, NP_OPS_RECLAM) }', 'NP_OPS_RECLAM', 'NP_OPS_RECLAIM'],
      ['node 5 cxl 1G private callbacks free_foli', 'free_foli', 'free_folio'],
    ];
    for (const [body, bad, suggestion] of cases) {
      it(`${bad} -> ${suggestion}`, () => {
        const f = only(body, 'unknown-flag');
        assert.strictEqual(f.text, bad);
        assert.ok(f.message.includes(`did you mean \`${suggestion}\``), f.message);
        assert.strictEqual(f.d.data?.suggestion, suggestion);
      });
    }
    it('no suggestion when nothing is close', () => {
      const f = only('kernel { p = alloc_pages(XYZZY_PLUGH, 0) }', 'unknown-flag');
      assert.strictEqual(f.d.data?.suggestion, undefined);
    });
  });

  describe('invalid-argument', () => {
    const cases: [string, string, RegExp][] = [
      ['kernel { p = alloc_pages_node(1024, GFP_KERNEL, 0) }', '1024', /node id 1024 is out of range/],
      ['kernel { p = alloc_pages_node(0, GFP_KERNEL, 11) }', '11', /order 11 is out of range/],
      ['node 5 cxl 1G tier 1 tier 2', 'tier 2', /given twice/],
      ['node 3 hbm 1G', '3', /node 3 is declared twice/],
      ['node 5 dunno 1G', 'dunno', /unknown node kind `dunno`/],
      ['design private_v9', 'private_v9', /unknown design/],
      ['node 5 cram 1G watermarks low=40% high=20%', 'watermarks low=40% high=20%', /low watermark .* must be below the high one/],
      ['node 5 cram 1G ratio 0', '0', /greater than 0/],
      ['device 3 { fill(101%) }', '101%', /out of range: percentages are 0%..100%/],
      ['task a { p = alloc_pages_node(0, GFP_KERNEL, 0) }', 'alloc_pages_node', /belongs in a kernel block, not in a task block/],
      ['kernel { x = mmap(1G) }', 'mmap', /belongs in a task block, not in a kernel block/],
      ['task a { raise(low) }', 'raise', /belongs in a device block, not in a task block/],
      ['kernel { p = alloc_pages_node(0, GFP_KERNEL) }', ')', /missing `order`/],
      ['kernel { kswapd(0, 1) }', '1', /takes at most 1 positional argument/],
      ['kernel { p = alloc_pages(GFP_KERNEL, 0, size=3) }', 'size', /has no parameter `size`/],
      ['task a { x = mmap(1G)\n touch(x, sideways) }', 'sideways', /unexpected argument/],
      ['task a { x = mmap(1G)\n mbind(x, MPOL_BIND | MPOL_LOCAL, 0) }', 'MPOL_LOCAL', /one mode/],
      ['task a { x = mmap(1G)\n mbind(x, MPOL_F_STATIC_NODES, 0) }', 'MPOL_F_STATIC_NODES', /no policy mode/],
      ['task a { x = mmap(1G)\n touch(x[8K:4K]) }', 'x[8K:4K]', /empty/],
      ['task a { x = mmap(1G)\n x[0] = 256 }', '256', /0..255/],
      ['task a { x = mmap(50%) }', '50%', /must be a size/],
      ['task a { expect error ENOMME }', 'ENOMME', /not an errno.*did you mean `ENOMEM`/],
      ['task a { expect diagnostic privat-leak }', 'privat-leak', /not a diagnostic code; did you mean `private-leak`/],
      ['task a { expect stat(pgmigrate_sucess) > 0 }', 'pgmigrate_sucess', /did you mean `pgmigrate_success`/],
      ['task a { expect no leak under private_v4, sotck }', 'sotck', /did you mean `stock`/],
      ['kernel { for_each_node_state(n, N_MEMROY) kswapd(n) }', 'N_MEMROY', /did you mean `N_MEMORY`/],
      ['kernel { p = alloc_pages(GFP_KERNEL, 0, count=0) }', '0', /at least 1/],
      ['distance 0 2 5', '5', /distance 5 is out of range/],
      ['distance 0 0 20', '20', /to itself is always 10/],
      ['task a cpu 0 { x = mmap(1G) }\ntask a cpu 1 { touch(x) }', 'cpu', /first block/],
      ['kernel { x = touch(y) }', 'touch', /belongs in a task block/],
    ];
    for (const [body, spanText, message] of cases) {
      it(`${body.replace(/\n/g, ' ')}`, () => {
        const { found } = check(body);
        const f = found('invalid-argument');
        assert.ok(f.some((x) => x.text === spanText && message.test(x.message)), `no invalid-argument on \`${spanText}\` matching ${message}: ${JSON.stringify(f.map((x) => [x.text, x.message]))}`);
      });
    }
  });

  describe('absent-node', () => {
    it('warns once per use of an undeclared node, in calls, sets and expectations', () => {
      const { found } = check('task a {\n x = mmap(1G)\n mbind(x, MPOL_BIND, {0, 9})\n move_pages(x, 8)\n expect used(7) == 0\n}');
      const f = found('absent-node');
      assert.deepStrictEqual(f.map((x) => x.text), ['9', '8', '7']);
      assert.ok(f.every((x) => x.d.severity === 'warning'));
      assert.match(f[0].message, /node 9 is not declared/);
    });
  });

  describe('node used before its declaration', () => {
    it('is an error pointing at the later declaration', () => {
      const { found } = check('kernel { kswapd(5) }\nnode 5 dram 1G');
      const [f] = found('invalid-argument');
      assert.match(f.message, /node 5 is used before its declaration/);
      assert.strictEqual(f.d.related?.length, 1);
    });
  });

  describe('unknown-sysctl', () => {
    it('is an error with a suggestion; known keys and node families pass', () => {
      const { r, found } = check('sysctl vm.demotion_enable = 1\nsysctl mempolicy.weighted_interleave.node2 = 4\nsysctl kernel.numa_balancing = 2');
      const f = found('unknown-sysctl');
      assert.strictEqual(f.length, 1);
      assert.strictEqual(f[0].d.severity, 'error');
      assert.match(f[0].message, /did you mean `vm.demotion_enabled`/);
      assert.deepStrictEqual(r.program.machine.sysctls.map((s) => [s.key, s.value]), [['mempolicy.weighted_interleave.node2', 4], ['kernel.numa_balancing', 2]]);
    });
    it('checks the value range and kind', () => {
      const { found } = check('sysctl vm.swappiness = 201\nsysctl cram.writable_fraction = 0.5');
      assert.deepStrictEqual(found('invalid-argument').map((f) => f.text), ['201', '0.5']);
    });
  });

  describe('ops-rejected', () => {
    const rejected = (decl: string) => {
      const { found, r } = check(decl.replace(/^node \d+/, 'node 9'));
      return { f: found('ops-rejected'), node: r.program.machine.nodes.find((n) => n.id === 9) };
    };
    it('MIGRATION needs migrate_to and folio_migrate', () => {
      const { f, node } = rejected('node 9 cxl 1G private ops MIGRATION callbacks folio_migrate');
      assert.strictEqual(f.length, 1);
      assert.match(f[0].message, /NP_OPS_MIGRATION requires the `migrate_to` callback/);
      assert.strictEqual(node?.opsRejected, true);
    });
    it('MEMPOLICY needs MIGRATION', () => assert.match(rejected('node 9 cxl 1G private ops MEMPOLICY').f[0].message, /MEMPOLICY requires NP_OPS_MIGRATION/));
    it('MEMPOLICY excludes PROTECT_WRITE', () => assert.match(rejected('node 9 cxl 1G private ops MIGRATION | MEMPOLICY | PROTECT_WRITE').f[0].message, /mutually exclusive/));
    it('NUMA_BALANCING needs MIGRATION', () => assert.match(rejected('node 9 cxl 1G private ops NUMA_BALANCING').f[0].message, /NUMA_BALANCING requires NP_OPS_MIGRATION/));
    it('COMPACTION needs MIGRATION', () => assert.match(rejected('node 9 cxl 1G private ops COMPACTION').f[0].message, /COMPACTION requires NP_OPS_MIGRATION/));
    it('a cram node without ops gets CRAM\'s flags and callbacks (valid); naming fewer callbacks is rejected', () => {
      assert.strictEqual(rejected('node 9 cram 4G media 2G').f.length, 0);
      assert.strictEqual(rejected('node 9 cram 4G media 2G callbacks handle_fault').f.length, 1);
    });
    it('DEMOTION, RECLAIM and LONGTERM_PIN need nothing', () => {
      assert.strictEqual(rejected('node 9 cxl 1G private ops DEMOTION | RECLAIM | LONGTERM_PIN | OOM_ELIGIBLE').f.length, 0);
    });
    it('validates node_private_set_ops calls with constant flags', () => {
      const { found } = check('kernel { node_private_set_ops(2, MIGRATION | MEMPOLICY, callbacks=migrate_to) }');
      assert.match(found('ops-rejected')[0].message, /folio_migrate/);
    });
    it('validateOps returns the fix for each problem', () => {
      const p = validateOps(NP_OPS.NP_OPS_MEMPOLICY | NP_OPS.NP_OPS_PROTECT_WRITE, []);
      assert.deepStrictEqual(p.map((x) => x.addFlag ?? x.removeFlag), ['NP_OPS_MIGRATION', 'NP_OPS_PROTECT_WRITE']);
    });
  });

  describe('syntax errors still count as statements', () => {
    it('a broken line becomes an ErrorStmt, and the expect after it observes it', () => {
      const { r, text } = check('task a {\n  x = mmap(1G)\n  touch(x,, )) junk\n  expect diagnostic syntax\n  touch(x)\n}');
      const body = absoluteBody(r.program.items[0] as ir.TaskBlock);
      assert.deepStrictEqual(body.map((s) => s.kind), ['call', 'error', 'expect', 'call']);
      const e = body[2] as ir.ExpectStmt;
      assert.strictEqual(text.slice(e.subject!.start, e.subject!.end), 'touch(x,, )) junk');
      assert.strictEqual(e.text, 'expect diagnostic syntax');
    });
    it('a top-level expect observes the declaration before it', () => {
      const { r, text } = check('node 9 cxl 1G private ops MEMPOLICY\nexpect diagnostic ops-rejected');
      const e = r.program.items[0] as ir.ExpectStmt;
      assert.strictEqual(text.slice(e.subject!.start, e.subject!.end), 'node 9 cxl 1G private ops MEMPOLICY');
    });
  });
});
