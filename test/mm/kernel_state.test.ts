/**
 * The split of Mm (docs/adr/0010-kernel-state.md): the kernel state is one object, the run's
 * instruments another, and Mm holds nothing else. The field lists are spelled out so that a new
 * field is a visible decision (kernel state travels with a snapshot, the run context does not).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { buildNodes, KernelState, Mm } from '../../server/src/mm/machine';
import { Interpreter } from '../../server/src/run/interpreter';
import { lower } from '../../server/src/model/lower';
import { parse } from '../../server/src/syntax/parser';
import { runText } from './helpers';
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
const RUN_FIELDS = ['currentSpan', 'deadline', 'diagnostics', 'leakDiag', 'oomEvents', 'placements', 'staticDiagnostics', 'timedOut', 'tracer'];

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

/**
 * Every own field of every object reachable from `v`, as plain data: class instances keep their
 * class name, Maps and Sets their entries, a second path to an object becomes a reference to
 * the first (so sharing inside the state is compared too), functions are only marked.
 */
function dump(v: unknown, seen = new Map<object, string>(), path = '$'): unknown {
  if (typeof v === 'function') return '[function]';
  if (v === undefined) return '[undefined]';
  if (v === null || typeof v !== 'object') return v;
  const ref = seen.get(v);
  if (ref) return { ref };
  seen.set(v, path);
  if (v instanceof Map) return { Map: [...v].map(([k, x], i) => [dump(k, seen, `${path}<${i}k>`), dump(x, seen, `${path}<${i}>`)]) };
  if (v instanceof Set) return { Set: [...v].map((x, i) => dump(x, seen, `${path}{${i}}`)) };
  if (Array.isArray(v)) return v.map((x, i) => dump(x, seen, `${path}[${i}]`));
  const out: Record<string, unknown> = { class: v.constructor?.name };
  for (const k of Object.keys(v)) if (k !== 'sortedCache') out[k] = dump((v as Record<string, unknown>)[k], seen, `${path}.${k}`);
  return out;
}

/** the sample scenarios, each under its own design */
function samples(): string[] {
  const root = path.join(__dirname, '../../sample-workspaces');
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.name.endsWith('.mmlab') && e.name !== 'designs.mmlab') out.push(path.join(d, e.name));
    }
  };
  walk(root);
  return out.sort();
}

describe('KernelState.clone: a snapshot at a statement boundary', function () {
  this.timeout(300_000);
  const proto = Interpreter.prototype as unknown as { runItem(this: { mm: Mm }, item: unknown): void };
  const runItem = proto.runItem;
  afterEach(() => {
    proto.runItem = runItem;
  });

  it('every sample scenario gives the same run when each block runs on a fresh copy, and the copied-from state never changes after', () => {
    const files = samples();
    assert.ok(files.length >= 40, `${files.length} samples`);
    let boundaries = 0;
    let cram = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      proto.runItem = runItem;
      const plain = JSON.stringify(runText(text).run);
      let previous: { kernel: KernelState; dump: string } | undefined;
      proto.runItem = function (item) {
        // the state left behind must be exactly as it was when it was copied
        if (previous) assert.strictEqual(JSON.stringify(dump(previous.kernel)), previous.dump, `${f}: a copy shares state with its original`);
        const before = JSON.stringify(dump(this.mm.kernel));
        const copy = this.mm.kernel.clone();
        assert.strictEqual(JSON.stringify(dump(copy)), before, `${f}: the copy differs from its original`);
        previous = { kernel: this.mm.kernel, dump: before };
        this.mm.kernel = copy;
        boundaries++;
        if ([...copy.nodes.values()].some((n) => n.service?.clone)) cram++;
        return runItem.call(this, item);
      };
      const copied = JSON.stringify(runText(text).run);
      assert.strictEqual(copied, plain, `${f}: the run on copies differs`);
      if (previous) assert.strictEqual(JSON.stringify(dump(previous.kernel)), previous.dump, `${f}: a copy shares state with its original`);
    }
    assert.ok(boundaries > 100, `${boundaries} boundaries`);
    assert.ok(cram > 10, `${cram} boundaries with a CRAM service`);
  });

  it('the check fails on a copy that shares a mutable part with its original; clone() does not', () => {
    const mm = new Mm(builtinDesigns().private_v4.design);
    buildNodes(mm, lower(parse('node 0 dram 1G cpus 0\nnode 1 cram 256M\n')).program.machine);
    mm.account(0, 't:a', 5);
    const before = JSON.stringify(dump(mm.kernel));
    // a copy that shares the NodeState objects: writing through it changes the original
    const shallow = Object.assign(new KernelState(), mm.kernel, { nodes: new Map(mm.kernel.nodes) });
    shallow.nodes.get(0)!.owners.get('t:a')!.pages = 6;
    assert.notStrictEqual(JSON.stringify(dump(mm.kernel)), before);
    mm.kernel.nodes.get(0)!.owners.get('t:a')!.pages = 5;
    assert.strictEqual(JSON.stringify(dump(mm.kernel)), before);
    const deep = mm.kernel.clone();
    assert.strictEqual(JSON.stringify(dump(deep)), before);
    deep.nodes.get(0)!.owners.get('t:a')!.pages = 7;
    deep.nodes.get(0)!.wmark.low = 1;
    deep.rng.next();
    assert.strictEqual(JSON.stringify(dump(mm.kernel)), before);
  });
});
