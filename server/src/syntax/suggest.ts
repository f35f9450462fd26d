/**
 * "Did you mean" suggestions: the candidate with the smallest edit distance
 * (optimal string alignment: insert, delete, substitute, swap two neighbours),
 * compared case-insensitively and, for flags, also without the family prefix
 * (`MIGRATON` -> `MIGRATION`, `GFP_KERNL` -> `GFP_KERNEL`).
 */
import { Scoped } from '../common/staticBudget';

const SCRATCH = 128;
const scratch = [new Int32Array(SCRATCH), new Int32Array(SCRATCH), new Int32Array(SCRATCH)];

/**
 * The distance, or some number above `max` when it is above `max`. With a bound, only the band
 * |i - j| <= max of the table is computed (Ukkonen): a cell outside it is at least |i - j| away.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  // every edit changes the length by at most one: a length gap beyond `max` is over the bound
  if (Math.abs(m - n) > max) return max + 1;
  const k = Math.min(Math.floor(max), m + n);
  const big = k + 1;
  // three rows; short names (every suggestion search) reuse preallocated ones
  const small = n + 2 <= SCRATCH;
  let prev2 = small ? scratch[0] : new Int32Array(n + 2);
  let prev = small ? scratch[1] : new Int32Array(n + 2);
  let cur = small ? scratch[2] : new Int32Array(n + 2);
  prev2.fill(big, 0, n + 2);
  for (let j = 0; j <= n; j++) prev[j] = j <= k ? j : big;
  prev[n + 1] = big;
  let prevMin = 0;
  for (let i = 1; i <= m; i++) {
    const lo = Math.max(1, i - k);
    const hi = Math.min(n, i + k);
    cur[lo - 1] = lo === 1 ? (i <= k ? i : big) : big;
    let rowMin = cur[lo - 1];
    for (let j = lo; j <= hi; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = prev[j] + 1;
      if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
      if (prev[j - 1] + cost < v) v = prev[j - 1] + cost;
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1] && prev2[j - 2] + 1 < v) v = prev2[j - 2] + 1;
      if (v > big) v = big;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    cur[hi + 1] = big;
    // the distance never drops below a row's minimum (a transposition reaches back two rows, so
    // the bound uses the smaller of the last two): stop once both are past `max`
    if (rowMin > max && prevMin > max) return max + 1;
    prevMin = rowMin;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n] > max ? max + 1 : prev[n];
}

/**
 * The static analysis's budget for "did you mean" searches, in candidate comparisons. A search
 * costs one unit per candidate it looks at: 40,000 unknown names against 40,000 variables would
 * otherwise be 1.6 billion edit distances. When the budget is spent, the remaining unknown names
 * get their diagnostic without a suggestion. analyzeStatic gives every analysis a fresh one.
 */
export class SuggestionBudget {
  constructor(public left = 200_000) {}
}

const activeBudget = new Scoped<SuggestionBudget>();

/** Runs `fn` with every suggest() inside it drawing on `budget` (one analysis is synchronous). */
export function withSuggestionBudget<T>(budget: SuggestionBudget, fn: () => T): T {
  return activeBudget.run(budget, fn);
}

/** the active budget's units left (negative once a search was cut short), or undefined outside one */
export function suggestionUnitsLeft(): number | undefined {
  return activeBudget.current?.left;
}

/**
 * Spends `units` of the active budget without a search: the incremental analysis charges what a
 * reused item spent when it was analysed, so that the budget runs as it would from scratch.
 */
export function spendSuggestionUnits(units: number): void {
  if (activeBudget.current) activeBudget.current.left -= units;
}

/** No vocabulary name is longer than this: a longer unknown name gets no suggestion (and costs nothing). */
export const MAX_SUGGESTED_NAME = 64;

const PREFIXES = /^(__GFP_|GFP_|MPOL_MF_|MPOL_F_|MPOL_|MADV_|NP_OPS_|N_)/;

function strip(s: string): string {
  return s.toUpperCase().replace(PREFIXES, '');
}

/** The nearest candidate, or undefined when nothing is reasonably close (or the budget is spent). */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  if (name.length > MAX_SUGGESTED_NAME) return undefined;
  const budget = activeBudget.current;
  let best: string | undefined;
  let bestScore = Infinity;
  const upper = name.toUpperCase();
  const bare = strip(name);
  // about one edit per three characters of the distinctive part; short names need a near-exact match
  const significant = Math.max(bare.length, 1);
  const limit = significant < 3 ? 0.25 : Math.max(1, Math.round(significant / 3)) + 0.25;
  for (const c of candidates) {
    if (budget && budget.left-- <= 0) return undefined;
    // distances are whole numbers: past floor(limit) (or the best so far) nothing can win
    const bound = Math.min(Math.floor(limit), bestScore);
    const score = Math.min(editDistance(upper, c.toUpperCase(), bound), editDistance(bare, strip(c), bound) + 0.25);
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  return bestScore <= limit ? best : undefined;
}

/** `; did you mean X?` (or '') and the suggestion itself. */
export function didYouMean(name: string, candidates: Iterable<string>): { text: string; suggestion?: string } {
  const s = suggest(name, candidates);
  return s ? { text: `; did you mean \`${s}\`?`, suggestion: s } : { text: '' };
}
