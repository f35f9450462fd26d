/**
 * The designs a scenario can run under, as plain data for pickers and views (the status-bar
 * switcher, the memory map's design list, exported reports): the built-ins in the prelude's
 * order, then the workspace's (designs.mmlab), then the file's own, each with one line that
 * says what it is.
 */
import { DesignDef, DesignName, DESIGNS, Program } from '../model/ir';
import { DESIGN_SUMMARIES } from '../vocab/designs';
import { designChoiceRows } from './designHover';

export interface DesignInfo {
  name: DesignName;
  /** built-in (the prelude), the workspace's designs.mmlab, or the scenario itself */
  origin: DesignDef['origin'];
  base?: DesignName;
  /** one line: a built-in's summary; for a declared design its comment, else its base and the choices it writes */
  summary: string;
}

const ORIGIN_ORDER: Record<DesignDef['origin'], number> = { prelude: 0, workspace: 1, file: 2 };

export function designList(program: Program): DesignInfo[] {
  const declared = Object.values(program.designs)
    .filter((d) => d.origin !== 'prelude')
    .sort((a, b) => ORIGIN_ORDER[a.origin] - ORIGIN_ORDER[b.origin] || a.span.start - b.span.start);
  const builtins = DESIGNS.map((name) => program.designs[name]).filter((d): d is DesignDef => !!d);
  return [...builtins, ...declared].map((d) => ({ name: d.name, origin: d.origin, ...(d.base ? { base: d.base } : {}), summary: summaryOf(d, program) }));
}

/** the designs a comparison shows when none are named: the configured ones this scenario can run under, then every declared one */
export function defaultCompareDesigns(program: Program, configured: readonly DesignName[]): DesignName[] {
  const seen = configured.filter((d) => !!program.designs[d]);
  // a list naming only designs this scenario does not see falls back to the built-ins
  const out = seen.length ? seen : DESIGNS.filter((d) => !!program.designs[d]);
  for (const d of designList(program)) if (d.origin !== 'prelude' && !out.includes(d.name)) out.push(d.name);
  return out;
}

function summaryOf(def: DesignDef, program: Program): string {
  if (def.origin === 'prelude') return DESIGN_SUMMARIES[def.name] ?? def.name;
  const where = def.origin === 'workspace' ? 'workspace' : 'this file';
  const firstDocLine = def.doc?.split('\n').find((l) => l.trim());
  if (firstDocLine) return `${where}: ${firstDocLine.trim()}`;
  const choices = designChoiceRows(def, program).map((r) => `${r.key} ${r.value}${r.inferred ? ' (inferred)' : ''}`);
  return `${where}: ${def.base ? `${def.base} with ` : ''}${choices.join(', ') || 'no changes'}`;
}
