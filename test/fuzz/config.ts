/**
 * Fuzz settings. `npm test` runs a bounded number of cases with a fixed seed
 * (reproducible, ~a minute on two cores); `npm run fuzz` (test/fuzz/run.mjs)
 * sets FUZZ_SEED to a random seed, FUZZ_SCALE to multiply the case counts and
 * FUZZ_DEEP=1 to allow nesting thousands of levels deep.
 */
export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261122;
export const FUZZ_SCALE = process.env.FUZZ_SCALE ? Math.max(0.1, Number(process.env.FUZZ_SCALE)) : 1;
export const FUZZ_DEEP = process.env.FUZZ_DEEP === '1';

export function runs(base: number): number {
  return Math.max(1, Math.round(base * FUZZ_SCALE));
}

/** One line per property, parsed by test/fuzz/run.mjs to print the totals. */
export function reportCount(name: string, cases: number, extra = ''): void {
  console.log(`      FUZZ-COUNT ${name}: ${cases} cases (seed ${FUZZ_SEED})${extra ? ` ${extra}` : ''}`);
}
