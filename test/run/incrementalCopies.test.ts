import * as assert from 'assert';
import * as path from 'path';
import { analyzeStatic, designFor, runProgram } from '../../server/src/analysis/analyze';
import { fingerprint, isFlat } from '../../server/src/mm/fork';
import { CopyAudit, IncrementalOptions, IncrementalRun, StateView } from '../../server/src/run/incremental';
import { longScenario, mismatchMessage, runSequence, sampleFiles, sequenceSpec } from './editSequences';

/**
 * Copies of the state share what did not change since the copy before (mm/fork.ts
 * IncrementalFork, ADR 0011). Its classic failure is a shared object that changes after it was
 * shared: a reused copy that no longer equals the state (a change the comparison missed), or a
 * kept copy that changes later (the run got hold of an object of a copy). The audit checks both
 * at every copy: a copy's fingerprint (every field, entry and side table, aliasing included) is
 * the state's when it is taken, and every kept copy keeps its fingerprint until it is dropped.
 */
const SEQUENCES = Number(process.env.MMLAB_AUDIT_SEQUENCES ?? 150);
const EDITS = 3;
const CROSS_SEQUENCES = Math.max(10, Math.round(SEQUENCES / 2));

/** a text span: never changed once made, so a copy may hold the span itself or an equal one (a diagnostic, shared, keeps the IR's) */
const isSpan = (o: object): boolean => Object.getPrototypeOf(o) === Object.prototype && Object.keys(o).join() === 'start,end';

/** the machine and the block's context are copied in one walk (aliasing kept); the interpreter's tables and records apart */
const fp = (v: StateView): string => {
  const shared = new Set<object>([v.mm.design, v.mm.run.staticDiagnostics]);
  return `${fingerprint({ mm: v.mm, ctx: v.ctx }, shared, isSpan)} | ${fingerprint({ rest: v.rest, records: v.records, expectations: v.expectations }, shared, isSpan)}`;
};

/** where two fingerprints part */
function parting(a: string, b: string): string {
  let i = 0;
  while (a[i] === b[i]) i++;
  return `at ${i}:\n  …${a.slice(Math.max(0, i - 300), i + 100)}\n  …${b.slice(Math.max(0, i - 300), i + 100)}`;
}

class Audit implements CopyAudit {
  readonly prints = new Map<StateView, string>();
  /** every copy taken, in order */
  readonly copies: StateView[] = [];
  checked = 0;
  taken(copy: StateView, live: StateView): void {
    const a = fp(copy);
    const b = fp(live);
    if (a !== b) throw new Error(`a copy differs from the state it copies: ${parting(a, b)}`);
    this.prints.set(copy, a);
    this.copies.push(copy);
  }
  kept(copies: StateView[]): void {
    for (const c of copies) {
      const now = fp(c);
      if (now !== this.prints.get(c)) throw new Error(`a kept copy changed after it was taken: ${parting(this.prints.get(c) ?? '', now)}`);
      this.checked++;
    }
  }
}


const run = (inc: IncrementalRun, text: string): string => {
  const stat = analyzeStatic(text);
  return JSON.stringify(runProgram(stat.program, stat.diagnostics, { design: designFor(stat) }, inc, text));
};

