/**
 * Bounds on what a client (or a cloned repository's .vscode/settings.json) can ask of the
 * server: `mmlab/compare` with 100,000 designs ran 100,000 simulations (33.5 s, 1.2 GB), and
 * the budget settings accepted a trillion steps. Design lists are deduplicated and bounded,
 * budgets clamped. package.json lists these settings in restrictedConfigurations, so an
 * untrusted workspace cannot set them at all.
 */

/** entries accepted in a request's or a setting's design list (duplicates included) */
export const MAX_DESIGN_ENTRIES = 1024;
/** distinct designs one comparison runs */
export const MAX_COMPARE_DESIGNS = 32;
/** budget settings are clamped to these (the CLI's --max-steps/--max-ms are not) */
export const MAX_SETTING_STEPS = 100_000_000;
export const MAX_SETTING_MS = 120_000;

/**
 * The simulation worker's heap (lsp/simHost.ts): a young generation far above V8's default (192 MB, so
 * 64 MB semi-spaces) because a run allocates short-lived objects fast, and a bounded old generation
 * so a runaway scenario ends the worker, not the server. bench/cases.ts runs its cases under the same
 * limits, so the bench measures the emulator as the editor runs it.
 */
export const SIM_WORKER_RESOURCE_LIMITS = { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 192 } as const;

/** The list without repeats, first occurrence first. */
export function distinct<T>(list: readonly T[]): T[] {
  return [...new Set(list)];
}

/** A request's design list, deduplicated; a sentence saying why it is refused when it is too long. */
export function boundDesigns<T extends string>(list: readonly T[]): { designs: T[] } | { error: string } {
  if (list.length > MAX_DESIGN_ENTRIES) return { error: `mmlab: ${list.length} designs requested, at most ${MAX_DESIGN_ENTRIES} entries are accepted` };
  const designs = distinct(list);
  if (designs.length > MAX_COMPARE_DESIGNS) return { error: `mmlab: ${designs.length} distinct designs requested, one comparison runs at most ${MAX_COMPARE_DESIGNS}` };
  return { designs };
}
