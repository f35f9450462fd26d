/**
 * Step records kept as raw facts (run/stepLog.ts, ADR 0022) are built, when read, into exactly
 * the records the interpreter built eagerly: every sample under every design, with the default
 * records and with a record cap small enough that later executions update earlier records, is
 * run twice, once into the lazy log and once into the eager oracle (eagerStepLog.ts); the JSON
 * and the sharing between records (which objects are one object) must be the same. The node
 * snapshots, replayed from the machine's account() calls when read, are compared like the rest.
 */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import { DESIGNS } from '../../server/src/model/ir';
import { Span } from '../../server/src/common/span';
import { lower } from '../../server/src/model/lower';
import { Mm } from '../../server/src/mm/machine';
import { RunOptions, RunResult, StepRecord } from '../../server/src/mm/result';
import { formatEvents, formatLines, Tracer } from '../../server/src/mm/trace';
import { simulate } from '../../server/src/run/simulate';
import { StepLog } from '../../server/src/run/stepLog';
import { parse } from '../../server/src/syntax/parser';
import { faultScenario, largeScenario } from '../../bench/scenarios';
import { EagerStepLog, takeNow } from './eagerStepLog';
import { sampleFiles } from './editSequences';

function program(text: string) {
  const parsed = parse(text);
  const lowered = lower(parsed);
  return { program: lowered.program, staticDiagnostics: [...parsed.diagnostics, ...lowered.diagnostics] };
}

/** which records share each of their lists and objects: the index of the first record holding the same object */
function sharing(steps: StepRecord[]): string {
  const ids = new Map<object, number>();
  const id = (o: object, i: number): number => {
    const seen = ids.get(o);
    if (seen !== undefined) return seen;
    ids.set(o, i);
    return i;
  };
  return steps
    .map((s, i) => [id(s.placements, i), id(s.stats, i), id(s.nodes, i), s.nodes.map((n) => id(n, i)).join('/'), s.explain.length ? i : id(s.explain, i), s.events.length ? i : id(s.events, i)].join(','))
    .join(' ');
}

/** a run's JSON without the wall-clock cut, which depends on the machine */
const json = (r: RunResult): string => JSON.stringify(r);

type Check = (lazy: RunResult, eager: RunResult, what: string) => void;

const same: Check = (lazy, eager, what) => {
  assert.strictEqual(json(lazy), json(eager), `${what}: the records built from the log are the eager ones`);
  assert.strictEqual(sharing(lazy.steps), sharing(eager.steps), `${what}: the same records share the same objects`);
};

/** the records compared */
function compare(text: string, options: RunOptions, what: string, log: () => StepLog = () => new StepLog(), check: Check = same): number {
  const { program: p, staticDiagnostics } = program(text);
  const opts = { maxMs: 600_000, ...options, staticDiagnostics };
  const lazy = simulate(p, opts, { hooks: { records: log() } });
  const eager = simulate(p, opts, { hooks: { records: new EagerStepLog() } });
  check(lazy, eager, what);
  return eager.steps.length;
}

const samples = sampleFiles();

