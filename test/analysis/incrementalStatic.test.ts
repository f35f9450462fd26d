import * as assert from 'assert';
import { readFileSync } from 'fs';
import { analyzeStatic, designFor, mergeDiagnostics, StaticAnalysis } from '../../server/src/analysis/analyze';
import { analyzeStaticAfter, lastStaticReport } from '../../server/src/analysis/incrementalStatic';
import { foldingRanges } from '../../server/src/analysis/folding';
import { semanticTokens } from '../../server/src/analysis/semanticTokens';
import { documentSymbols } from '../../server/src/analysis/symbols';
import { prng } from '../../server/src/mm/machine';
import { simulate } from '../../server/src/run/simulate';
import { largeScenario } from '../../bench/scenarios';
import { reparseTestHooks } from '../../server/src/syntax/reparse';
import { CHECKPOINT_EVERY, MAX_CHECKPOINTS, relowerTestHooks } from '../../server/src/model/relower';
import { recordsOf } from '../../server/src/model/lower';
import { absoluteItem, bodyBase } from '../../server/src/model/blockSpans';
import { Program } from '../../server/src/model/ir';
import { answers, randomEdit, sampleFiles, triviaEdit } from '../run/editSequences';

/**
 * The incremental static analysis (ADR 0017) against analyzeStatic from scratch: seeded random edit
 * sequences over every bundled sample and the bench's generated scenario; every version's parse
 * (tree, tokens, syntax diagnostics), program IR and static diagnostics must be the same, and for a
 * sample of versions so must the editor's answers (hovers, lenses, inlay hints, semantic tokens,
 * symbols, folding).
 */
const SEQUENCES = Number(process.env.MMLAB_FRONT_SEQUENCES ?? 1000);
const EDITS = 6;

type Rng = () => number;
const pick = <T>(r: Rng, xs: T[]): T => xs[Math.floor(r() * xs.length)];

/** typing: characters that change how the rest lexes or parses (braces, quotes, comments) typed or removed anywhere */
function typingEdit(text: string, r: Rng): string {
  const at = Math.floor(r() * (text.length + 1));
  if (r() < 0.3 && text.length) return text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 2));
  return text.slice(0, at) + pick(r, ['{', '}', '"', '/*', '*/', '//', '\n', ';', '7', 'M', ' ', 'task t9 {', '\r', '(', 'x =', 'design ', 'node 9 dram 1G\n']) + text.slice(at);
}

/** the bench's edit: a digit typed into `mmap(4M)` (and removed again) */
function mmapDigit(text: string, r: Rng): string {
  const sites = [...text.matchAll(/mmap\((\d+)M\)/g)];
  if (!sites.length) return typingEdit(text, r);
  const m = pick(r, sites);
  const at = m.index! + 5 + Math.floor(r() * (m[1].length + 1));
  return r() < 0.5 && m[1].length > 1 ? text.slice(0, at - 1) + text.slice(at) : `${text.slice(0, at)}${Math.floor(r() * 10)}${text.slice(at)}`;
}

const EDITORS = [randomEdit, triviaEdit, typingEdit, mmapDigit];

/** the program with the text's positions: a block an edit moved keeps its body as lowered, `bodyShift` away (ADR 0023) */
function programText(p: Program): string {
  return JSON.stringify({ ...p, items: p.items.map(absoluteItem) });
}

/** everything the static analysis answers, as one string per part */
function staticParts(s: StaticAnalysis): Record<string, string> {
  return {
    tree: JSON.stringify(s.parse.file),
    tokens: JSON.stringify(s.parse.tokens),
    syntax: JSON.stringify(s.parse.diagnostics),
    program: programText(s.program),
    diagnostics: JSON.stringify(s.diagnostics),
    lines: String(s.lineIndex.lineCount),
  };
}

