/**
 * Settings of the `mmlab` configuration section (workspace/configuration), with
 * the defaults the server uses when the client sends nothing. Clients without
 * workspace/configuration may pass the same object as initializationOptions.settings
 * (or initializationOptions.mmlab).
 */
import { DEFAULT_DESIGN, DesignName, DESIGNS } from '../model/ir';
import { distinct, MAX_COMPARE_DESIGNS, MAX_DESIGN_ENTRIES, MAX_SETTING_MS, MAX_SETTING_STEPS } from './limits';

export interface Settings {
  /** design for files without a `design` line */
  design: DesignName;
  /** columns of the comparison */
  compareDesigns: DesignName[];
  lenses: { run: boolean; expect: boolean; whatIf: boolean };
  inlayHints: { enabled: boolean };
  budget: { maxSteps: number; maxMs: number };
  /** minimum spacing between background runs of one document while typing */
  debounceMs: number;
}

export const DEFAULT_SETTINGS: Settings = {
  design: DEFAULT_DESIGN,
  compareDesigns: [...DESIGNS],
  lenses: { run: true, expect: true, whatIf: true },
  inlayHints: { enabled: true },
  budget: { maxSteps: 50_000, maxMs: 30_000 },
  debounceMs: 50,
};

/** a built-in, or a name a workspace or a scenario may declare (which scenarios see it is decided per document) */
function isDesign(x: unknown): x is DesignName {
  return typeof x === 'string' && ((DESIGNS as readonly string[]).includes(x) || /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(x));
}

function num(x: unknown, fallback: number, min: number, max: number): number {
  const n = typeof x === 'string' ? Number(x) : x;
  return typeof n === 'number' && Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

function bool(x: unknown, fallback: boolean): boolean {
  return typeof x === 'boolean' ? x : fallback;
}

/** Dotted keys (`lenses.run`) and nested objects are both accepted. */
function get(raw: Record<string, unknown>, dotted: string): unknown {
  if (dotted in raw) return raw[dotted];
  let cur: unknown = raw;
  for (const part of dotted.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Validates whatever the client sent; unknown or ill-typed values fall back to defaults. */
export function parseSettings(raw: unknown): Settings {
  const r = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const d = DEFAULT_SETTINGS;
  const compare = get(r, 'compareDesigns');
  // a repository's settings file may hold any list: look at a bounded prefix, keep each design once
  const designs = Array.isArray(compare) ? distinct(compare.slice(0, MAX_DESIGN_ENTRIES).filter(isDesign)).slice(0, MAX_COMPARE_DESIGNS) : [];
  const design = get(r, 'design');
  return {
    design: isDesign(design) ? design : d.design,
    compareDesigns: designs.length ? designs : [...d.compareDesigns],
    lenses: { run: bool(get(r, 'lenses.run'), d.lenses.run), expect: bool(get(r, 'lenses.expect'), d.lenses.expect), whatIf: bool(get(r, 'lenses.whatIf'), d.lenses.whatIf) },
    inlayHints: { enabled: bool(get(r, 'inlayHints.enabled'), d.inlayHints.enabled) },
    budget: {
      maxSteps: Math.round(num(get(r, 'budget.maxSteps'), d.budget.maxSteps, 1, MAX_SETTING_STEPS)),
      maxMs: num(get(r, 'budget.maxMs'), d.budget.maxMs, 1, MAX_SETTING_MS),
    },
    debounceMs: num(get(r, 'debounceMs'), d.debounceMs, 0, 10_000),
  };
}
