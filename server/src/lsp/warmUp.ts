/**
 * The background simulation worker warms V8's JIT on built-in scenarios in its idle time after it
 * starts, so that the first statement edits of a long document do not run the parser, the lowering
 * and the emulator as unoptimised code. Measured on the LSP bench's 5,000-line statement-edit
 * pattern (executeJob in a worker with the server's limits, two rounds alternated): the first five
 * edits took 135/141/91/60/53 and 120/132/88/78/46 ms without it, 134/51/47/64/37 and
 * 142/56/64/41/36 ms after the short scenario's warm-up (30 edits of a 300-line scenario, about
 * 500 ms of the worker's CPU, once per worker).
 *
 * Then a long scenario (WARM_UP_LONG_LINES, past the editor's LARGE_FILE_LINES, run as the editor
 * runs long documents: no trace, no step records), opened and edited WARM_UP_LONG_EDITS times
 * (ADR 0026). What the short one leaves cold is what only a long document reaches (loops over
 * thousands of items and statements, the heap grown to a long document's size): after it, a
 * 5,000-line document's open took 96-172 ms of CPU instead of 202-286, the two rehearsals of its
 * first edit (lsp/rehearsal.ts) 20-45 ms instead of 110-140, so both end inside the bench's 52 ms
 * between the open's results and the first edit, and that edit 15-20 ms instead of 43-64. About
 * 300 ms more of the worker's CPU, once per start (the open 130-165 ms, each edit 15-60). A step of
 * the long scenario stops its run when a job waits (`stop`); its static analysis (tens of ms cold)
 * does not.
 *
 * (ADR 0018.) One edit per turn of the event loop (setImmediate): a real job that arrives is taken first,
 * and waits at most for one warm-up edit.
 */

import { mark } from './editTiming';

export const WARM_UP_URI = 'mmlab-warm-up:///scenario.mmlab';
export const WARM_UP_EDITS = 30;
/** the long scenario's lines: past lsp/runs.ts LARGE_FILE_LINES, as long as the first long documents that were slow */
export const WARM_UP_LONG_LINES = 2_500;
/** its edits after it is opened (a long document's first two edits were the slow ones) */
export const WARM_UP_LONG_EDITS = 4;

/** A 300-line scenario in the shape of long real ones: tasks mapping, binding, touching, checking. */
export function warmUpScenario(lines = 300): string {
  const out = ['scenario "warm-up"', 'design private_v4', 'node 0 dram 64G cpus 0-7', 'node 1 dram 64G cpus 8-15', 'node 2 cxl 64G private ops MIGRATION | MEMPOLICY', ''];
  for (let i = 0; out.length + 10 <= lines - 4; i++) {
    const node = i % 3 === 2 ? 2 : i % 2;
    out.push(`task t${i} cpu ${i % 16} {`, '  a = mmap(4M)', `  mbind(a, MPOL_BIND, ${node})`, '  touch(a)', `  expect pages(a, ${node}) == 100%`, '  b = malloc(1M)', '  touch(b, write, data=text)', '  expect no leak', '}', '');
  }
  out.push('kernel "probe" {', '  p = alloc_pages_node(0, GFP_KERNEL, 0, count=16)', '  expect ok', '}');
  return out.join('\n') + '\n';
}

/** The k-th text of the warm-up: a digit typed into one task's mmap size, then removed (as the bench's edits). */
export function warmUpText(base: string, k: number): string {
  if (k % 2 === 1) return base;
  const lines = base.split('\n');
  const withMmap = lines.flatMap((l, i) => (l.includes('mmap(4M)') ? [i] : []));
  const at = withMmap[(Math.floor(k / 2) * 7) % withMmap.length];
  lines[at] = lines[at].replace('mmap(4M)', 'mmap(42M)');
  return lines.join('\n');
}

/**
 * Runs the warm-up one job per turn (`later`), each through `run` (the worker's job with the
 * warm-up URI; `long`: the long scenario, run as the editor runs a long document): the short
 * scenario and its `edits`, then the long one and its `longEdits`; `forget` after each scenario
 * (the worker forgets the warm-up document, so the long one is opened as a new document is).
 */
export function warmUp(
  run: (text: string, long: boolean) => void,
  forget: () => void,
  later: (fn: () => void) => void = (fn) => void setImmediate(fn),
  edits = WARM_UP_EDITS,
  longEdits = WARM_UP_LONG_EDITS,
): void {
  const phases = [
    { base: warmUpScenario(), edits, long: false },
    { base: warmUpScenario(WARM_UP_LONG_LINES), edits: longEdits, long: true },
  ];
  let phase = 0;
  let k = -1;
  const step = (): void => {
    const p = phases[phase];
    if (k >= p.edits) {
      forget();
      if (++phase === phases.length) return;
      k = -1;
      later(step);
      return;
    }
    mark('warm', { k, long: p.long });
    run(k < 0 ? p.base : warmUpText(p.base, k), p.long);
    mark('warmEnd', { k, long: p.long });
    k++;
    later(step);
  };
  later(step);
}
