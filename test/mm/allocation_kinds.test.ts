/**
 * The post-v4 language and its emulator mechanics: allocation kinds (folio, slab,
 * vmalloc, page tables, hugetlb), memalloc scopes and interrupts, devices that own
 * private nodes, capabilities. The variant designs themselves are tested in
 * post_v4_designs.test.ts; here the v4-era designs and the variant filters alone.
 */
import * as assert from 'assert';
import { analyzeFull } from '../../server/src/analysis/analyze';
import { formatText } from '../../server/src/analysis/formatting';
import { hoverAt } from '../../server/src/analysis/hover';
import { variantGate, variantLeak } from '../../server/src/mm/designs/variant';
import { GFP } from '../../server/src/vocab/gfp';
import { codes, failedExpectations, runText } from './helpers';

const MACHINE = `node 0 dram 2G cpus 0-3
node 1 dram 2G cpus 4-7
node 2 cxl 1G private device A
node 3 cxl 1G private device B
`;

describe('devices own private nodes', () => {
  it('device A\'s allocation on device B\'s node is a leak even with __GFP_PRIVATE (v4) and a private-node design that gates nothing (soft)', () => {
    const text = `${MACHINE}driver A {
  q = alloc_pages_node(3, GFP_PRIVATE, 0)
  expect pages(q, 3) == 1 under private_v4, private_soft
  expect leak under private_v4, private_soft, private_nofallback
  expect no leak under stock
}
`;
    for (const d of ['private_v4', 'private_soft', 'private_nofallback', 'stock'] as const) assert.deepStrictEqual(failedExpectations(runText(text, d)), [], d);
    const r = runText(text, 'private_v4');
    assert.ok(r.run.diagnostics.some((x) => x.code === 'private-leak' && /device A's allocation reached node 3, which device B owns/.test(x.message)));
  });

  it('the owning driver\'s allocation on its own node is not a leak; the same call from generic kernel code or from an interrupt is', () => {
    const own = runText(`${MACHINE}driver A {\n  p = alloc_pages_node(2, GFP_KERNEL | __GFP_THISNODE, 0)\n  expect pages(p, 2) == 1\n  expect no leak\n}\n`, 'private_soft');
    assert.deepStrictEqual(failedExpectations(own), []);
    const generic = runText(`${MACHINE}kernel {\n  p = alloc_pages_node(2, GFP_KERNEL | __GFP_THISNODE, 0)\n  expect leak\n}\n`, 'private_soft');
    assert.deepStrictEqual(failedExpectations(generic), []);
    const irq = runText(`${MACHINE}driver A {\n  interrupt {\n    p = folio_alloc(GFP_ATOMIC | __GFP_THISNODE, 0, nid=2)\n  }\n  expect leak\n}\n`, 'private_soft');
    assert.deepStrictEqual(failedExpectations(irq), []);
  });

  it('driver NAME warns when no node declares the device; device on a non-private node is ignored with a warning', () => {
    const r = runText('node 0 dram 1G cpus 0\nnode 1 dram 1G device X\ndriver Z {\n  p = alloc_pages_node(0, GFP_KERNEL, 0)\n}\n');
    const msgs = r.staticDiagnostics.map((d) => d.message);
    assert.ok(msgs.some((m) => /no node declares `device Z`/.test(m)), msgs.join('\n'));
    assert.ok(msgs.some((m) => /node 1 is not `private`: a device owns private nodes only/.test(m)), msgs.join('\n'));
  });
});

describe('allocation kinds', () => {
  it('vmalloc_node takes one page per 4 KiB on the node\'s fallback list; kzalloc_node one slab page', () => {
    const r = runText(`${MACHINE}kernel {\n  v = vmalloc_node(64K, 1)\n  expect pages(v, 1) == 16\n  w = kzalloc_node(128, GFP_KERNEL, 0)\n  expect pages(w, 0) == 1\n}\n`, 'private_v4');
    assert.deepStrictEqual(failedExpectations(r), []);
  });

  it('hugetlb: the global pool grows round robin over N_MEMORY; a private node\'s own sysfs file reaches it with THISNODE (a leak without a gate)', () => {
    const text = `${MACHINE}kernel {
  g = set_nr_hugepages(8)
  expect pages(g, 0) == 2048 under private_v4, private_soft
  expect pages(g, 2) == 1024 under stock
  h = set_nr_hugepages(2, node=2)
  expect pages(h, 2) == 1024 under private_soft, stock
  expect pages(h, 2) == 0 under private_v4
  expect leak under private_soft
  expect no leak under private_v4
}
`;
    for (const d of ['private_v4', 'private_soft', 'stock'] as const) assert.deepStrictEqual(failedExpectations(runText(text, d)), [], d);
    assert.ok(codes(runText(text, 'private_v4')).includes('alloc-failed'), 'the pool ends smaller than asked');
  });

  it('hugetlb pages are GFP_HIGHUSER: a movable-only node never takes them', () => {
    const r = runText('node 0 dram 2G cpus 0\nnode 2 cxl 1G zone movable\nkernel {\n  h = set_nr_hugepages(2, node=2)\n  expect pages(h, 2) == 0\n}\n', 'stock');
    assert.deepStrictEqual(failedExpectations(r), []);
  });

  it('pagetable_alloc in a task follows the task policy (a BIND mask is the nodemask)', () => {
    const r = runText(`${MACHINE}task app cpu 0 {\n  set_mempolicy(MPOL_BIND, 1)\n  pt = pagetable_alloc(count=8)\n  expect pages(pt, 1) == 8\n}\n`, 'private_v4');
    assert.deepStrictEqual(failedExpectations(r), []);
  });

  it('folio_alloc_node_private is driver-only; zonelist=private is ignored by designs without a private zonelist', () => {
    const r = runText(`${MACHINE}kernel {\n  p = folio_alloc_node_private(GFP_KERNEL | __GFP_THISNODE, 0, 2)\n}\n`);
    assert.ok(r.staticDiagnostics.some((d) => /`folio_alloc_node_private` belongs in a driver block, not in a kernel block/.test(d.message)));
    const z = runText(`${MACHINE}kernel {\n  f = folio_alloc(GFP_KERNEL, 0, nid=1, zonelist=private)\n  expect pages(f, 1) == 1\n}\n`, 'private_v4');
    assert.deepStrictEqual(failedExpectations(z), []);
  });
});

describe('memalloc scopes and interrupts', () => {
  it('scopes belong in kernel and driver blocks', () => {
    const r = runText(`${MACHINE}task app cpu 0 {\n  memalloc_private {\n    buf = mmap(1M)\n  }\n}\n`);
    assert.ok(r.staticDiagnostics.some((d) => /`memalloc_private` is kernel context: it belongs in a kernel or driver block, not in a task block/.test(d.message)));
  });

  it('the v4-era designs ignore scopes: the statements inside run as written', () => {
    const r = runText(`${MACHINE}driver A {\n  memalloc_private {\n    memalloc_folio {\n      f = folio_alloc(GFP_HIGHUSER_MOVABLE, 0, nid=2, count=4)\n      expect pages(f, 0) == 4 under private_v4\n    }\n  }\n}\n`, 'private_v4');
    assert.deepStrictEqual(failedExpectations(r), []);
  });

  it('format indents scope and driver blocks', () => {
    const out = formatText('driver A {\nmemalloc_private {\ninterrupt {\nf = folio_alloc(GFP_ATOMIC, 0)\n}\n}\n}\n', { tabSize: 2, insertSpaces: true });
    assert.strictEqual(out, 'driver A {\n  memalloc_private {\n    interrupt {\n      f = folio_alloc(GFP_ATOMIC, 0)\n    }\n  }\n}\n');
  });
});

describe('the variant filters (designs/variant.ts), one choice at a time', () => {
  const P = { id: 2, state: 'private' as const };
  const T = GFP.__GFP_THISNODE;
  it('folio-thisnode admits a folio (or an allocation inside memalloc_folio) with __GFP_THISNODE, nothing else', () => {
    const v = { admits: 'folio-thisnode' as const };
    assert.strictEqual(variantGate(v, P, T, { kind: 'folio' }), undefined);
    assert.strictEqual(variantGate(v, P, T, { kind: 'hugetlb' }), undefined);
    assert.strictEqual(variantGate(v, P, T, { kind: 'page', scopeFolio: true }), undefined);
    assert.match(variantGate(v, P, T, { kind: 'slab' })!, /not a folio/);
    assert.match(variantGate(v, P, 0, { kind: 'folio' })!, /without __GFP_THISNODE/);
  });
  it('scope admits what runs inside memalloc_private, except non-folio allocations inside memalloc_folio', () => {
    const v = { admits: 'scope' as const, inferred: true };
    assert.match(variantGate(v, P, T, { kind: 'folio' })!, /outside memalloc_private.*\[inferred\]/);
    assert.strictEqual(variantGate(v, P, 0, { kind: 'folio', scopePrivate: true }), undefined);
    assert.strictEqual(variantGate(v, P, 0, { kind: 'slab', scopePrivate: true }), undefined);
    assert.match(variantGate(v, P, 0, { kind: 'pagetable', scopePrivate: true, scopeFolio: true })!, /inside memalloc_folio/);
  });
  it('private-zonelist and node-private admit only their own path; lists admit everything', () => {
    assert.strictEqual(variantGate({ admits: 'private-zonelist' }, P, 0, { kind: 'folio', zonelist: 'private' }), undefined);
    assert.ok(variantGate({ admits: 'private-zonelist' }, P, T, { kind: 'folio' }));
    assert.strictEqual(variantGate({ admits: 'node-private' }, P, T, { kind: 'folio', nodePrivate: true }), undefined);
    assert.ok(variantGate({ admits: 'node-private' }, P, T, { kind: 'folio', zonelist: 'private' }));
    assert.strictEqual(variantGate({ admits: 'lists' }, P, 0, { kind: 'slab' }), undefined);
    assert.strictEqual(variantGate({ admits: 'folio-thisnode' }, { id: 0, state: 'normal' }, 0, { kind: 'slab' }), undefined);
  });
  it('a page on a private node is a leak unless the caller meant it', () => {
    const v = { admits: 'lists' as const, privateZonelist: true, nodePrivateAllocator: true };
    assert.match(variantLeak(v, P, T, false, { kind: 'slab' })!, /slab allocation that did not ask for a private node \(__GFP_THISNODE named it\)/);
    assert.strictEqual(variantLeak(v, P, GFP.__GFP_PRIVATE, false, { kind: 'page' }), undefined);
    assert.strictEqual(variantLeak(v, P, 0, true, { kind: 'page' }), undefined);
    assert.strictEqual(variantLeak(v, P, 0, false, { kind: 'folio', zonelist: 'private' }), undefined);
    assert.strictEqual(variantLeak(v, P, T, false, { kind: 'folio', nodePrivate: true }), undefined);
  });
});

describe('capabilities', () => {
  it('DEMOTION without RECLAIM is refused at registration; USER_NUMA opens mbind on the node like NP_OPS_MEMPOLICY', () => {
    const bad = runText('node 0 dram 1G cpus 0\nnode 2 cxl 1G private caps DEMOTION\n');
    assert.ok(bad.staticDiagnostics.some((d) => d.code === 'ops-rejected' && /DEMOTION requires RECLAIM/.test(d.message)));
    const ok = runText('node 0 dram 1G cpus 0\nnode 2 cxl 1G private caps RECLAIM | USER_NUMA\ntask app cpu 0 {\n  buf = mmap(4M)\n  mbind(buf, MPOL_BIND, 2)\n  expect ok\n  touch(buf)\n  expect pages(buf, 2) == 100%\n}\n', 'private_v4');
    assert.deepStrictEqual(ok.staticDiagnostics, []);
    assert.deepStrictEqual(failedExpectations(ok), []);
  });

  it('an unknown capability is an unknown-flag with a suggestion; hovers name the capability and its source', () => {
    const r = runText('node 0 dram 1G cpus 0\nnode 2 cxl 1G private caps USER_NUM\n');
    assert.ok(r.staticDiagnostics.some((d) => d.code === 'unknown-flag' && /USER_NUMA/.test(d.message)));
    const text = 'node 0 dram 1G cpus 0\nnode 2 cxl 1G private caps RECLAIM | LTPIN\n';
    const a = analyzeFull(text, { design: 'private_v4' });
    const md = hoverAt({ stat: a, run: a.run, design: 'private_v4', diagnostics: a.allDiagnostics }, text.indexOf('RECLAIM'))?.markdown ?? '';
    assert.match(md, /node capability `RECLAIM`/);
    assert.match(md, /Source: .*node_private\.h/);
  });
});
