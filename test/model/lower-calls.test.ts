import * as assert from 'assert';
import { analyzeText } from '../../server/src/model/lower';
import * as ir from '../../server/src/model/ir';
import { BUILT_CALLS } from '../../server/src/model/lowering/calls';
import { CALLS, isStatementCall } from '../../server/src/vocab/calls';
import { GFP, GFP_COMPOSITE } from '../../server/src/vocab/gfp';
import { MPOL_MF, MPOL_MODE, MPOL_MODE_FLAG } from '../../server/src/vocab/mpol';
import { NP_OPS } from '../../server/src/vocab/npops';

/**
 * Lowering of every call of vocab/calls.ts to its IR `Call`: one scenario line
 * per call, the expected IR object (spans stripped) beside it.
 */
const PRELUDE = `node 0 dram 4G cpus 0-3
node 1 dram 4G cpus 4-7
node 2 cxl 2G private ops MIGRATION | MEMPOLICY device A
node 3 cram 4G media 2G
node 7 cxl 1G private offline
cgroup web mems 0-2
`;

function strip<T>(x: T): T {
  return JSON.parse(JSON.stringify(x, (k, v) => (k === 'span' ? undefined : v)));
}

function lowerOne(block: 'task' | 'kernel' | 'device' | 'driver', line: string, setup = '', before = ''): ir.Call {
  const header = block === 'task' ? 'task app cpu 0 {' : block === 'kernel' ? 'kernel {' : block === 'driver' ? 'driver A {' : 'device 3 {';
  const text = `${PRELUDE}${before}${header}\n${setup}\n${line}\n}\n`;
  const r = analyzeText(text);
  assert.deepStrictEqual(r.diagnostics.map((d) => d.message), [], `diagnostics for ${line}`);
  const body = (r.program.items[r.program.items.length - 1] as ir.TaskBlock).body;
  const last = body[body.length - 1];
  assert.strictEqual(last.kind, 'call', `${line} lowered to ${last.kind}`);
  return strip((last as ir.CallStmt).call);
}

const whole = (name: string, scope = 'app'): ir.RangeRef => strip({ name, scope, sel: { kind: 'whole' }, span: { start: 0, end: 0 } });
const n = (id: number) => ({ const: id });
const set = (...ids: number[]) => ({ nodes: ids.map(n) });
const MAP = 'buf = mmap(64M)';
const G = GFP;
const GC = GFP_COMPOSITE;

