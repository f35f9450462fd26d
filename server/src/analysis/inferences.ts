/**
 * Whether an outcome rests on an inference, and which: one reading for every surface (the
 * `mmlab run` decision line, the comparison cell in text, --json and the view, the statement
 * hover, the memory-map step in the view and the exported map, the review report).
 * The emulator says it two ways: an `inferred` hint on the statement (a rule the project's kernel
 * reference marks as inferred), and an [INF] / [inferred] tag in an explain line or a diagnostic
 * message (a design choice its declaration marks `inferred`, a device model decision). The mark
 * the surfaces print is viewData.ts's INFERRED_MARK.
 */
import { Span } from '../common/span';
import { RunResult, StepRecord } from '../mm/result';

const INFERENCE_TAG = /\s*\[(?:inferred[^\]]*|INF)\]/g;

/** the emulator tagged the line as resting on an inference */
export function isInference(line: string): boolean {
  return /\[(?:inferred|INF)\b/.test(line);
}

/** The line without its inference tag (the caller marks it its own way). */
export function untagged(line: string): string {
  return line.replace(INFERENCE_TAG, '').trim();
}

/** the explain line without the block label the emulator prefixes ("app: ...") */
export function stripActor(line: string, actor: string | undefined): string {
  return actor && line.startsWith(`${actor}: `) ? line.slice(actor.length + 2) : line;
}

type Hint = { start: number; end: number; text: string };

/** "inferred (kernel-rules §4.3): X" says the mark in words: as "X (kernel-rules §4.3)" the mark says it once */
export function hintText(message: string): string {
  const m = /^inferred(?: \(([^)]*)\))?:\s*/.exec(message);
  return m ? `${untagged(message.slice(m[0].length))}${m[1] ? ` (${m[1]})` : ''}` : untagged(message);
}

/** the run's inference hints and tagged diagnostics, sorted by start offset (built once per run) */
const hintsOf = new WeakMap<RunResult, Hint[]>();

function hints(run: RunResult): Hint[] {
  let h = hintsOf.get(run);
  if (!h) {
    h = run.diagnostics
      .filter((d) => d.code === 'inferred' || isInference(d.message))
      .map((d) => ({ start: d.span.start, end: d.span.end, text: hintText(d.message) }))
      .sort((a, b) => a.start - b.start);
    hintsOf.set(run, h);
  }
  return h;
}

/**
 * The inferences the outcome of the statement at `span` rests on, each once, in order: the run's
 * hints inside the span, then the tagged explain lines of its executions (`records`). Empty when
 * the outcome rests on read kernel code alone.
 */
export function inferencesOf(run: RunResult, records: readonly StepRecord[], span: Span): string[] {
  const out: string[] = [];
  const add = (t: string) => {
    if (!out.includes(t)) out.push(t);
  };
  const h = hints(run);
  let lo = 0;
  let hi = h.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (h[mid].start < span.start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < h.length && h[i].start < span.end; i++) if (h[i].end <= span.end) add(h[i].text);
  for (const r of records) for (const e of r.explain) if (isInference(e)) add(untagged(stripActor(e, r.actor)));
  return out;
}