function editorAnswers(s: StaticAnalysis, r: Rng): string {
  const design = designFor(s);
  const run = simulate(s.program, { design, staticDiagnostics: s.diagnostics, maxSteps: 400 });
  const ctx = { stat: s, run, design, diagnostics: mergeDiagnostics(s.diagnostics, run.diagnostics) };
  return JSON.stringify({ answers: answers(s, run, r, 8), tokens: semanticTokens(ctx), symbols: documentSymbols(ctx), folding: foldingRanges(ctx) });
}

function firstDifference(a: Record<string, string>, b: Record<string, string>, label = ''): string | undefined {
  for (const k of Object.keys(b)) {
    if (a[k] === b[k]) continue;
    let i = 0;
    while (a[k][i] === b[k][i]) i++;
    return `${label}${k} differs at ${i}\nscratch:     …${a[k].slice(Math.max(0, i - 150), i + 150)}\nincremental: …${b[k].slice(Math.max(0, i - 150), i + 150)}`;
  }
  return undefined;
}

interface Outcome {
  steps: number;
  incremental: number;
  reused: number;
  /** edits whose lowering was incremental, and the blocks it reused */
  relowered: number;
  reusedBlocks: number;
  /** incremental lowerings that started from a checkpoint of a version before (ADR 0037) */
  restored: number;
}

const fresh = (): Outcome => ({ steps: 0, incremental: 0, reused: 0, relowered: 0, reusedBlocks: 0, restored: 0 });

function replay(start: string, seed: number, edits: number, editor: (t: string, r: Rng) => string, probeEvery: number, out: Outcome): void {
  const r = prng(seed);
  let text = start;
  let prev: StaticAnalysis | undefined = analyzeStaticAfter(undefined, text);
  // as the worker uses it: the trees are never read (items after each edit stay moves to make), only at the end
  let worker = prev;
  for (let step = 1; step <= edits; step++) {
    text = editor(text, r);
    worker = analyzeStaticAfter(worker, text);
    const inc = analyzeStaticAfter(prev, text);
    const scratch = analyzeStatic(text);
    out.steps++;
    if (lastStaticReport.from === 'incremental') {
      out.incremental++;
      out.reused += lastStaticReport.reusedItems ?? 0;
      if (lastStaticReport.relowered) {
        out.relowered++;
        out.reusedBlocks += lastStaticReport.relowered.reused;
        if (lastStaticReport.relowered.restored > 0) out.restored++;
      }
    }
    const w = { program: programText(worker.program), diagnostics: JSON.stringify(worker.diagnostics), ...(step === edits ? { tree: JSON.stringify(worker.parse.file) } : {}) };
    const diff = firstDifference(staticParts(scratch), staticParts(inc)) ?? firstDifference(staticParts(scratch), w, 'worker ');
    if (diff) assert.fail(`seed ${seed}, step ${step}: ${diff}\ntext:\n${text.length > 4000 ? `${text.slice(0, 4000)}…` : text}`);
    if (step % probeEvery === 0) {
      const probe = r();
      assert.strictEqual(editorAnswers(inc, prng(probe * 2 ** 32)), editorAnswers(scratch, prng(probe * 2 ** 32)), `seed ${seed}, step ${step}: the editor's answers differ`);
    }
    prev = inc;
  }
}