type Case = [block: 'task' | 'kernel' | 'device' | 'driver', line: string, expected: unknown, setup?: string, before?: string];
const CASES: Record<string, Case[]> = {
  mmap: [
    ['task', 'b = mmap(1G)', { op: 'mmap', size: 2 ** 30, backing: 'anon', shared: false }],
    ['task', 'b = mmap(16M, shmem, shared)', { op: 'mmap', size: 16 << 20, backing: 'shmem', shared: true }],
    ['task', 'b = mmap(4096, file)', { op: 'mmap', size: 4096, backing: 'file', shared: false }],
    ['task', 'b = mmap(4096, shared)', { op: 'mmap', size: 4096, backing: 'anon', shared: true }],
  ],
  malloc: [['task', 'b = malloc(256M)', { op: 'malloc', size: 256 << 20 }]],
  munmap: [['task', 'munmap(buf)', { op: 'munmap', target: whole('buf') }, MAP]],
  mbind: [
    ['task', 'mbind(buf, MPOL_BIND, 2)', { op: 'mbind', range: whole('buf'), mode: MPOL_MODE.MPOL_BIND, modeFlags: 0, nodes: set(2), flags: 0 }, MAP],
    [
      'task',
      'mbind(buf[0:4M], MPOL_INTERLEAVE | MPOL_F_STATIC_NODES, {0, 2}, MPOL_MF_MOVE | MPOL_MF_STRICT)',
      {
        op: 'mbind',
        range: { name: 'buf', scope: 'app', sel: { kind: 'bytes', start: 0, end: 4 << 20 } },
        mode: MPOL_MODE.MPOL_INTERLEAVE,
        modeFlags: MPOL_MODE_FLAG.MPOL_F_STATIC_NODES,
        nodes: set(0, 2),
        flags: MPOL_MF.MPOL_MF_MOVE | MPOL_MF.MPOL_MF_STRICT,
      },
      MAP,
    ],
    ['task', 'mbind(buf, MPOL_DEFAULT, MPOL_MF_MOVE)', { op: 'mbind', range: whole('buf'), mode: 0, modeFlags: 0, flags: MPOL_MF.MPOL_MF_MOVE }, MAP],
  ],
  set_mempolicy: [
    ['task', 'set_mempolicy(MPOL_WEIGHTED_INTERLEAVE | MPOL_F_RELATIVE_NODES, 0-2)', { op: 'set_mempolicy', mode: 6, modeFlags: MPOL_MODE_FLAG.MPOL_F_RELATIVE_NODES, nodes: set(0, 1, 2) }],
    ['task', 'set_mempolicy(MPOL_LOCAL)', { op: 'set_mempolicy', mode: 4, modeFlags: 0 }],
  ],
  set_mempolicy_home_node: [['task', 'set_mempolicy_home_node(buf, 2)', { op: 'set_mempolicy_home_node', range: whole('buf'), node: n(2) }, MAP]],
  touch: [
    ['task', 'touch(buf)', { op: 'touch', range: whole('buf'), access: 'write' }, MAP],
    ['task', 'touch(buf[10%:50%], read)', { op: 'touch', range: { name: 'buf', scope: 'app', sel: { kind: 'percent', start: 0.1, end: 0.5 } }, access: 'read' }, MAP],
    ['task', 'touch(buf, write, data=ratio(2.5))', { op: 'touch', range: whole('buf'), access: 'write', data: { kind: 'ratio', ratio: 2.5 } }, MAP],
    ['task', 'touch(buf, data=random)', { op: 'touch', range: whole('buf'), access: 'write', data: { kind: 'random' } }, MAP],
  ],
  read: [['task', 'read(buf[4K])', { op: 'touch', range: { name: 'buf', scope: 'app', sel: { kind: 'page', offset: 4096 } }, access: 'read' }, MAP]],
  write: [['task', 'write(buf, data=zero)', { op: 'touch', range: whole('buf'), access: 'write', data: { kind: 'zero' } }, MAP]],
  move_pages: [
    ['task', 'move_pages(buf[0:32M], 2)', { op: 'move_pages', range: { name: 'buf', scope: 'app', sel: { kind: 'bytes', start: 0, end: 32 << 20 } }, node: n(2), flags: 0 }, MAP],
    ['task', 'move_pages(buf, 1, MPOL_MF_MOVE_ALL)', { op: 'move_pages', range: whole('buf'), node: n(1), flags: MPOL_MF.MPOL_MF_MOVE_ALL }, MAP],
  ],
  migrate_pages: [['task', 'migrate_pages({0, 1}, 2)', { op: 'migrate_pages', from: set(0, 1), to: set(2) }]],
  madvise: [['task', 'madvise(buf, MADV_COLD)', { op: 'madvise', range: whole('buf'), advice: 'MADV_COLD' }, MAP]],
  mlock: [['task', 'mlock(buf)', { op: 'mlock', range: whole('buf') }, MAP]],
  munlock: [['task', 'munlock(buf)', { op: 'munlock', range: whole('buf') }, MAP]],
  mprotect: [['task', 'mprotect(buf, none)', { op: 'mprotect', range: whole('buf'), prot: 'none' }, MAP]],
  pin: [
    ['task', 'pin(buf, longterm)', { op: 'pin', range: whole('buf'), longterm: true }, MAP],
    ['task', 'pin(buf)', { op: 'pin', range: whole('buf'), longterm: false }, MAP],
  ],
  unpin: [['task', 'unpin(buf)', { op: 'unpin', range: whole('buf') }, MAP]],
  exit: [['task', 'exit()', { op: 'exit' }]],
  alloc_pages_node: [
    ['kernel', 'p = alloc_pages_node(2, GFP_PRIVATE, 0)', { op: 'alloc_pages_node', nid: n(2), gfp: GC.GFP_PRIVATE, order: 0, count: 1 }],
    [
      'kernel',
      'p = alloc_pages_node(2, GFP_KERNEL | __GFP_PRIVATE, 9, nodemask={0, 2-3}, count=8192)',
      { op: 'alloc_pages_node', nid: n(2), gfp: GC.GFP_KERNEL | G.__GFP_PRIVATE, order: 9, count: 8192, nodemask: set(0, 2, 3) },
    ],
    ['kernel', 'p = alloc_pages_node(0, 0x400, 1)', { op: 'alloc_pages_node', nid: n(0), gfp: 0x400, order: 1, count: 1 }],
  ],
  alloc_pages: [['kernel', 'p = alloc_pages(GFP_HIGHUSER_MOVABLE, 0, count=4)', { op: 'alloc_pages', gfp: GC.GFP_HIGHUSER_MOVABLE, order: 0, count: 4 }]],
  kmalloc_node: [['kernel', 'p = kmalloc_node(128, GFP_ATOMIC, 1)', { op: 'kmalloc_node', size: 128, gfp: GC.GFP_ATOMIC, nid: n(1) }]],
  kvzalloc_node: [['kernel', 'p = kvzalloc_node(4K, GFP_KERNEL, 2)', { op: 'kvzalloc_node', size: 4096, gfp: GC.GFP_KERNEL, nid: n(2) }]],
  free_pages: [['kernel', 'free_pages(p)', { op: 'free_pages', handle: 'p' }, 'p = alloc_pages(GFP_KERNEL, 0)']],
  kswapd: [['kernel', 'kswapd(3)', { op: 'kswapd', nid: n(3) }]],
  reclaim: [['kernel', 'reclaim(0, 64M)', { op: 'reclaim', nid: n(0), size: 64 << 20 }]],
  compact: [['kernel', 'compact(2)', { op: 'compact', nid: n(2) }]],
  khugepaged: [['kernel', 'khugepaged()', { op: 'khugepaged' }]],
  ksm_scan: [['kernel', 'ksm_scan()', { op: 'ksm_scan' }]],
  numa_balancing_scan: [['kernel', 'numa_balancing_scan()', { op: 'numa_balancing_scan' }]],
  add_private_memory_driver_managed: [
    ['kernel', 'add_private_memory_driver_managed(7, 1G)', { op: 'add_private_memory_driver_managed', nid: n(7), size: 2 ** 30 }],
    [
      'kernel',
      'add_private_memory_driver_managed(7, 1G, ops=MIGRATION | DEMOTION, zone=movable)',
      { op: 'add_private_memory_driver_managed', nid: n(7), size: 2 ** 30, ops: NP_OPS.NP_OPS_MIGRATION | NP_OPS.NP_OPS_DEMOTION, zone: 'movable' },
    ],
  ],
  online_node: [['kernel', 'online_node(7)', { op: 'online_node', nid: n(7) }]],
  offline_node: [['kernel', 'offline_node(7)', { op: 'offline_node', nid: n(7) }]],
  node_private_set_ops: [
    ['kernel', 'node_private_set_ops(7, NP_OPS_MIGRATION | RECLAIM)', { op: 'node_private_set_ops', nid: n(7), ops: NP_OPS.NP_OPS_MIGRATION | NP_OPS.NP_OPS_RECLAIM }],
    ['kernel', 'node_private_set_ops(7, RECLAIM, callbacks=reclaim_policy | free_folio)', { op: 'node_private_set_ops', nid: n(7), ops: NP_OPS.NP_OPS_RECLAIM, callbacks: ['reclaim_policy', 'free_folio'] }],
  ],
  set_cpuset_mems: [['kernel', 'set_cpuset_mems(web, 0-1)', { op: 'set_cpuset_mems', cgroup: 'web', mems: set(0, 1) }]],
  migrate_folios_to_node: [
    ['kernel', 'migrate_folios_to_node(app.buf[0:32M], 2)', { op: 'migrate_folios_to_node', range: { name: 'buf', scope: 'app', sel: { kind: 'bytes', start: 0, end: 32 << 20 } }, nid: n(2) }, '', `task app cpu 0 {\n${MAP}\n}\n`],
    ['driver', 'migrate_folios_to_node(app.buf, 1)', { op: 'migrate_folios_to_node', range: whole('buf'), nid: n(1) }, '', `task app cpu 0 {\n${MAP}\n}\n`],
  ],
  memory_failure: [
    ['kernel', 'memory_failure(2)', { op: 'memory_failure', nid: n(2), count: 1 }],
    ['kernel', 'memory_failure(2, count=16)', { op: 'memory_failure', nid: n(2), count: 16 }],
  ],
  kzalloc_node: [['kernel', 'w = kzalloc_node(128, GFP_KERNEL, 2)', { op: 'kzalloc_node', size: 128, gfp: GC.GFP_KERNEL, nid: n(2) }]],
  vmalloc_node: [['kernel', 'v = vmalloc_node(64K, 1)', { op: 'vmalloc_node', size: 65536, nid: n(1) }]],
  folio_alloc: [
    ['kernel', 'f = folio_alloc(GFP_KERNEL, 2)', { op: 'folio_alloc', gfp: GC.GFP_KERNEL, order: 2, count: 1 }],
    ['kernel', 'f = folio_alloc(GFP_HIGHUSER_MOVABLE, 0, nid=2, zonelist=private, count=8)', { op: 'folio_alloc', gfp: GC.GFP_HIGHUSER_MOVABLE, order: 0, nid: n(2), zonelist: 'private', count: 8 }],
  ],
  folio_alloc_node_private: [
    ['driver', 'p = folio_alloc_node_private(GFP_KERNEL | __GFP_THISNODE, 0, 2, count=4)', { op: 'folio_alloc_node_private', gfp: GC.GFP_KERNEL | GFP.__GFP_THISNODE, order: 0, nid: n(2), count: 4 }],
  ],
  pagetable_alloc: [
    ['task', 'pt = pagetable_alloc(count=16)', { op: 'pagetable_alloc', count: 16 }],
    ['kernel', 'pt = pagetable_alloc()', { op: 'pagetable_alloc', count: 1 }],
  ],
  set_nr_hugepages: [
    ['kernel', 'h = set_nr_hugepages(8)', { op: 'set_nr_hugepages', count: 8 }],
    ['kernel', 'h = set_nr_hugepages(4, node=2)', { op: 'set_nr_hugepages', count: 4, node: n(2) }],
  ],
  raise: [['device', 'raise(low)', { op: 'raise', level: 'low' }]],
  set_ratio: [['device', 'set_ratio(1.5)', { op: 'set_ratio', ratio: 1.5 }]],
  fill: [['device', 'fill(95%)', { op: 'fill', percent: 0.95 }]],
};

