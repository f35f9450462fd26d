import * as assert from 'assert';
import { analyzeStatic, designFor, runProgram } from '../../server/src/analysis/analyze';
import { FlatMap, forkState, IncrementalFork, isFlat, NotForkable } from '../../server/src/mm/fork';
import { FILL_COPIES, firstChange, IncrementalOptions, IncrementalRun } from '../../server/src/run/incremental';
import { prng } from '../../server/src/mm/machine';
import { TimelineItem } from '../../server/src/model/ir';
import { simulate } from '../../server/src/run/simulate';
import { readFileSync } from 'fs';
import { rehearsalEdit } from '../../server/src/lsp/rehearsal';
import { answers, longScenario, mismatchMessage, randomEdit, runSequence, sampleFiles, sequenceSpec } from './editSequences';

/**
 * The equivalence test of incremental re-simulation (ADR 0011). MMLAB_EQUIV_SEQUENCES sets the
 * number of random edit sequences (default 1,000, each the sample's text and 3 edits); every
 * step compares all the editor's answers with a run from scratch.
 */
const SEQUENCES = Number(process.env.MMLAB_EQUIV_SEQUENCES ?? 1000);
const EDITS = 3;
const CHUNK = 100;

describe('incremental re-simulation: random edit sequences give the answers of a run from scratch', () => {
  const samples = sampleFiles();
  let steps = 0;
  let resumed = 0;
  let reused = 0;
  let filled = 0;
  for (let from = 0; from < SEQUENCES; from += CHUNK) {
    const to = Math.min(SEQUENCES, from + CHUNK);
    it(`sequences ${from}–${to - 1} over the ${samples.length} samples`, () => {
      for (let k = from; k < to; k++) {
        const spec = sequenceSpec(k, samples, EDITS);
        const o = runSequence(spec);
        steps += o.steps;
        resumed += o.resumed;
        reused += o.reused;
        filled += o.filled;
        if (o.mismatch) assert.fail(mismatchMessage(`sequence ${k} (${spec.sample}, ${JSON.stringify(spec.options)}, ${JSON.stringify(spec.incremental)}, fill ${spec.fill})`, o.mismatch));
      }
    });
  }
  it('the sequences did resume from copies (the comparison is not vacuous)', function () {
    if (SEQUENCES < CHUNK) this.skip();
    // the samples are short: a fifth of the edits at least find a copy before the change
    assert.ok(resumed >= 0.2 * (steps - SEQUENCES), `${resumed} of ${steps - SEQUENCES} edits resumed`);
    assert.ok(reused > resumed, `${reused} statement executions reused`);
    // the idle passes (ADR 0040) of the sequences that have them took copies the later steps may resume from
    assert.ok(filled >= SEQUENCES / 2, `${filled} copies taken by idle passes`);
  });
});

describe('incremental re-simulation: the comparison can fail', () => {
  it('a wrong restore (one page more on every node) is caught on the first resumed step', () => {
    const samples = sampleFiles();
    let caught = 0;
    for (let k = 0; k < 20; k++) {
      const spec = sequenceSpec(k, samples, EDITS);
      spec.incremental = {
        ...spec.incremental,
        // (a spliced run keeps nothing of its restored machine but the expectations it evaluates: ADR 0038)
        spliceExpectations: false,
        corruptRestore: (mm) => {
          for (const n of mm.nodes.values()) n.used += 1;
        },
      };
      const o = runSequence(spec);
      if (o.resumed === 0) continue;
      assert.ok(o.mismatch, `sequence ${k} resumed ${o.resumed} times and the corruption went unseen`);
      caught++;
    }
    assert.ok(caught >= 3, `only ${caught} sequences resumed`);
  });
});


