/**
 * The emulator never throws on a well-typed but hostile Program: random calls with
 * out-of-range node ids, zero/huge sizes, odd ratios and counts, under every design.
 * (The parser and lowering have their own fuzzing; this goes straight to simulate.)
 */
import * as assert from 'assert';
import fc from 'fast-check';
import { Call, DESIGNS, Program, Stmt } from '../../server/src/model/ir';
import { GFP, GFP_COMPOSITE } from '../../server/src/vocab/gfp';
import { simulate } from '../../server/src/run/simulate';
import { builtinDesigns } from '../../server/src/model/designs/builtins';

const sp = { start: 0, end: 1 };
const nodeId = fc.integer({ min: -2, max: 9 });
const ref = (n: number) => ({ const: n, span: sp });
const range = fc.record({
  name: fc.constantFrom('a', 'b', 'zz'),
  sel: fc.oneof(
    fc.constant({ kind: 'whole' as const }),
    fc.record({ kind: fc.constant('page' as const), offset: fc.integer({ min: 0, max: 1 << 26 }) }),
    fc.record({ kind: fc.constant('bytes' as const), start: fc.integer({ min: 0, max: 1 << 26 }), end: fc.integer({ min: 0, max: 1 << 27 }) }),
    fc.record({ kind: fc.constant('percent' as const), start: fc.double({ min: 0, max: 1, noNaN: true }), end: fc.double({ min: 0, max: 1.5, noNaN: true }) }),
  ),
  span: fc.constant(sp),
});
const gfp = fc.constantFrom(GFP_COMPOSITE.GFP_KERNEL, GFP_COMPOSITE.GFP_PRIVATE, GFP_COMPOSITE.GFP_HIGHUSER_MOVABLE, GFP.__GFP_THISNODE, GFP_COMPOSITE.GFP_NOWAIT, GFP.__GFP_SPM_NODE | GFP_COMPOSITE.GFP_KERNEL, 0);
const nodes = fc.array(nodeId, { maxLength: 4 }).map((ns) => ({ nodes: ns.map(ref), span: sp }));

const call: fc.Arbitrary<Call> = fc.oneof(
  fc.record({ op: fc.constant('mmap' as const), size: fc.integer({ min: 0, max: 1 << 30 }), backing: fc.constantFrom('anon' as const, 'file' as const, 'shmem' as const), shared: fc.boolean() }),
  fc.record({ op: fc.constant('malloc' as const), size: fc.integer({ min: 0, max: 1 << 30 }) }),
  fc.record({ op: fc.constant('touch' as const), range, access: fc.constantFrom('read' as const, 'write' as const), data: fc.constantFrom(undefined, { kind: 'zero' as const }, { kind: 'ratio' as const, ratio: 0.5 }) }),
  fc.record({ op: fc.constant('mbind' as const), range, mode: fc.integer({ min: -1, max: 8 }), modeFlags: fc.constantFrom(0, 1 << 15, 1 << 14, 3 << 14, 1 << 13), nodes, flags: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ op: fc.constant('set_mempolicy' as const), mode: fc.integer({ min: 0, max: 7 }), modeFlags: fc.constantFrom(0, 1 << 15), nodes }),
  fc.record({ op: fc.constant('move_pages' as const), range, node: nodeId.map(ref), flags: fc.constantFrom(0, 2, 8) }),
  fc.record({ op: fc.constant('migrate_pages' as const), from: nodes, to: nodes }),
  fc.record({ op: fc.constant('madvise' as const), range, advice: fc.constantFrom('MADV_PAGEOUT', 'MADV_COLD', 'MADV_DONTNEED', 'MADV_HUGEPAGE', 'BOGUS') }),
  fc.record({ op: fc.constant('pin' as const), range, longterm: fc.boolean() }),
  fc.record({ op: fc.constant('munmap' as const), target: range }),
  fc.record({ op: fc.constant('alloc_pages_node' as const), nid: nodeId.map(ref), gfp, order: fc.integer({ min: 0, max: 11 }), count: fc.integer({ min: 0, max: 70000 }) }),
  fc.record({ op: fc.constant('kvzalloc_node' as const), size: fc.integer({ min: 0, max: 1 << 22 }), gfp, nid: nodeId.map(ref) }),
  fc.record({ op: fc.constant('reclaim' as const), nid: nodeId.map(ref), size: fc.integer({ min: 0, max: 1 << 30 }) }),
  fc.record({ op: fc.constant('offline_node' as const), nid: nodeId.map(ref) }),
  fc.record({ op: fc.constant('add_private_memory_driver_managed' as const), nid: nodeId.map(ref), size: fc.integer({ min: 0, max: 1 << 30 }) }),
  fc.record({ op: fc.constant('node_private_set_ops' as const), nid: nodeId.map(ref), ops: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('memory_failure' as const), nid: nodeId.map(ref), count: fc.integer({ min: 0, max: 100000 }) }),
  fc.constant({ op: 'exit' as const }),
  fc.constant({ op: 'numa_balancing_scan' as const }),
  fc.record({ op: fc.constant('fill' as const), percent: fc.double({ min: 0, max: 1, noNaN: true }) }),
);