describe('incremental copies: a copy shares what did not change, and no copy changes', () => {
  const samples = sampleFiles();
  it(`${SEQUENCES} random edit sequences over the samples under the audit give the answers of a run from scratch`, () => {
    let copies = 0;
    let checked = 0;
    for (let k = 0; k < SEQUENCES; k++) {
      const spec = sequenceSpec(k, samples, EDITS);
      const audit = new Audit();
      spec.incremental = { ...spec.incremental, audit };
      const o = runSequence(spec);
      if (o.mismatch) assert.fail(mismatchMessage(`sequence ${k} (${spec.sample})`, o.mismatch));
      copies += audit.copies.length;
      checked += audit.checked;
    }
    assert.ok(copies > SEQUENCES && checked > SEQUENCES, `${copies} copies audited, ${checked} kept copies checked`);
  });

  it('random edit sequences of a scenario whose statements reach other tasks (reclaim, OOM, cpuset rebinding, khugepaged, migration, hot-unplug, top-level expects) under the audit', () => {
    // a task not handed out since the last copy is shared with it (mm/taskWrites.ts): these are
    // the statements that reach tasks other than their block's own
    const fixture = path.join(__dirname, 'fixtures', 'cross-task-writes.mmlab');
    let resumed = 0;
    for (let k = 0; k < CROSS_SEQUENCES; k++) {
      const spec = sequenceSpec(k, [fixture], 4);
      spec.incremental = { ...spec.incremental, audit: new Audit() };
      const o = runSequence(spec);
      if (o.mismatch) assert.fail(mismatchMessage(`sequence ${k} (cross-task-writes)`, o.mismatch));
      resumed += o.resumed;
    }
    assert.ok(resumed > CROSS_SEQUENCES, `${resumed} runs resumed from a copy`);
  });

  it('a copy takes the tasks as they are and walks only the rest and the running task: its cost does not grow with the tasks', () => {
    /** copies at every boundary of a scenario of n tasks: the objects each walks, on average, and the copies */
    const walk = (tasks: number): { perCopy: number; copies: StateView[]; inc: IncrementalRun; text: string } => {
      const audit = new Audit();
      const inc = new IncrementalRun({ minInterval: 1, objectsPerStep: 1e9, maxSnapshots: 1000, audit });
      const text = longScenario(tasks);
      run(inc, text);
      const { visited, copies } = inc.last!.copied!;
      return { perCopy: visited / copies, copies: audit.copies, inc, text };
    };
    const small = walk(30);
    const large = walk(60);
    const cs = large.copies;
    assert.ok(cs.length > 150, `${cs.length} copies`);
    // a copy of the whole state walked every task: twice the tasks, twice the walk
    assert.ok(large.perCopy < small.perCopy * 1.25, `objects walked per copy: ${small.perCopy.toFixed(1)} with 30 tasks, ${large.perCopy.toFixed(1)} with 60`);
    let shared = 0;
    for (let k = 1; k < cs.length; k++) {
      const t0 = cs[k].mm.tasks.get('t0');
      if (t0 && cs[k - 1].mm.tasks.has('t0') && cs[k].ctx?.task?.name !== 't0' && cs[k - 1].ctx?.task?.name !== 't0') {
        assert.strictEqual(t0, cs[k - 1].mm.tasks.get('t0'), `copy ${k}: task t0 copied again`);
        shared++;
      }
    }
    assert.ok(shared > 150, `${shared} copies shared task t0`);
    // after an edit the run resumes from a restored copy, which shares the kept copy's tasks
    const n = cs.length;
    const edited = large.text.replace('task t30 cpu 14 {\n  a = mmap(4M)', 'task t30 cpu 14 {\n  a = mmap(8M)');
    assert.notStrictEqual(edited, large.text);
    run(large.inc, edited);
    assert.strictEqual(large.inc.last!.from, 'snapshot');
    const after = cs[n];
    assert.ok(after, 'no copy after the resume');
    const restored = cs.slice(0, n).find((c) => c.mm.tasks.get('t0') === after.mm.tasks.get('t0'));
    assert.ok(restored, 'the first copy after the restore shares nothing with the kept copies');
  });

  const caught = (incremental: IncrementalOptions, message: RegExp): void => {
    const inc = new IncrementalRun({ minInterval: 1, ...incremental });
    const text = longScenario(20);
    // the analysis turns an exception of the run into an internal-error diagnostic
    const out = run(inc, text) + run(inc, text.replace('task t15 cpu 15 {\n  a = mmap(4M)', 'task t15 cpu 15 {\n  a = mmap(8M)'));
    assert.match(out, message);
  };

  it('the audit catches a copy that reused an object which changed (Maps taken without comparing)', () => {
    caught({ audit: new Audit(), staleReuse: (o) => o instanceof Map }, /differs from the state/);
  });

  it('the audit catches a kept copy changed by the run (a restored state sharing the kept kernel state)', () => {
    caught(
      {
        audit: new Audit(),
        corruptRestore: (mm, from) => {
          mm.kernel = from.mm.kernel;
        },
      },
      /kept copy changed/,
    );
  });

  it('the audit catches a task handed out without being copied first (a path around Mm.task and Mm.tasks)', () => {
    caught({ audit: new Audit(), leakyTasks: true }, /kept copy changed/);
  });

  it('the audit catches a flat container reused although it changed (a change not told with `changed`)', () => {
    caught({ audit: new Audit(), staleReuse: (o) => o instanceof Map && isFlat(o) }, /differs from the state/);
  });

  it('without the audit, a wrong reuse shows in the answers of random edit sequences', () => {
    let wrong = 0;
    for (let k = 0; k < 40 && wrong < 3; k++) {
      const spec = sequenceSpec(k, samples, EDITS);
      // (runs that go on to the end, where a stale copy shows: an edit of expectations runs only to their end, ADR 0038)
      spec.incremental = { ...spec.incremental, staleReuse: (o) => o instanceof Map, spliceExpectations: false };
      if (runSequence(spec).mismatch) wrong++;
    }
    assert.ok(wrong >= 3, `only ${wrong} sequences showed the wrong reuse`);
  });
});