describe('lowering of every call', () => {
  const statementCalls = CALLS.filter(isStatementCall).map((c) => c.name);

  it('has a builder and a test case for every statement call of the signature table', () => {
    assert.deepStrictEqual([...BUILT_CALLS].sort(), [...statementCalls].sort());
    assert.deepStrictEqual(Object.keys(CASES).sort(), [...statementCalls].sort());
  });

  for (const [name, cases] of Object.entries(CASES)) {
    for (const [block, line, expected, setup, before] of cases) {
      it(`${name}: ${line}`, () => {
        assert.deepStrictEqual(lowerOne(block, line, setup, before), expected);
      });
    }
  }

  it('a kernel block names a task\'s mapping as TASK.VAR: a bare name is reported with the qualified one as the fix', () => {
    const r = analyzeText(`${PRELUDE}task app cpu 0 {\n${MAP}\n}\nkernel {\nmigrate_folios_to_node(buf, 2)\n}\n`);
    assert.deepStrictEqual(
      r.diagnostics.map((d) => [d.code, d.message, (d.data as { suggestion?: string } | undefined)?.suggestion]),
      [['unknown-name', "a kernel block names a task's memory as `TASK.VAR`: write `app.buf`", 'app.buf']],
    );
    const none = analyzeText(`${PRELUDE}kernel {\nmigrate_folios_to_node(nothing, 2)\n}\n`);
    assert.match(none.diagnostics[0].message, /`nothing` is not a mapping of any task above/);
  });

  it('lowers V[OFFSET] = VALUE to a poke of that page', () => {
    assert.deepStrictEqual(lowerOne('task', 'buf[8K] = 255', MAP), { op: 'poke', range: { name: 'buf', scope: 'app', sel: { kind: 'page', offset: 8192 } }, value: 255 });
  });

  it('lowers loops with their variable as a node reference', () => {
    const r = analyzeText(`${PRELUDE}kernel {\n for_each_node_state(n, N_MEMORY) p = alloc_pages_node(n, GFP_KERNEL, 0)\n repeat 3 { kswapd(0) }\n}`);
    assert.deepStrictEqual(r.diagnostics, []);
    const body = strip((r.program.items[0] as ir.KernelBlock).body);
    assert.deepStrictEqual(body, [
      { kind: 'for_each', iter: 'node_state', var: 'n', state: 'N_MEMORY', body: [{ kind: 'call', call: { op: 'alloc_pages_node', nid: { var: 'n' }, gfp: GC.GFP_KERNEL, order: 0, count: 1 }, assign: { name: 'p' } }] },
      { kind: 'repeat', count: 3, body: [{ kind: 'call', call: { op: 'kswapd', nid: n(0) } }] },
    ]);
  });
});

