/**
 * A vocabulary entry: one kernel name with its value and a short, kernel-accurate
 * explanation. These tables are the single source for the checker (unknown-flag),
 * the emulator (bit values), hovers and completion.
 */
export type Provenance = 'upstream' | 'v4' | 'v2' | 'inferred' | 'mmlab';

export interface VocabEntry {
  name: string;
  value: number;
  doc: string;
  /** where the fact comes from (kernel-semantics.md tags); 'inferred' is shown as such in hovers */
  source: Provenance;
  /** designs under which the name exists at all (undefined = every design) */
  designs?: readonly string[];
}

export function table(entries: VocabEntry[]): ReadonlyMap<string, VocabEntry> {
  return new Map(entries.map((e) => [e.name, e]));
}