describe('incremental static analysis: the same parse, IR and diagnostics as from scratch', () => {
  const samples = sampleFiles().map((f) => ({ name: f, text: readFileSync(f, 'utf8') }));
  const outcome = fresh();

  it(`${SEQUENCES} seeded sequences of ${EDITS} edits over the ${samples.length} samples`, function () {
    // 45 s on a quiet machine, up to 220 s measured on a shared one (load 13-16): the suite's
    // 120 s limit failed it there though nothing was wrong
    this.timeout(600_000);
    for (let k = 0; k < SEQUENCES; k++) {
      const sample = samples[k % samples.length];
      replay(sample.text, 0xf70e0000 + k, EDITS, EDITORS[k % EDITORS.length], k % 4 === 0 ? EDITS : 1000, outcome);
    }
  });

  it("the bench's generated scenario: digits typed into mmap(4M), and random edits", () => {
    const text = largeScenario(400);
    for (let k = 0; k < 8; k++) replay(text, 0xbe0c0000 + k, 12, k % 2 ? mmapDigit : EDITORS[(k >> 1) % EDITORS.length], 6, outcome);
  });

  it('most edits were analysed incrementally, reusing items (the comparison is not vacuous)', () => {
    assert.ok(outcome.incremental >= 0.9 * outcome.steps, `${outcome.incremental} of ${outcome.steps} edits incremental`);
    assert.ok(outcome.reused >= outcome.incremental, `${outcome.reused} items reused over ${outcome.incremental} edits`);
    assert.ok(outcome.relowered >= 0.5 * outcome.steps, `${outcome.relowered} of ${outcome.steps} edits lowered incrementally`);
    assert.ok(outcome.reusedBlocks >= outcome.relowered, `${outcome.reusedBlocks} blocks reused over ${outcome.relowered} incremental lowerings`);
    assert.ok(outcome.restored >= 0.25 * outcome.relowered, `${outcome.restored} of ${outcome.relowered} incremental lowerings restored a checkpoint`);
  });

  /** how many of the sequences fail the comparison while `hook` corrupts the reuse */
  function caught<H>(hook: H, sequences: (() => void)[], key = 'unmoved' as keyof H & string): number {
    let n = 0;
    const flags = hook as Record<string, boolean>;
    flags[key] = true;
    try {
      for (const run of sequences) {
        try {
          run();
        } catch {
          n++;
        }
      }
    } finally {
      flags[key] = false;
    }
    return n;
  }
  const seeds = (count: number) => Array.from({ length: count }, (_, k) => k);

  it('a wrong reuse (the items after the edit not moved) is caught', () => {
    const n = caught(
      reparseTestHooks,
      seeds(20).map((k) => () => replay(samples[k % samples.length].text, 0xbad00000 + k, EDITS, typingEdit, 1000, fresh())),
    );
    assert.ok(n >= 15, `${n} of 20 corrupted sequences caught`);
  });

  it('a wrong reuse of a lowered block (its IR not moved) is caught', () => {
    // digits typed into the generated scenario's mmap(4M): the blocks after the edit are reused
    const n = caught(
      relowerTestHooks,
      seeds(10).map((k) => () => replay(largeScenario(60), 0xbad10000 + k, EDITS, mmapDigit, 1000, fresh())),
    );
    assert.strictEqual(n, 10, `${n} of 10 corrupted sequences caught`);
  });

  it('a block an edit moved keeps its body (the same array) and says how far it moved; the text positions are those from scratch', () => {
    const base = largeScenario(400);
    const at = base.indexOf('mmap(4M)') + 6;
    const before = analyzeStaticAfter(undefined, base);
    const after = analyzeStaticAfter(before, `${base.slice(0, at)}7${base.slice(at)}`);
    assert.ok(lastStaticReport.relowered && lastStaticReport.relowered.reused > 3, 'lowered incrementally, blocks reused');
    const scratch = analyzeStatic(after.text);
    let moved = 0;
    for (const [i, it] of after.program.items.entries()) {
      const old = before.program.items[i];
      if (!('body' in it) || !('body' in old) || it.span.start <= at) continue;
      assert.strictEqual(it.body, old.body, `items[${i}]: its body lowered again or copied`);
      assert.strictEqual(bodyBase(it), bodyBase(old) + 1, `items[${i}]: bodyShift`);
      assert.strictEqual(JSON.stringify(absoluteItem(it)), JSON.stringify(scratch.program.items[i]), `items[${i}]`);
      moved++;
    }
    assert.ok(moved > 3, `${moved} blocks moved`);
    // and back: the moves cancel, the block is key for key the one from scratch
    const back = analyzeStaticAfter(after, base);
    assert.strictEqual(JSON.stringify(back.program), JSON.stringify(analyzeStatic(base).program));
  });

  it('the state before an edit comes from the checkpoint of the edit before: typing at one place replays nothing, an edit further down the items since', () => {
    const base = largeScenario(1200);
    const sites = [...base.matchAll(/mmap\(4M\)/g)].map((m) => m.index! + 6);
    assert.ok(sites.length > 40, `${sites.length} places`);
    const typed = (at: number, digits: string, text = base) => `${text.slice(0, at)}${digits}${text.slice(at)}`;
    const report = () => lastStaticReport.relowered!;
    let s = analyzeStaticAfter(undefined, base);
    const at = sites[20];
    s = analyzeStaticAfter(s, typed(at, '1'));
    const items = report().restored + report().replayed;
    assert.ok(items > 10 && report().restored === 0, `the first edit replays the ${items} items before it`);
    for (const digits of ['12', '123', '12']) {
      s = analyzeStaticAfter(s, typed(at, digits));
      assert.deepEqual([report().restored, report().replayed], [items, 0], `typing '${digits}' at the same place restores the state there`);
      assert.strictEqual(programText(s.program), programText(analyzeStatic(s.text).program));
    }
    // further down: the items between the two places are replayed, no more
    s = analyzeStaticAfter(s, typed(sites[30] + 2, '7', s.text));
    assert.strictEqual(report().restored, items);
    assert.ok(report().replayed > 0 && report().replayed < items, `${report().replayed} items replayed`);
    assert.strictEqual(JSON.stringify(s.diagnostics), JSON.stringify(analyzeStatic(s.text).diagnostics));
    // above both: no checkpoint applies, the items before it are replayed
    s = analyzeStaticAfter(s, typed(sites[3], '7', s.text));
    assert.strictEqual(report().restored, 0);
    assert.strictEqual(programText(s.program), programText(analyzeStatic(s.text).program));
  });

  it('a long replay leaves a checkpoint every CHECKPOINT_EVERY items; at most MAX_CHECKPOINTS are kept, the one at the last edit among them', () => {
    const base = largeScenario(6000);
    const sites = [...base.matchAll(/mmap\(4M\)/g)].map((m) => m.index! + 6);
    const report = () => lastStaticReport.relowered!;
    const checkpoints = (s: StaticAnalysis) => recordsOf(s.program)!.checkpoints!;
    let s = analyzeStaticAfter(undefined, base);
    s = analyzeStaticAfter(s, `${base.slice(0, sites[sites.length - 1])}7${base.slice(sites[sites.length - 1])}`);
    const items = report().replayed;
    assert.ok(items > 3 * CHECKPOINT_EVERY, `${items} items replayed`);
    assert.deepEqual(checkpoints(s).map((c) => c.items).sort((a, b) => a - b), [...Array.from({ length: Math.floor((items - 1) / CHECKPOINT_EVERY) }, (_, k) => (k + 1) * CHECKPOINT_EVERY), items]);
    // an edit above it: from the periodic checkpoint before it
    const mid = sites[sites.length >> 1];
    s = analyzeStaticAfter(s, `${base.slice(0, mid)}7${base.slice(mid)}`);
    assert.ok(report().restored > 0 && report().replayed < CHECKPOINT_EVERY && report().restored % CHECKPOINT_EVERY === 0, `${report().replayed} items replayed after the checkpoint at ${report().restored}`);
    // digits typed and removed here and there (an edit drops the checkpoints after it)
    const r = prng(0xc4ec);
    let text = base;
    let restored = 0;
    for (let k = 0; k < 30; k++) {
      const at = sites[Math.floor(r() * sites.length)];
      text = k % 2 ? base : `${base.slice(0, at)}1${base.slice(at)}`;
      s = analyzeStaticAfter(s, text);
      if (report().restored > 0) restored++;
      const kept = checkpoints(s);
      assert.ok(kept.length <= MAX_CHECKPOINTS, `${kept.length} checkpoints`);
      assert.strictEqual(kept[0].items, report().restored + report().replayed, 'the last edit keeps its own');
      assert.strictEqual(programText(s.program), programText(analyzeStatic(text).program), `edit ${k}`);
    }
    assert.ok(restored >= 20, `${restored} of 30 edits restored a checkpoint`);
  });

  it('a checkpoint kept after an edit before it (the state it holds is the old one) is caught', () => {
    // a checkpoint at place 20; a size changed at place 5, before it; then an edit at place 30 restores place 20's
    const base = largeScenario(1200);
    const sites = [...base.matchAll(/mmap\(4M\)/g)].map((m) => m.index! + 6);
    const versions = [`${base.slice(0, sites[20])}1${base.slice(sites[20])}`, base, `${base.slice(0, sites[5])}9${base.slice(sites[5])}`];
    versions.push(`${versions[2].slice(0, sites[30] + 1)}7${versions[2].slice(sites[30] + 1)}`);
    const last = (): string => {
      let s = analyzeStaticAfter(undefined, base);
      for (const v of versions) s = analyzeStaticAfter(s, v);
      return programText(s.program);
    };
    const scratch = programText(analyzeStatic(versions[3]).program);
    assert.strictEqual(last(), scratch);
    relowerTestHooks.staleCheckpoints = true;
    try {
      assert.notStrictEqual(last(), scratch, 'the stale checkpoint went unnoticed');
    } finally {
      relowerTestHooks.staleCheckpoints = false;
    }
    // and in random sequences of digits typed
    const n = caughtOn(largeScenario(400), 0xbad50000, 'staleCheckpoints');
    assert.ok(n >= 5, `${n} of 10 corrupted sequences caught`);
  });

  /** `text` passes uncorrupted; then how many of 10 seeded sequences of digits typed into its mmap sizes fail while `key` corrupts the reuse */
  function caughtOn(text: string, seed: number, key: keyof typeof relowerTestHooks): number {
    replay(text, seed, EDITS, mmapDigit, 1000, fresh());
    return caught(
      relowerTestHooks,
      seeds(10).map((k) => () => replay(text, seed + 1 + k, EDITS, mmapDigit, 1000, fresh())),
      key,
    );
  }
  const tasks = (body: string): string => Array.from({ length: 30 }, (_, k) => `task t${k} cpu 0 {\n  a = mmap(${k + 1}M)\n${body}}\n`).join('');

  it("a moved block whose record's effectsShift did not grow is caught (a param's uses in later blocks)", () => {
    // every block uses the param: its uses (the program's `params`) come from the blocks' effects
    const n = caughtOn(`param sz = 4M\nnode 0 dram 64G cpus 0-7\n${tasks('  b = mmap(sz)\n  touch(a)\n')}`, 0xbad30000, 'staleEffects');
    assert.strictEqual(n, 10, `${n} of 10 corrupted sequences caught`);
  });

  it('the variables of the blocks reused after an edit, defined only when an item after them is lowered again: leaving them out is caught', () => {
    // a top-level expectation after the blocks is lowered again after every edit, and reads their variables
    const n = caughtOn(`node 0 dram 64G cpus 0-7\n${tasks('  touch(a)\n')}expect pages(t29.a, 0) == 100%\n`, 0xbad40000, 'lostScopes');
    assert.strictEqual(n, 10, `${n} of 10 corrupted sequences caught`);
  });

  it('a moved block whose bodyShift did not grow (its own spans moved) is caught', () => {
    // the generated scenario of 400 lines: every sequence edits a block with blocks after it
    const n = caughtOn(largeScenario(400), 0xbad20000, 'staleShift');
    assert.strictEqual(n, 10, `${n} of 10 corrupted sequences caught`);
  });
});