describe('incremental re-simulation: where a run resumes', () => {
  const run = (inc: IncrementalRun, text: string) => {
    const stat = analyzeStatic(text);
    return JSON.stringify(runProgram(stat.program, stat.diagnostics, { design: designFor(stat) }, inc));
  };
  const scratch = (text: string) => run(new IncrementalRun(), text);

  it('an edit near the end re-runs only the statements after the last copy before it', () => {
    // copies denser than the default (whose spacing follows the state's size) to pin the figures
    const inc = new IncrementalRun({ objectsPerStep: 16 });
    const text = longScenario(120);
    assert.strictEqual(run(inc, text), scratch(text));
    assert.strictEqual(inc.last?.from, 'scratch');
    assert.ok(inc.last!.snapshots > 3, `${inc.last!.snapshots} copies`);
    const edited = text.replace('task t110 cpu 14 {\n  a = mmap(4M)', 'task t110 cpu 14 {\n  a = mmap(8M)');
    assert.strictEqual(run(inc, edited), scratch(edited));
    assert.strictEqual(inc.last?.from, 'snapshot');
    assert.ok(inc.last!.reused >= 0.75 * inc.last!.executed, `${inc.last!.reused} of ${inc.last!.executed} reused`);
  });

  it('a change to the machine, or to the run options, runs from scratch', () => {
    const inc = new IncrementalRun();
    const text = longScenario(30);
    run(inc, text);
    const edited = text.replace('node 1 dram 16G', 'node 1 dram 8G');
    assert.strictEqual(run(inc, edited), scratch(edited));
    assert.strictEqual(inc.last?.from, 'scratch');
    const stat = analyzeStatic(edited);
    runProgram(stat.program, stat.diagnostics, { design: 'stock' }, inc);
    assert.strictEqual(inc.last?.from, 'scratch');
  });

  it('typing at one place: the second edit there resumes at the edited statement (or the end of the block before an edited header)', () => {
    const text = longScenario(60);
    for (const [find, edit] of [
      ['  touch(a)\n  expect pages(a, 0) == 100%\n}\n\ntask t40 ', '  touch(a) \n  expect pages(a, 0) == 100%\n}\n\ntask t40 '],
      ['task t40 cpu 8 {', 'task t40  cpu 8 {'],
      ['task t40 cpu 8 {', 'task t40 cpu 8 { '],
    ]) {
      const inc = new IncrementalRun();
      run(inc, text);
      const once = text.replace(find, edit);
      assert.notStrictEqual(once, text, find);
      run(inc, once);
      const first = inc.last!;
      assert.strictEqual(run(inc, text), scratch(text));
      const back = inc.last!;
      assert.strictEqual(back.from, 'snapshot');
      assert.ok(back.reused > first.reused, `${JSON.stringify(edit)}: resumed at ${back.reused} executions, first at ${first.reused}`);
      // the boundary of the edit: in task t39 (its expect, or its end before t40's header), or t40's first statement
      assert.ok(back.resumedAt!.item === 39 || (back.resumedAt!.item === 40 && back.resumedAt!.stmt === 0), JSON.stringify(back.resumedAt));
    }
  });

  it('copies only at the edits: an edit after an earlier one resumes from the copy at it when that skips enough of the run; a wrong restore there is caught', () => {
    const text = longScenario(120);
    const at = (t: string, i: number, size: string) => t.replace(`task t${i} cpu ${i % 16} {\n  a = mmap(4M)`, `task t${i} cpu ${i % 16} {\n  a = mmap(${size})`);
    const sequence = (inc: IncrementalRun) => {
      const out: { answer: string; expected: string; from?: string; item?: number; reason?: string }[] = [];
      // t60 typed and undone, then t100 (after the copy at t60: resumes there), then t5 (before
      // every copy: from scratch), then t8 (the copy at t5 skips too little: from scratch)
      for (const t of [text, at(text, 60, '42M'), text, at(text, 100, '42M'), at(text, 5, '42M'), at(at(text, 5, '42M'), 8, '42M')]) {
        const answer = run(inc, t);
        out.push({ answer, expected: scratch(t), from: inc.last?.from, item: inc.last?.resumedAt?.item, reason: inc.last?.reason });
      }
      return out;
    };
    const steps = sequence(new IncrementalRun({ atEditOnly: true }));
    for (const [i, s] of steps.entries()) assert.strictEqual(s.answer, s.expected, `step ${i}`);
    assert.deepStrictEqual(
      steps.map((s) => [s.from, s.item]),
      [['scratch', undefined], ['scratch', undefined], ['snapshot', 60], ['snapshot', 60], ['scratch', undefined], ['scratch', undefined]],
    );
    assert.strictEqual(steps[5].reason, 'no copy at the edit');
    // the same sequence with every restore corrupted: the far resume (step 3) answers otherwise
    const corrupt = sequence(new IncrementalRun({ atEditOnly: true, corruptRestore: (mm) => void (mm.nodes.get(0)!.used += 1) }));
    assert.notStrictEqual(corrupt[3].answer, corrupt[3].expected);
    assert.strictEqual(corrupt[3].from, 'snapshot');
  });

  /**
   * Copies only at the edits, statement edits at random places of a long scenario (a size changed
   * and changed back, a random edit now and then): every step's answers against a run from
   * scratch, and how many steps resumed from a copy further back than the edited block's
   * neighbour (the random sample sequences above seldom do: their texts are short)
   */
  const farSequence = (seed: number, steps: number, opts: IncrementalOptions, fill = false) => {
    const r = prng(seed);
    const tasks = 40;
    let text = longScenario(tasks);
    const inc = new IncrementalRun({ atEditOnly: true, ...opts });
    let before: TimelineItem[] | undefined;
    let far = 0;
    for (let step = 0; step <= steps; step++) {
      if (step > 0) {
        if (r() < 0.2) text = randomEdit(text, r);
        else {
          const i = Math.floor(r() * tasks);
          const head = `task t${i} cpu ${i % 16} {\n  a = mmap(`;
          text = text.includes(`${head}4M)`) ? text.replace(`${head}4M)`, `${head}6M)`) : text.replace(`${head}6M)`, `${head}4M)`);
        }
      }
      const stat = analyzeStatic(text);
      const options = { design: designFor(stat) };
      const full = runProgram(stat.program, stat.diagnostics, options);
      const incremental = runProgram(stat.program, stat.diagnostics, options, inc, text);
      if (inc.last?.from === 'snapshot' && before && inc.last.resumedAt!.item < firstChange(before, stat.program.items).item - 1) far++;
      before = stat.program.items;
      const a = answers(stat, full, prng(seed + step), 4);
      const b = answers(stat, incremental, prng(seed + step), 4);
      if (a !== b) return { far, mismatch: { step, text, full: a, incremental: b } };
      // the worker's idle pass (ADR 0040), cut short now and then as a job coming would
      if (fill) {
        // (asked every 32 statements: interpreter.ts CLOCK_EVERY)
        let asked = 0;
        const budget = r() < 0.3 ? Math.floor(r() * 8) : Infinity;
        filled += inc.fill(() => ++asked > budget);
      }
    }
    return { far };
  };
  let filled = 0;

  it('copies only at the edits: random statement edits over a long scenario, far resumes among them, give the answers of a run from scratch', () => {
    let far = 0;
    for (const seed of [11, 12, 13]) {
      const o = farSequence(seed, 30, {});
      if (o.mismatch) assert.fail(mismatchMessage(`seed ${seed}`, o.mismatch));
      far += o.far;
    }
    assert.ok(far >= 10, `only ${far} far resumes`);
    // the same with every restore corrupted: a far-resumed step answers otherwise
    const bad = farSequence(11, 30, { corruptRestore: (mm) => void (mm.nodes.get(0)!.used += 1) });
    assert.ok(bad.mismatch, 'the corrupted restores went unseen');
  });

  it('copies spread in idle time (ADR 0040): random statement edits with an idle pass after each, some cut short, give the answers of a run from scratch, and more of them resume far from the last edit', () => {
    let far = 0;
    let without = 0;
    for (const seed of [11, 12, 13]) {
      const o = farSequence(seed, 30, {}, true);
      if (o.mismatch) assert.fail(mismatchMessage(`seed ${seed}, idle passes`, o.mismatch));
      far += o.far;
      without += farSequence(seed, 30, {}).far;
    }
    assert.ok(filled >= 30, `${filled} copies taken by the idle passes`);
    assert.ok(far > without, `${far} far resumes with idle passes, ${without} without`);
    // a restore from an idle pass's copy is checked as any: corrupted, a step answers otherwise
    const bad = farSequence(12, 30, { corruptRestore: (mm) => void (mm.nodes.get(0)!.used += 1) }, true);
    assert.ok(bad.mismatch, 'the corrupted restores went unseen');
  });

  it('an idle pass copies the last run without changing its answers: the next run of the same text is the same result, and an edit after the copies resumes at the nearest one', () => {
    const text = longScenario(400);
    const inc = new IncrementalRun({ atEditOnly: true });
    const first = run(inc, text);
    assert.strictEqual(inc.last?.snapshots, 0);
    const copies = inc.fill(() => false);
    assert.ok(copies >= FILL_COPIES - 2 && copies <= FILL_COPIES, `${copies} copies`);
    // nothing more to copy: the pass after it takes none
    assert.strictEqual(inc.fill(() => false), 0);
    const edited = text.replace('task t300 cpu 12 {\n  a = mmap(4M)', 'task t300 cpu 12 {\n  a = mmap(42M)');
    assert.notStrictEqual(edited, text);
    assert.strictEqual(run(inc, edited), scratch(edited));
    assert.strictEqual(inc.last?.from, 'snapshot');
    // a copy before t300's block, within a stretch of it (400 tasks of 5 executions in 17 stretches; a task is an item after the 3 nodes)
    const t300 = 303;
    assert.ok(inc.last!.resumedAt!.item <= t300 && inc.last!.resumedAt!.item >= t300 - 400 / 12, JSON.stringify(inc.last!.resumedAt));
    assert.strictEqual(first, scratch(text));
    // stopped at once, a pass takes nothing
    const other = new IncrementalRun({ atEditOnly: true });
    run(other, text);
    assert.strictEqual(other.fill(() => true), 0);
  });

  it("a session going on from another's last run (a rehearsal's) leaves the other's next run as it would have been: the same answers, copies and reports shared by identity", () => {
    const runIn = (inc: IncrementalRun, t: string) => {
      const stat = analyzeStatic(t);
      return runProgram(stat.program, stat.diagnostics, { design: designFor(stat) }, inc, t);
    };
    const sharedMappings = (a: { mappings: unknown[] }, b: { mappings: unknown[] }) => a.mappings.filter((m, i) => m === b.mappings[i]).length;
    // a sample where the rehearsal's edit (a size in the second half) and the document's next (the
    // first size) are two statements', and that next edit leaves some mapping reports as they were
    const cases = sampleFiles().map((f) => {
      const text = readFileSync(f, 'utf8');
      const { program } = analyzeStatic(text);
      const rehearsed = rehearsalEdit(text, program);
      const edited = rehearsalEdit(text, program, 'start', 2);
      if (rehearsed === undefined || edited === undefined || at(rehearsed, text) === at(edited, text)) return undefined;
      const alone = new IncrementalRun({ atEditOnly: true });
      const openAlone = runIn(alone, text);
      const nextAlone = runIn(alone, edited);
      return sharedMappings(nextAlone, openAlone) > 0 ? { text, rehearsed, edited, alone, openAlone, nextAlone } : undefined;
    });
    const c = cases.find((x) => x !== undefined);
    assert.ok(c, 'a sample to test with');
    const { text, rehearsed, edited, alone, openAlone, nextAlone } = c;
    const doc = new IncrementalRun({ atEditOnly: true });
    const open = runIn(doc, text);
    const rehearsal = IncrementalRun.after(doc);
    runIn(rehearsal, rehearsed);
    runIn(rehearsal, text);
    assert.strictEqual(rehearsal.last?.from, 'snapshot', 'the rehearsal resumed from its own copy');
    const next = runIn(doc, edited);
    assert.strictEqual(JSON.stringify(next), JSON.stringify(nextAlone));
    assert.deepStrictEqual(doc.last, alone.last, 'the same run: from where, how many statements, which copies');
    assert.strictEqual(sharedMappings(next, open), sharedMappings(nextAlone, openAlone), 'reports shared with the last run as without the rehearsal');
  });

  /** where `a` first differs from `b` */
  const at = (a: string, b: string) => [...a].findIndex((ch, i) => ch !== b[i]);

  it('the same text again resumes from the last copy', () => {
    const inc = new IncrementalRun();
    const text = longScenario(30);
    run(inc, text);
    assert.strictEqual(run(inc, text), scratch(text));
    assert.strictEqual(inc.last?.from, 'snapshot');
  });
});

