/**
 * A vocabulary entry: one kernel name with its value and a short, kernel-accurate
 * explanation. These tables are the single source for the checker (unknown-flag),
 * the emulator (bit values), hovers and completion.
 */
/**
 * 'v5': the post-v4 private-node code (RFC v5 of Jul 2026 and the repository
 * snapshots around it); 'thread': described on the mailing list only, no code
 * (shown with the "inferred" mark, as 'inferred').
 */
export type Provenance = 'upstream' | 'v4' | 'v2' | 'v5' | 'thread' | 'inferred' | 'mmlab';

export interface VocabEntry {
  name: string;
  value: number;
  doc: string;
  /** where the fact comes from (kernel-rules.md tags); 'inferred' is shown as such in hovers */
  source: Provenance;
  /** designs under which the name exists at all (undefined = every design) */
  designs?: readonly string[];
}

export function table(entries: VocabEntry[]): ReadonlyMap<string, VocabEntry> {
  return new Map(entries.map((e) => [e.name, e]));
}
