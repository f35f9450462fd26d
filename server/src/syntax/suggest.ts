/**
 * "Did you mean" suggestions: the candidate with the smallest edit distance
 * (optimal string alignment: insert, delete, substitute, swap two neighbours),
 * compared case-insensitively and, for flags, also without the family prefix
 * (`MIGRATON` -> `MIGRATION`, `GFP_KERNL` -> `GFP_KERNEL`).
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

const PREFIXES = /^(__GFP_|GFP_|MPOL_MF_|MPOL_F_|MPOL_|MADV_|NP_OPS_|N_)/;

function strip(s: string): string {
  return s.toUpperCase().replace(PREFIXES, '');
}

/** The nearest candidate, or undefined when nothing is reasonably close. */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const upper = name.toUpperCase();
  const bare = strip(name);
  for (const c of candidates) {
    const score = Math.min(editDistance(upper, c.toUpperCase()), editDistance(bare, strip(c)) + 0.25);
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  if (bestScore === 0) return best;
  // about one edit per three characters of the distinctive part; short names need a near-exact match
  const significant = Math.max(bare.length, 1);
  if (significant < 3) return bestScore <= 0.25 ? best : undefined;
  const limit = Math.max(1, Math.round(significant / 3)) + 0.25;
  return bestScore <= limit ? best : undefined;
}

/** `; did you mean X?` (or '') and the suggestion itself. */
export function didYouMean(name: string, candidates: Iterable<string>): { text: string; suggestion?: string } {
  const s = suggest(name, candidates);
  return s ? { text: `; did you mean \`${s}\`?`, suggestion: s } : { text: '' };
}
