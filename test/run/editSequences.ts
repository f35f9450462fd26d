/**
 * Random edit sequences over the bundled samples, and the comparison of every answer of the
 * incremental path (run/incremental.ts) with a run from scratch of the same text: the run result
 * JSON, the editor's diagnostics, hovers (at every statement and at random offsets), code-lens
 * titles and inlay hints. Seeded and deterministic: sequence k always makes the same edits.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { analyzeStatic, designFor, mergeDiagnostics, runProgram, StaticAnalysis } from '../../server/src/analysis/analyze';
import { hoverAt } from '../../server/src/analysis/hover';
import { inlayHints } from '../../server/src/analysis/inlayHints';
import { lensSites, lensTitle } from '../../server/src/analysis/lenses';
import { prng } from '../../server/src/mm/machine';
import { RunOptions, RunResult } from '../../server/src/mm/result';
import { IncrementalOptions, IncrementalRun } from '../../server/src/run/incremental';
import { absoluteItem } from '../../server/src/model/blockSpans';

const SAMPLES = path.resolve(__dirname, '../../sample-workspaces');

export function sampleFiles(dir = SAMPLES): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const full = path.join(dir, e);
    if (statSync(full).isDirectory()) out.push(...sampleFiles(full));
    else if (e.endsWith('.mmlab')) out.push(full);
  }
  return out;
}

type Rng = () => number;

/**
 * Every sample's text and `versions - 1` seeded random edits of it, in turn: `check(text, label)`
 * for each version (label: the file and its edit count, for assertion messages)
 */
export function eachSampleVersion(seed: number, versions: number, check: (text: string, label: string) => void): void {
  const r = prng(seed);
  for (const file of sampleFiles()) {
    let text = readFileSync(file, 'utf8');
    for (let i = 0; i < versions; i++) {
      check(text, `${path.basename(file)} after ${i} edits`);
      text = randomEdit(text, r);
    }
  }
}

const pick = <T>(r: Rng, xs: T[]): T => xs[Math.floor(r() * xs.length)];

/** one random edit of the text: lines deleted, copied, moved, swapped, numbers changed, characters typed or removed */
export function randomEdit(text: string, r: Rng): string {
  const lines = text.split('\n');
  const i = Math.floor(r() * lines.length);
  const j = Math.floor(r() * lines.length);
  switch (Math.floor(r() * 8)) {
    case 0:
      lines.splice(i, 1);
      break;
    case 1:
      lines.splice(i + 1, 0, lines[i]);
      break;
    case 2:
      lines.splice(j, 0, lines[i]);
      break;
    case 3:
      if (i + 1 < lines.length) [lines[i], lines[i + 1]] = [lines[i + 1], lines[i]];
      break;
    case 4: {
      // a number changes (sizes, node ids, counts, percentages)
      const nums = [...lines[i].matchAll(/\d+/g)];
      if (nums.length) {
        const m = pick(r, nums);
        const v = pick(r, ['0', '1', '2', '3', '4', '64', String(Number(m[0]) * 2), String(Math.max(0, Number(m[0]) - 1))]);
        lines[i] = lines[i].slice(0, m.index) + v + lines[i].slice(m.index! + m[0].length);
      } else lines.splice(i, 0, '');
      break;
    }
    case 5: {
      const at = Math.floor(r() * (text.length + 1));
      return text.slice(0, at) + pick(r, ['x', ' ', '(', ')', '{', '}', '\n', '1', ',', '=']) + text.slice(at);
    }
    case 6: {
      const at = Math.floor(r() * text.length);
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 3));
    }
    default:
      lines.splice(i, 0, pick(r, ['', '// a comment', '  touch(a)', '  expect ok', '  b = malloc(1M)', '  touch(b, write)', '  expect no leak']));
  }
  return lines.join('\n');
}

/**
 * An edit that changes no statement as often as not: spaces at a line's end or start, blank
 * lines, comment lines, a line split or joined at a random place (those do change statements).
 */
export function triviaEdit(text: string, r: Rng): string {
  const lines = text.split('\n');
  const i = Math.floor(r() * lines.length);
  switch (Math.floor(r() * 6)) {
    case 0:
      lines[i] += pick(r, [' ', '  ', '\t']);
      break;
    case 1:
      lines[i] = lines[i].replace(/\s+$/, '');
      if (lines[i].endsWith(' ')) lines[i] = lines[i].slice(0, -1);
      break;
    case 2:
      lines.splice(i, 0, pick(r, ['', '   ', '// typed', '/* a note */']));
      break;
    case 3:
      lines[i] = ' ' + lines[i];
      break;
    case 4:
      if (!lines[i].trim()) lines.splice(i, 1);
      else lines[i] = lines[i].replace(/^ /, '');
      break;
    default: {
      // a line split at a random place, or joined with the next: usually a real change
      const at = Math.floor(r() * (lines[i].length + 1));
      if (r() < 0.5) lines.splice(i, 1, lines[i].slice(0, at), lines[i].slice(at));
      else if (i + 1 < lines.length) lines.splice(i, 2, lines[i] + lines[i + 1]);
    }
  }
  return lines.join('\n');
}

