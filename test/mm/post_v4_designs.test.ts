/**
 * The post-v4 variant designs of the prelude (TN nofallback_only, DF folio_only, MA
 * memalloc_scope, v5 private_v5, R1 memory_public, R2 memory_common): the three leaks
 * the thread and the reviewers named, and what the variant choices lower to.
 */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { builtinDesigns } from '../../server/src/model/designs/builtins';
import { failedExpectations, runText } from './helpers';

const MACHINE = `node 0 dram 2G cpus 0-3
node 1 dram 2G cpus 4-7
node 2 cxl 1G private device A caps RECLAIM | USER_NUMA
node 3 cxl 1G private device B caps RECLAIM | USER_NUMA
`;
const leaks = (text: string, design: string) => runText(text, design).run.diagnostics.filter((d) => d.code === 'private-leak').map((d) => d.message);

describe('post-v4 variant designs', () => {
  it('the slub THISNODE leak under nofallback_only (TN): kmalloc_node(P, GFP_KERNEL) lands on P through slab\'s own THISNODE try', () => {
    const text = `${MACHINE}kernel "alloc_node_nr_active" {\n  s = kmalloc_node(64, GFP_KERNEL, 2)\n}\n`;
    const tn = leaks(text, 'nofallback_only');
    assert.strictEqual(tn.length, 1);
    assert.match(tn[0], /1 page\(s\) of kernel:s reached private node 2 through .*kmalloc_node.*\[slub: THISNODE try on node 2\].*__GFP_THISNODE named it.*\[inferred\]/);
    for (const d of ['private_v4', 'folio_only', 'memalloc_scope', 'private_v5', 'memory_public', 'memory_common']) assert.deepStrictEqual(leaks(text, d), [], d);
    // the same kernel with the v4-era slab model: no try, no leak (private_soft leaks for another reason: no gate)
    assert.deepStrictEqual(leaks(text, 'private_v4'), []);
  });

  it('the hugetlb leak under folio_only (DF): pool growth is folio + THISNODE, exactly what DF admits', () => {
    const text = `${MACHINE}kernel {\n  h = set_nr_hugepages(2, node=2)\n}\n`;
    const df = leaks(text, 'folio_only');
    assert.strictEqual(df.length, 1);
    assert.match(df[0], /1024 page\(s\) of hugetlb:h reached private node 2 .*a hugetlb allocation that did not ask for a private node \(__GFP_THISNODE named it\) \[inferred\]/);
    for (const d of ['private_v4', 'memalloc_scope', 'private_v5', 'memory_common']) assert.deepStrictEqual(leaks(text, d), [], d);
    // R1: placed on P because A has USER_NUMA, and not a leak
    const r1 = runText(`${text.replace('}\n', '  expect pages(h, 2) == 1024\n  expect no leak\n}\n')}`, 'memory_public');
    assert.deepStrictEqual(failedExpectations(r1), []);
  });

  it('the device-B leak: A\'s allocation with a fallback path spills onto B\'s node under the scoped and zonelist-selector variants, never under R2', () => {
    const text = `${MACHINE.replace(/1G private/g, '64M private')}driver A {
  memalloc_private {
    full = folio_alloc(GFP_HIGHUSER_MOVABLE | __GFP_THISNODE, 0, nid=2, zonelist=private, count=16384)
    spill = folio_alloc(GFP_HIGHUSER_MOVABLE, 0, nid=2, zonelist=private, count=8)
  }
  last = folio_alloc_node_private(GFP_HIGHUSER_MOVABLE | __GFP_THISNODE, 0, 2, count=20000)
}
`;
    for (const d of ['memalloc_scope', 'private_v5', 'memory_public']) {
      const l = leaks(text, d);
      assert.ok(l.some((m) => /device A's allocation reached node 3, which device B owns/.test(m)), `${d}: ${l.join('\n')}`);
    }
    for (const d of ['memory_common', 'nofallback_only', 'folio_only']) assert.deepStrictEqual(leaks(text, d), [], d);
  });

  it('every prelude variant lowers to its mechanism choices; the mail-only ones carry the inferred mark', () => {
    const defs = builtinDesigns();
    const v = (n: string) => defs[n].design.variant;
    assert.deepStrictEqual(v('nofallback_only'), { admits: 'lists', ownFallback: 'normal-only', ownNofallback: 'self', slab: 'thisnode-try', inferred: true });
    assert.strictEqual(v('folio_only')?.admits, 'folio-thisnode');
    assert.strictEqual(v('memalloc_scope')?.admits, 'scope');
    assert.strictEqual(v('memalloc_scope')?.privateInFallback, true);
    assert.deepStrictEqual(v('private_v5'), { admits: 'private-zonelist', ownFallback: 'normal-only', ownNofallback: 'none', privateZonelist: true, slab: 'thisnode-try' });
    assert.strictEqual(v('memory_public')?.hugetlbNeedsUserNuma, true);
    assert.strictEqual(v('memory_common')?.nodePrivateAllocator, true);
    for (const n of ['nofallback_only', 'folio_only', 'memalloc_scope']) assert.match(defs[n].doc ?? '', /inferred/i, n);
    for (const n of ['stock', 'private_v4', 'private_soft', 'private_nofallback', 'spm_v2', 'zone_device', 'private_latest']) assert.strictEqual(v(n), undefined, n);
  });

  it('longterm_pin: v4 migrates a private folio away then pins; v5 (fail) refuses the pin and the folio stays; MA migrates off P, not onto it', () => {
    const text = `${MACHINE}task t cpu 0 {\n  b = mmap(4M)\n  touch(b)\n  move_pages(b, 2)\n  pin(b, longterm)\n  expect pages(b, 0) == 100% under private_v4, memalloc_scope\n  expect error ENOMEM under private_v5\n  expect pages(b, 2) == 100% under private_v5\n}\n`;
    for (const d of ['private_v4', 'memalloc_scope', 'private_v5']) {
      const r = runText(text, d);
      assert.deepStrictEqual(failedExpectations(r), [], d);
      assert.deepStrictEqual(leaks(text, d), [], `${d}: the pin's migration is not a leak`);
    }
    assert.strictEqual(builtinDesigns().private_v5.design.longtermPin, 'fail');
    assert.strictEqual(builtinDesigns().private_v4.design.longtermPin, undefined, 'absent: migrate');
    assert.ok(builtinDesigns().memory_common.design.inferred.has('longtermPin'));
  });

  it('collapse: MADV_COLLAPSE over private folios is EINVAL under v4 and R1, collapses under v5 with USER_NUMA only', () => {
    const text = (caps: string) => `node 0 dram 2G cpus 0-3\nnode 2 cxl 1G private device A caps ${caps}\ntask t cpu 0 {\n  h = mmap(4M)\n  touch(h)\n  move_pages(h, 2)\n  madvise(h, MADV_COLLAPSE)\n}\n`;
    const outcome = (caps: string, d: string) => {
      const r = runText(text(caps), d);
      return { einval: r.run.diagnostics.some((x) => /EINVAL/.test(x.message) && /MADV_COLLAPSE/.test(x.message)), collapsed: r.run.stats.thp_collapse_alloc };
    };
    assert.deepStrictEqual(outcome('RECLAIM | USER_NUMA', 'private_v5'), { einval: false, collapsed: 2 });
    assert.deepStrictEqual(outcome('RECLAIM | USER_NUMA', 'private_v4'), { einval: true, collapsed: 0 });
    assert.deepStrictEqual(outcome('RECLAIM | USER_NUMA', 'memory_public'), { einval: true, collapsed: 0 });
    assert.deepStrictEqual(outcome('RECLAIM | USER_NUMA', 'stock'), { einval: false, collapsed: 2 }, 'stock: ordinary memory');
  });

  it('cpuset: v5 ignores private nodes (mbind onto P from a cpuset without it), R1 refuses a private-only cpuset.mems, v4 grants', () => {
    const text = `${MACHINE}cgroup pub mems 0\nkernel { set_cpuset_mems(pub, 2) }\ntask t cpu 0 cgroup pub {\n  b = mmap(4M)\n  mbind(b, MPOL_BIND, 2)\n  touch(b)\n}\n`;
    const outcome = (d: string) => {
      const r = runText(text, d);
      const errs = r.run.diagnostics.filter((x) => /EINVAL/.test(x.message)).map((x) => (/set_cpuset_mems/.test(x.message) ? 'write' : /mbind/.test(x.message) ? 'mbind' : x.message));
      return { errs, onP: r.run.mappings.find((m) => m.name === 'b')?.pages['2'] ?? 0 };
    };
    assert.deepStrictEqual(outcome('private_v5'), { errs: [], onP: 1024 }, 'v5: the write is accepted (P never effective) and the bind works anyway');
    assert.deepStrictEqual(outcome('memory_public'), { errs: ['write', 'mbind'], onP: 0 }, 'R1: refused, so P is not granted');
    assert.deepStrictEqual(outcome('private_v4'), { errs: [], onP: 1024 }, 'v4: {P} only gives {0, 1} plus P');
  });

  it('boot_private: only R1 (boot_param private_node) makes the node private from boot; a CPU node is refused', () => {
    const text = 'node 0 dram 2G cpus 0-3\nnode 4 cxl 1G boot_private caps RECLAIM | USER_NUMA\nnode 5 cxl 1G boot_private cpus 4\nkernel {\n  h = kmalloc_node(4K, GFP_KERNEL, 4)\n  k = kmalloc_node(4K, GFP_KERNEL, 5)\n}\n';
    const where = (d: string) => Object.fromEntries(runText(text, d).run.nodes.filter((n) => n.id >= 4).map((n) => [n.id, n.state]));
    assert.deepStrictEqual(where('memory_public'), { 4: 'private', 5: 'normal' });
    assert.deepStrictEqual(where('private_v5'), { 4: 'normal', 5: 'normal' });
    assert.ok(runText(text, 'memory_public').staticDiagnostics.some((d) => /private_node=5 is refused for a node that owns CPUs/.test(d.message)));
  });

  it('a second hot-added range: the same ops join, other ops are EBUSY (v4 and every variant)', () => {
    const text = 'node 0 dram 2G cpus 0-3\nnode 2 cxl 2G private offline\nkernel {\n  add_private_memory_driver_managed(2, 256M, ops=MIGRATION | MEMPOLICY)\n  add_private_memory_driver_managed(2, 256M, ops=MIGRATION | MEMPOLICY)\n  add_private_memory_driver_managed(2, 256M, ops=MIGRATION | DEMOTION)\n  expect error EBUSY\n  expect free(2) == 512M\n}\n';
    for (const d of ['private_v4', 'private_v5', 'memory_common']) assert.deepStrictEqual(failedExpectations(runText(text, d)), [], d);
  });

  it('move_pages(RANGE) queries: a page on a private node not opted for user migration reports ENOENT, an opted one its node', () => {
    const text = 'node 0 dram 2G cpus 0-3\nnode 2 cxl 1G private ops DEMOTION | RECLAIM callbacks migrate_to\nnode 3 cxl 1G private caps RECLAIM | USER_NUMA\ntask t cpu 0 {\n  d = mmap(4M)\n  touch(d)\n  move_pages(d[0:2M], 3)\n  move_pages(d)\n  expect status(d, 3) == 50%\n  expect status(d, 0) == 50%\n  expect status(d[0:2M], 3) == 0\n}\n';
    for (const d of ['private_v4', 'private_v5', 'stock']) assert.deepStrictEqual(failedExpectations(runText(text, d)), [], d);
    const r = runText(text, 'private_v4');
    assert.match(r.run.expectations[2].actual ?? '', /no move_pages query of this range/, 'a sub-range that was not queried itself reads no status');
  });

  it('the design-evolution sample folder holds every matrix row and idea it claims (README table)', () => {
    const dir = path.join(__dirname, '../../sample-workspaces/design-evolution');
    const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
    for (const m of readme.matchAll(/\| (\d+) \| `([a-z-]+\.mmlab)` \|/g)) {
      const text = readFileSync(path.join(dir, m[2]), 'utf8');
      assert.match(text, new RegExp(`idea ${m[1]}\\b`), `idea ${m[1]} in ${m[2]}`);
    }
  });
});
