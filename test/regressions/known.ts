/**
 * Known, not yet fixed defects found by the fuzzers (see KNOWN.md). Each entry
 * names the input class it affects, so the fuzz properties can step around
 * that one assertion (and count how often they did) instead of failing on the
 * same known bug again and again; test/regressions/regressions.test.ts asserts
 * that each one still reproduces, so fixing one flips its test and the entry
 * is then removed here.
 */
export interface KnownIssue {
  id: string;
  /** which check of test/fuzz/pipeline.ts it affects */
  check: 'format-idempotent' | 'simulate-hang';
  /** true when `text` is in the affected input class */
  affects(text: string): boolean;
}

export const KNOWN_ISSUES: KnownIssue[] = [
  {
    id: 'K2-hotplug-ignores-time-budget',
    check: 'simulate-hang',
    // hotplugging terabytes walks every 128 MiB section without looking at the run's deadline
    affects: (text) => /add_private_memory_driver_managed\s*\([^)]*?(\d+(\.\d+)?\s*T|\d{4,}\s*G|\d{13,})/.test(text),
  },
];

export const skippedByKnown = new Map<string, number>();

export function knownIssueFor(check: KnownIssue['check'], text: string): KnownIssue | undefined {
  const k = KNOWN_ISSUES.find((i) => i.check === check && i.affects(text));
  if (k) skippedByKnown.set(k.id, (skippedByKnown.get(k.id) ?? 0) + 1);
  return k;
}
