/**
 * Inlay hints after statements that place pages: where they went
 * (`→ N2 ×262144`), or how the statement failed (`✗ ENOMEM`, `✗ OOM`).
 */
import { Span } from '../common/span';
import { isFailure, RunResult } from '../mm/result';
import { SourceFile } from '../syntax/ast';
import { PLACING_CALLS } from './argRoles';
import { formatPlacements, outcomeText, placementsByNode, stepLookup } from './steps';
import { walkStatements } from './tree';

export interface InlayHintData {
  offset: number;
  label: string;
  tooltip?: string;
}

export function inlayHints(file: SourceFile, run: RunResult, range: Span): InlayHintData[] {
  const steps = stepLookup(run);
  const out: InlayHintData[] = [];
  walkStatements(file, (s) => {
    if (s.span.end < range.start || s.span.start > range.end) return;
    if (s.kind !== 'CallStmt' && s.kind !== 'PokeStmt') return;
    const records = steps.recordsOf(s.span);
    const last = records[records.length - 1];
    if (!last) return;
    const placements = placementsByNode(records);
    const callee = s.kind === 'CallStmt' ? s.call.callee.name : 'poke';
    const places = s.kind === 'PokeStmt' || PLACING_CALLS.has(callee);
    let label: string | undefined;
    if (isFailure(last.outcome)) label = `✗ ${outcomeText(last)}`;
    else if (placements.length && (places || placements.some((p) => p.pages > 0))) label = `→ ${formatPlacements(placements)}`;
    if (!label) return;
    const tooltip = last.explain.length ? last.explain.join('\n') : undefined;
    out.push({ offset: s.span.end, label, ...(tooltip ? { tooltip } : {}) });
  });
  return out;
}