describe('bare numbers as flags', () => {
  function diagnose(block: 'task' | 'kernel', line: string) {
    const header = block === 'task' ? 'task app cpu 0 {' : 'kernel {';
    const text = `${PRELUDE}${header}\n${block === 'task' ? MAP : ''}\n${line}\n}\n`;
    const r = analyzeText(text);
    return { r, found: r.diagnostics.map((d) => ({ code: d.code, text: text.slice(d.span.start, d.span.end), message: d.message, suggestion: d.data?.suggestion })) };
  }

  it('mbind(b, MODE, 0,2): the unbraced `2` is not taken as MPOL_MF_MOVE; the fix braces the node list', () => {
    const { r, found } = diagnose('task', 'mbind(buf, MPOL_BIND, 0,2)');
    assert.deepStrictEqual(found.map((f) => [f.code, f.text, f.suggestion]), [['invalid-argument', '0,2', '{0, 2}']]);
    assert.match(found[0].message, /`2` is taken as mbind's MF flags \(2 = `MPOL_MF_MOVE`\).*`\{0, 2\}`/);
    // the statement does not run with a guess
    assert.strictEqual((r.program.items[0] as ir.TaskBlock).body[1].kind, 'error');
  });

  it('a bare number in MF, GFP or NP_OPS flags names the flags it stands for when it can', () => {
    const cases: [('task' | 'kernel'), string, string, string | undefined][] = [
      ['task', 'mbind(buf, MPOL_BIND, {0, 2}, 3)', '3', 'MPOL_MF_STRICT | MPOL_MF_MOVE'],
      ['task', 'move_pages(buf, 2, 4)', '4', 'MPOL_MF_MOVE_ALL'],
      ['task', 'mbind(buf, MPOL_BIND, {0, 2}, 8)', '8', undefined],
      ['kernel', 'p = alloc_pages_node(0, 208, 0)', '208', undefined],
      ['kernel', 'node_private_set_ops(2, 3)', '3', 'NP_OPS_MIGRATION | NP_OPS_MEMPOLICY'],
    ];
    for (const [block, line, text, suggestion] of cases) {
      const { found } = diagnose(block, line);
      assert.deepStrictEqual(found.map((f) => [f.code, f.text, f.suggestion]), [['invalid-argument', text, suggestion]], line);
      assert.match(found[0].message, /is a bare number where .* flags go.*hex \(`0x/, line);
    }
  });

  it('0 (no flags), hex masks and numbers inside a flag expression stay allowed', () => {
    assert.strictEqual((lowerOne('task', 'mbind(buf, MPOL_BIND, 0, 0)', MAP) as { flags: number }).flags, 0);
    assert.strictEqual((lowerOne('task', 'mbind(buf, MPOL_BIND, 0, 0x2)', MAP) as { flags: number }).flags, MPOL_MF.MPOL_MF_MOVE);
    assert.strictEqual((lowerOne('task', 'mbind(buf, MPOL_BIND, {0, 2}, MPOL_MF_MOVE | 1)', MAP) as { flags: number }).flags, MPOL_MF.MPOL_MF_MOVE | MPOL_MF.MPOL_MF_STRICT);
    assert.strictEqual((lowerOne('kernel', 'p = alloc_pages_node(0, 0xcc0, 0)') as { gfp: number }).gfp, 0xcc0);
  });
});
