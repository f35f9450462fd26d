/**
 * The background simulation worker warms V8's JIT on a small built-in scenario in its idle time
 * after it starts, so that the first statement edits of a long document do not run the parser,
 * the lowering and the emulator as unoptimised code. Measured on the LSP bench's 5,000-line
 * statement-edit pattern (executeJob in a worker with the server's limits, two rounds
 * alternated): the first five edits took 135/141/91/60/53 and 120/132/88/78/46 ms without it,
 * 134/51/47/64/37 and 142/56/64/41/36 ms after this warm-up (30 edits of a 300-line scenario,
 * about 500 ms of the worker's CPU, once per worker). The first edit of a document stays slow: its
 * cost is the document's own (first incremental analysis and run), not the JIT.
 *
 * (ADR 0018.) One edit per turn of the event loop (setImmediate): a real job that arrives is taken first,
 * and waits at most for one warm-up edit (10-20 ms).
 */

import { mark } from './editTiming';

export const WARM_UP_URI = 'mmlab-warm-up:///scenario.mmlab';
export const WARM_UP_EDITS = 30;

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
 * Runs the warm-up edits one per turn (`later`), each through `run` (the worker's job with the
 * warm-up URI), then `done` (the worker forgets the warm-up document).
 */
export function warmUp(run: (text: string) => void, done: () => void, later: (fn: () => void) => void = (fn) => void setImmediate(fn), edits = WARM_UP_EDITS): void {
  const base = warmUpScenario();
  let k = -1;
  const step = (): void => {
    if (k >= edits) {
      done();
      return;
    }
    mark('warm', { k });
    run(k < 0 ? base : warmUpText(base, k));
    mark('warmEnd', { k });
    k++;
    later(step);
  };
  later(step);
}