/** a text analysed and run under its own design, through `inc` (an incremental session) or from scratch */
export function runText(inc: IncrementalRun | undefined, text: string): RunResult {
  const stat = analyzeStatic(text);
  return runProgram(stat.program, stat.diagnostics, { design: designFor(stat) }, inc, text);
}

/** what typingEdits types, a character at a time */
const TYPED = ['touch(a, read)', 'expect ok', 'b = malloc(1M)', 'touch(b, write)', 'madvise(a, MADV_COLD)', '// a note', 'expect no leak', 'q = alloc_pages(GFP_KERNEL, 0)'];

/**
 * Someone typing at one place (a fresh edit function per sequence: it keeps the cursor): a new line
 * opened after a random line, then a character a step of one of a few statements, now and then a
 * blank, a character removed, or a new line begun. Most versions hold a statement half typed (an
 * error line), some a whole one, and the blanks change no statement.
 */
export function typingEdits(): (text: string, r: Rng) => string {
  let at = -1;
  let word = '';
  let typed = 0;
  return (text, r) => {
    const insert = (s: string): string => {
      const out = text.slice(0, at) + s + text.slice(at);
      at += s.length;
      return out;
    };
    if (at < 0 || at > text.length) {
      const lines = text.split('\n');
      const i = Math.floor(r() * lines.length);
      at = lines.slice(0, i + 1).join('\n').length;
      word = pick(r, TYPED);
      typed = 0;
      return insert('\n  ');
    }
    const x = r();
    if (x < 0.1 && at > 0 && text[at - 1] !== '\n') {
      at--;
      typed = Math.max(0, typed - 1);
      return text.slice(0, at) + text.slice(at + 1);
    }
    if (x < 0.2) return insert(' ');
    if (x < 0.3 || typed >= word.length) {
      word = pick(r, TYPED);
      typed = 0;
      return insert('\n  ');
    }
    return insert(word[typed++]);
  };
}

/** every answer the editor shows for one text and its run, as one string */
export function answers(stat: StaticAnalysis, run: RunResult, r: Rng, hoverProbes: number): string {
  const design = run.design;
  const diagnostics = mergeDiagnostics(stat.diagnostics, run.diagnostics);
  const ctx = { stat, run, design, diagnostics };
  const offsets: number[] = [];
  const visit = (stmts: { span: { start: number }; body?: unknown[] }[]): void => {
    for (const s of stmts) {
      offsets.push(s.span.start);
      if (Array.isArray(s.body)) visit(s.body as never);
    }
  };
  // with the positions as the text has them (a block an edit moved keeps its body's as lowered)
  for (const it of stat.program.items.map(absoluteItem)) {
    offsets.push(it.span.start);
    if ('body' in it) visit(it.body as never);
  }
  for (let k = 0; k < hoverProbes; k++) offsets.push(Math.floor(r() * (stat.text.length + 1)));
  const hovers = offsets.map((o) => hoverAt(ctx, o)?.markdown ?? '');
  const lenses = lensSites(stat.parse.file, { run: true, expect: true }).map((site) => lensTitle(site, { design, run }));
  const hints = inlayHints(stat.parse.file, run, { start: 0, end: stat.text.length });
  return JSON.stringify({ run, diagnostics, hovers, lenses, hints });
}

export interface SequenceSpec {
  sample: string;
  seed: number;
  edits: number;
  options: Omit<RunOptions, 'design' | 'staticDiagnostics'>;
  incremental: IncrementalOptions;
  /**
   * after every step, the idle pass that spreads copies over the rest of the program (ADR 0040:
   * IncrementalRun.fill), stopped at this many asks of its `stop` (a run asks every 32 statement
   * executions: interpreter.ts CLOCK_EVERY; Infinity: to the end); none when undefined
   */
  fill?: number;
}

