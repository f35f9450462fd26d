import { buildReviewReport, formatReviewReport } from '../../analysis/reviewReport';
import { DESIGNS } from '../../model/ir';
import { CliOptions, UsageError } from '../args';
import { readScenario } from '../files';
import { budgetOptions, CommandResult, json } from './common';

/** `mmlab report FILE [--designs D1,D2]`: paste-ready text (≤ 72 columns) for a review reply. Exit 0. */
export function report(o: CliOptions): CommandResult {
  if (o.files.length !== 1) throw new UsageError('report takes exactly one FILE');
  const src = readScenario(o.files[0]);
  if ('error' in src) return { exitCode: 2, stdout: '', stderr: src.error };
  const r = buildReviewReport(src.path, src.text, o.designs ?? DESIGNS, budgetOptions(o));
  return { exitCode: 0, stdout: o.json ? json(r) : formatReviewReport(r) };
}