describe('forkState', () => {
  it('copies the state of every bundled sample at every boundary (a closure in the state would make incremental runs silently slow)', () => {
    for (const f of sampleFiles()) {
      const st = analyzeStatic(readFileSync(f, 'utf8'));
      let boundaries = 0;
      simulate(st.program, { design: designFor(st), staticDiagnostics: st.diagnostics }, { hooks: { onBoundary: (_item, _stmt, _ctx, interp) => void (forkState(interp.mm, new Set()), boundaries++) } });
      assert.ok(boundaries > 0 || st.program.items.length === 0, f);
    }
  });
  it('a FlatMap marks its own writes: copies share it until a set, delete or clear, then copy it (same entries, still flat); a write around the mark goes unseen', () => {
    const fork = new IncrementalFork();
    const m = new FlatMap<string, number>([['a', 1], ['b', 2]]);
    const root = { m };
    let last = fork.fork(root, new Set()).copy;
    assert.ok(last.m instanceof FlatMap && isFlat(last.m) && last.m !== m);
    assert.deepStrictEqual([...last.m], [...m]);
    const again = fork.fork(root, new Set()).copy;
    assert.strictEqual(again.m, last.m, 'unchanged: shared with the previous copy');
    const writes: [string, () => void][] = [['set', () => m.set('c', 3)], ['set of a kept key', () => m.set('a', 9)], ['delete', () => m.delete('b')], ['clear', () => m.clear()]];
    for (const [name, write] of writes) {
      write();
      const c = fork.fork(root, new Set()).copy;
      assert.notStrictEqual(c.m, last.m, `${name}: copied again`);
      assert.ok(c.m instanceof FlatMap && isFlat(c.m), name);
      assert.deepStrictEqual([...c.m], [...m], name);
      last = c;
    }
    // a delete of a key it does not hold changes nothing
    m.delete('none');
    assert.strictEqual(fork.fork(root, new Set()).copy.m, last.m);
    // the mark is what the copies rely on: a write around it (the base Map's set) leaves a stale copy
    Map.prototype.set.call(m, 'z', 26);
    const stale = fork.fork(root, new Set()).copy;
    assert.strictEqual(stale.m, last.m);
    assert.notDeepStrictEqual([...stale.m], [...m]);
    // forkState (a restore) copies it as a FlatMap at the same version: the next write still marks it
    const restored = forkState(root, new Set());
    assert.ok(restored.m instanceof FlatMap);
    assert.deepStrictEqual([...restored.m], [...m]);
  });

  class Box {
    constructor(public v: number[]) {}
    sum(): number {
      return this.v.reduce((a, b) => a + b, 0);
    }
  }
  it('copies deeply, keeps prototypes and aliasing, references shared objects', () => {
    const shared = { big: true };
    const box = new Box([1, 2]);
    const root = { a: box, b: box, m: new Map([[box, new Set([1])]]), s: shared };
    const c = forkState(root, new Set([shared]));
    assert.notStrictEqual(c.a, box);
    assert.strictEqual(c.a, c.b);
    assert.ok(c.a instanceof Box);
    assert.strictEqual(c.a.sum(), 3);
    assert.ok(c.m.has(c.a));
    assert.strictEqual(c.s, shared);
    c.a.v.push(3);
    assert.deepStrictEqual(box.v, [1, 2]);
  });
  it('refuses a function held in a field (a closure may hide state)', () => {
    assert.throws(() => forkState({ f: () => 1 }, new Set()), NotForkable);
  });
});