const stmt: fc.Arbitrary<Stmt> = fc.record({ kind: fc.constant('call' as const), call, assign: fc.constantFrom(undefined, { name: 'a', span: sp }, { name: 'b', span: sp }), span: fc.constant(sp) });

function program(body: Stmt[], kernelBody: Stmt[], deviceBody: Stmt[]): Program {
  return {
    designs: builtinDesigns(),
    machine: {
      nodes: [
        { id: 0, kind: 'dram', sizeBytes: 256 << 20, private: false, cpus: [0], zone: 'normal', offline: false, span: sp, attrSpans: {} },
        { id: 2, kind: 'cxl', sizeBytes: 64 << 20, private: true, cpus: [], ops: 3, zone: 'movable', offline: false, span: sp, attrSpans: {} },
        { id: 3, kind: 'cram', sizeBytes: 128 << 20, private: true, cpus: [], mediaBytes: 64 << 20, zone: 'normal', offline: false, span: sp, attrSpans: {} },
        { id: 4, kind: 'cxl', sizeBytes: 64 << 20, private: true, cpus: [], zone: 'normal', offline: true, span: sp, attrSpans: {} },
      ],
      distances: [],
      swapBytes: 64 << 20,
      cgroups: [{ name: 'g', mems: [0, 2], span: sp }],
      sysctls: [{ key: 'vm.demotion_enabled', value: 1, span: sp }],
    },
    items: [
      { kind: 'task', name: 't', cpu: 0, cgroup: 'g', body, span: sp, headerSpan: sp },
      { kind: 'kernel', body: kernelBody, span: sp, headerSpan: sp },
      { kind: 'device', node: 3, body: deviceBody, span: sp, headerSpan: sp },
      { kind: 'task', name: 't', body, span: sp, headerSpan: sp },
    ],
  };
}

describe('emulator robustness', function () {
  this.timeout(120_000);
  it('random well-typed programs never throw, under every design, and stay within the budget', () => {
    fc.assert(
      fc.property(fc.array(stmt, { maxLength: 10 }), fc.array(stmt, { maxLength: 6 }), fc.array(stmt, { maxLength: 3 }), fc.constantFrom(...DESIGNS), (b, k, d, design) => {
        const r = simulate(program(b, k, d), { design, maxSteps: 2000, maxMs: 3000 });
        assert.ok(r.executed <= 2001);
        for (const n of r.nodes) assert.ok(n.usedPages >= 0 && n.freePages >= 0 && n.usedPages <= n.capacityPages, JSON.stringify(n));
        for (const m of r.mappings) for (const [k, v] of Object.entries(m.pages)) assert.ok(v > 0 && (k === "swap" || Number(k) >= 0), JSON.stringify(m));
      }),
      { numRuns: 300, seed: 4242 },
    );
  });
});