describe('step records built when read (run/stepLog.ts) are the eager ones', function () {
  this.timeout(600_000);

  it(`every sample (${samples.length}) under every design (${DESIGNS.length}), default records`, () => {
    assert.ok(samples.length >= 50, 'the samples are there');
    let steps = 0;
    for (const f of samples) {
      const text = readFileSync(f, 'utf8');
      for (const design of DESIGNS) steps += compare(text, { design }, `${f} under ${design}`);
    }
    assert.ok(steps > 5_000, `records compared (${steps})`);
  });

  it('every sample under every design with a record cap of 3 (later executions update earlier records), and without trace, explain or node states', () => {
    for (const f of samples) {
      const text = readFileSync(f, 'utf8');
      for (const design of DESIGNS) compare(text, { design, maxStepRecords: 3, maxSteps: 5_000 }, `${f} under ${design}, cap 3`);
      compare(text, { design: 'private_v4', trace: false, explain: false, stepNodes: false }, `${f}, bare records`);
    }
  });

  it('the generated scenarios: many chunks of records, a runaway loop past the cap (node states every 1024 executions)', () => {
    compare(largeScenario(3000), { design: 'private_v4' }, 'largeScenario(3000)');
    compare(faultScenario({ bulkGiB: 1, scattered: 2000 }), { design: 'private_v4', trace: false }, 'faultScenario');
    const loop = `
node 0 dram 4G cpus 0
node 1 dram 4G cpus 1
kernel {
  repeat 1000000000 {
    p = alloc_pages_node(0, GFP_KERNEL, 0)
    q = alloc_pages_node(1, GFP_KERNEL, 0, count=2)
    free_pages(q)
  }
}`;
    compare(loop, { design: 'stock', maxSteps: 9_000, maxStepRecords: 700 }, 'runaway loop');
  });

  it('a run that reads no record builds none; once read, the steps are a plain array, in their place among the fields, through JSON and structured clone alike', () => {
    const { program: p } = program(readFileSync(samples[0], 'utf8'));
    let built = 0;
    class Counting extends StepLog {
      override materialise(creators: ReadonlyMap<string, Span | null>): StepRecord[] {
        built++;
        return super.materialise(creators);
      }
    }
    const r = simulate(p, { design: 'private_v4' }, { hooks: { records: new Counting() } });
    assert.strictEqual(built, 0, 'nothing built while no one reads');
    assert.ok(Object.getOwnPropertyDescriptor(r, 'steps')?.get, 'an accessor until read');
    const cloned = structuredClone(r);
    assert.strictEqual(built, 1);
    assert.ok(Array.isArray(Object.getOwnPropertyDescriptor(r, 'steps')?.value), 'a plain array once read');
    assert.strictEqual(JSON.stringify(cloned), JSON.stringify(r));
    assert.strictEqual(built, 1, 'built once');
    const plain = simulate(p, { design: 'private_v4' }, { hooks: { records: new EagerStepLog() } });
    assert.deepStrictEqual(Object.keys(r), Object.keys(plain), 'the same fields in the same order');
    const replaced = simulate(p, { design: 'private_v4' });
    replaced.steps = [];
    assert.deepStrictEqual(replaced.steps, [], 'assignable like a field');
  });

  it('the tracer keeps texts and facts as lines and events: formatted when read as when taken, capped at 200 per step, optional arguments left out', () => {
    const withOptional = (a: number, b?: string): string => `${a}:${b === undefined ? 'none' : b}`;
    const pair = (a: string, b: number): string => `${a}=${b}`;
    const fill = (t: Tracer, n: number): void => {
      for (let i = 0; i < n; i++) {
        if (i % 3 === 0) t.line(`text ${i}`);
        else if (i % 3 === 1) t.fact(pair, `k${i}`, i);
        else t.fact(withOptional, i);
      }
    };
    const expected = (n: number): string[] => Array.from({ length: n }, (_, i) => (i % 3 === 0 ? `text ${i}` : i % 3 === 1 ? `k${i}=${i}` : `${i}:none`));
    for (const n of [0, 1, 5, 199, 200, 201, 450]) {
      const t = new Tracer(false);
      fill(t, n);
      const taken = takeNow(t).explain;
      fill(t, n);
      const kept: unknown[] = [];
      t.drain(kept, 0);
      const want = n <= 200 ? expected(n) : [...expected(200), '…'];
      assert.deepStrictEqual(taken, want, `${n} lines taken`);
      assert.deepStrictEqual(formatLines(kept, 0, kept.length), want, `${n} lines drained, formatted when read`);
      assert.deepStrictEqual(takeNow(t).explain, [], 'forgotten once drained');
    }
    const ev = new Tracer(true);
    const evText = (a: number, b: string, c: number): string => `${a}/${b}/${c}`;
    const fillEvents = (t: Tracer, n: number): void => {
      for (let i = 0; i < n; i++) {
        if (i % 2) t.event('tp', `text ${i}`);
        else t.eventFact('fact', evText, i, 'x', i * 2);
      }
    };
    const events = (n: number) => Array.from({ length: Math.min(n, 200) }, (_, i) => (i % 2 ? { tp: 'tp', text: `text ${i}` } : { tp: 'fact', text: `${i}/x/${i * 2}` }));
    for (const n of [0, 3, 200, 230]) {
      fillEvents(ev, n);
      assert.deepStrictEqual(takeNow(ev).events, events(n), `${n} events taken`);
      fillEvents(ev, n);
      const keptEvents: unknown[] = [];
      const end = ev.drainEvents(keptEvents, 0);
      assert.deepStrictEqual(formatEvents(keptEvents, 0, end), events(n), `${n} events drained, formatted when read`);
    }
    const off = new Tracer(false);
    off.explaining = false;
    fill(off, 10);
    assert.deepStrictEqual(takeNow(off).explain, [], 'nothing kept when no record keeps lines');
  });

  it('catches a log that builds different records, or the same records sharing differently (deliberate corruptions)', () => {
    const text = readFileSync(samples.find((f) => /cram/.test(f)) ?? samples[0], 'utf8');
    class DropsALine extends StepLog {
      override materialise(creators: ReadonlyMap<string, Span | null>): StepRecord[] {
        const steps = super.materialise(creators);
        const s = steps.find((x) => x.explain.length > 1);
        if (s) s.explain = s.explain.slice(1);
        return steps;
      }
    }
    class SharesNothing extends StepLog {
      override materialise(creators: ReadonlyMap<string, Span | null>): StepRecord[] {
        return super.materialise(creators).map((s) => ({ ...s, stats: { ...s.stats } }));
      }
    }
    class LosesAnAccount extends StepLog {
      private seen = 0;
      override account(nid: number, owner: string, delta: number, span: Span | undefined): void {
        // the node snapshots' replay misses one of the machine's account() calls
        if (++this.seen !== 3) super.account(nid, owner, delta, span);
      }
    }
    class KeepsAMutableObject extends StepLog {
      // an explain line kept as a fact whose argument is an object changed after its step (what
      // mm/trace.ts's Raw type forbids): formatted when read, it shows a later value
      override start(mm: Mm, stepNodes: boolean): void {
        super.start(mm, stepNodes);
        const tracer = mm.tracer;
        const fact = tracer.fact.bind(tracer) as (...args: unknown[]) => void;
        const shared = { n: 0, toString: () => String(shared.n) };
        (tracer as { fact: unknown }).fact = (format: unknown, ...args: unknown[]) => {
          const i = args.findIndex((x) => typeof x === 'number');
          if (i >= 0) {
            shared.n = args[i] as number;
            args[i] = shared;
          }
          fact(format, ...args);
        };
      }
    }
    for (const [name, Log] of [
      ['a dropped explain line', DropsALine],
      ['unshared stats', SharesNothing],
      ['a lost account() call', LosesAnAccount],
      ['a fact that keeps a mutable object', KeepsAMutableObject],
    ] as const)
      assert.throws(() => compare(text, { design: 'private_v4' }, name, () => new Log()), /AssertionError|records|share/, `${name} is caught`);
  });
});
