/**
 * The split of Mm (docs/adr/0010-kernel-state.md): the kernel state is one object, the run's
 * instruments another, and Mm holds nothing else. The field lists are spelled out so that a new
 * field is a visible decision (kernel state travels with a snapshot, the run context does not).
 */
import * as assert from 'assert';
import { KernelState, Mm } from '../../server/src/mm/machine';
import { RunContext } from '../../server/src/mm/run_context';
import { builtinDesigns } from '../../server/src/model/designs/builtins';

const KERNEL_FIELDS = [
  'cgroups',
  'cpumasksPopulated',
  'demotionCache',
  'distances',
  'handles',
  'leaks',
  'mappingIds',
  'nodes',
  'panicked',
  'pendingKswapd',
  'privateZonelistCache',
  'rng',
  'rootMemsCache',
  'sortedCache',
  'stampCounter',
  'stat',
  'swapTotal',
  'swapUsed',
  'sysctls',
  'tasks',
  'zonelistCache',
  'zswap',
];
const RUN_FIELDS = ['currentSpan', 'deadline', 'diagnostics', 'leakDiag', 'lost', 'oomEvents', 'placedCount', 'placedOwners', 'placements', 'staticDiagnostics', 'tallies', 'timedOut', 'tracer'];

describe('Mm = KernelState + RunContext', () => {
  const mm = new Mm(builtinDesigns().stock.design);

  it('Mm holds no state of its own: the design, the kernel, the run', () => {
    assert.deepStrictEqual(Object.keys(mm).sort(), ['design', 'kernel', 'run']);
    assert.ok(mm.kernel instanceof KernelState);
    assert.ok(mm.run instanceof RunContext);
  });

  it('the kernel state and the run context have the listed fields', () => {
    assert.deepStrictEqual(Object.keys(new KernelState()).sort(), KERNEL_FIELDS);
    assert.deepStrictEqual(Object.keys(new RunContext()).sort(), RUN_FIELDS);
  });

  it("Mm's accessors read and write the two objects", () => {
    mm.swapUsed += 5;
    assert.strictEqual(mm.kernel.swapUsed, 5);
    mm.panicked = 'x';
    assert.strictEqual(mm.kernel.panicked, 'x');
    mm.currentSpan = { start: 3, end: 4 };
    assert.deepStrictEqual(mm.run.currentSpan, { start: 3, end: 4 });
    mm.emit('inferred', 'm');
    assert.strictEqual(mm.run.diagnostics.length, 1);
    assert.strictEqual(mm.kernel.stat, mm.stat);
    assert.strictEqual(mm.run.tracer, mm.tracer);
  });

  it('the PRNG position is kernel state: a copy of it continues the same sequence', () => {
    const a = new Mm(builtinDesigns().stock.design);
    a.random();
    const b = new Mm(builtinDesigns().stock.design);
    b.kernel.rng.state = a.kernel.rng.state;
    assert.strictEqual(a.random(), b.random());
  });
});

