/**
 * Shrinks a RunResult before it crosses the worker boundary. Per-step node
 * snapshots list every owner of every node; on a scenario with thousands of
 * mappings that is tens of megabytes, and the structured clone alone takes
 * seconds. Past a threshold each snapshot keeps its largest owners and folds the
 * rest into one "other (N owners)" entry (page totals stay exact), and per-step
 * vmstat copies (no editor feature reads them; RunData omits them) are dropped.
 * Small runs pass through untouched.
 */
import { OwnerPages, RunResult } from '../mm/result';

export const OWNER_ENTRY_LIMIT = 20_000;
export const OWNERS_PER_SNAPSHOT = 8;

function fold(owners: OwnerPages[]): OwnerPages[] {
  if (owners.length <= OWNERS_PER_SNAPSHOT + 1) return owners;
  const sorted = [...owners].sort((a, b) => b.pages - a.pages || (a.owner < b.owner ? -1 : 1));
  const kept = sorted.slice(0, OWNERS_PER_SNAPSHOT);
  const rest = sorted.slice(OWNERS_PER_SNAPSHOT);
  const other: OwnerPages = { owner: `other (${rest.length} owners)`, pages: rest.reduce((a, o) => a + o.pages, 0) };
  return [...kept.sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0)), other];
}

export function compactForTransfer(run: RunResult): RunResult {
  let entries = 0;
  for (const s of run.steps) for (const n of s.nodes) entries += n.owners.length;
  if (entries <= OWNER_ENTRY_LIMIT) return run;
  return {
    ...run,
    steps: run.steps.map((s) => ({ ...s, stats: {}, nodes: s.nodes.map((n) => ({ ...n, owners: fold(n.owners) })) })),
  };
}