/** the k-th sequence: its sample, run options and copy policy vary with k (records on/off/capped, a tight budget, few or many copies) */
export function sequenceSpec(k: number, samples: string[], edits: number): SequenceSpec {
  const r = prng(0x5eed0000 + k);
  const options = pick(r, [{}, { trace: false, maxStepRecords: 0 }, { maxStepRecords: 7 }, { maxSteps: 40 }, {}]);
  const incremental = pick(r, [{ minInterval: 1 }, { minInterval: 2, maxSnapshots: 3 }, { minInterval: 1, maxSnapshots: 2 }, { minInterval: 4 }, {}, { atEditOnly: true }]);
  const fill = pick(r, [undefined, undefined, Infinity, 1, 3]);
  return { sample: samples[k % samples.length], seed: k, edits, options, incremental, ...(fill === undefined ? {} : { fill }) };
}

export interface SequenceOutcome {
  /** the first text whose answers differed, with both answers; undefined = all the same */
  mismatch?: { step: number; text: string; full: string; incremental: string };
  steps: number;
  /** steps that resumed from a copy, and the statement executions they did not repeat */
  resumed: number;
  reused: number;
  /** steps that reused the previous result with its positions moved (the edit changed no statement) */
  shifted: number;
  /** steps that resumed from a copy right after a step that reused the previous result */
  resumedAfterShift: number;
  /** steps that reused the previous result because the edit changed only statements that do not run */
  inert: number;
  /** steps answered with the result of the run before the last one (the text was its text: ADR 0039) */
  again: number;
  /** copies the idle passes took (SequenceSpec.fill) */
  filled: number;
}

/** a mismatch as a failure message: where the two answers part, and the text */
export function mismatchMessage(label: string, m: NonNullable<SequenceOutcome['mismatch']>): string {
  const { full, incremental, step, text } = m;
  let i = 0;
  while (full[i] === incremental[i]) i++;
  return `${label}, step ${step}: answers differ at ${i}\nfull:        …${full.slice(Math.max(0, i - 200), i + 200)}\nincremental: …${incremental.slice(Math.max(0, i - 200), i + 200)}\ntext:\n${text}`;
}

export function runSequence(spec: SequenceSpec, edit: (text: string, r: Rng) => string = randomEdit): SequenceOutcome {
  const r = prng(spec.seed);
  const inc = new IncrementalRun(spec.incremental);
  let text = readFileSync(spec.sample, 'utf8');
  const out: SequenceOutcome = { steps: 0, resumed: 0, reused: 0, shifted: 0, resumedAfterShift: 0, inert: 0, again: 0, filled: 0 };
  let lastFrom: string | undefined;
  for (let step = 0; step <= spec.edits; step++) {
    if (step > 0) text = edit(text, r);
    const stat = analyzeStatic(text);
    const design = designFor(stat);
    const opts = { ...spec.options, design };
    const full = runProgram(stat.program, stat.diagnostics, opts);
    const incremental = runProgram(stat.program, stat.diagnostics, opts, inc, text);
    out.steps++;
    // (an edit of expectations resumes from a copy too, and runs to their end: ADR 0038)
    if (inc.last?.from === 'snapshot' || (inc.last?.from === 'spliced' && inc.last.resumedAt)) {
      out.resumed++;
      out.reused += inc.last.reused;
      if (lastFrom === 'shifted' || lastFrom === 'inert') out.resumedAfterShift++;
    }
    if (inc.last?.from === 'inert') out.inert++;
    if (inc.last?.from === 'shifted') out.shifted++;
    if (inc.last?.from === 'again') out.again++;
    lastFrom = inc.last?.from;
    const probeSeed = r();
    const a = answers(stat, full, prng(probeSeed * 2 ** 32), 6);
    const b = answers(stat, incremental, prng(probeSeed * 2 ** 32), 6);
    if (a !== b) return { ...out, mismatch: { step, text, full: a, incremental: b } };
    if (spec.fill !== undefined) {
      let asked = 0;
      out.filled += inc.fill(() => ++asked > spec.fill!);
    }
  }
  return out;
}

/** a long scenario: tasks of a few statements, like the bench's 5,000-line file; a task's block touches no earlier task */
export function longScenario(tasks: number): string {
  const out = ['node 0 dram 16G cpus 0-7', 'node 1 dram 16G cpus 8-15', 'node 2 cxl 16G private ops MIGRATION | MEMPOLICY', ''];
  for (let i = 0; i < tasks; i++) out.push(`task t${i} cpu ${i % 16} {`, '  a = mmap(4M)', `  mbind(a, MPOL_BIND, ${i % 3})`, '  touch(a)', `  expect pages(a, ${i % 3}) == 100%`, '}', '');
  return out.join('\n');
}
