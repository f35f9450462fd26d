import { analyzeFull } from '../../analysis/analyze';
import { CliOptions } from '../args';
import { collectScenarioFiles, readScenario } from '../files';
import { diagnosticLine, hasErrors, sortedDiagnostics, toJsonReport } from '../report';
import { budgetOptions, checkDesignNames, CommandResult, DIAGNOSTICS_ONLY, json } from './common';

/** `mmlab check FILE...`: parse and run; diagnostics as file:line:col lines; exit 1 on any error. */
export function check(o: CliOptions): CommandResult {
  const { files, errors } = collectScenarioFiles(o.files);
  const lines: string[] = [];
  const reports = [];
  let failed = errors.length > 0;
  for (const path of files) {
    const src = readScenario(path);
    if ('error' in src) {
      errors.push(src.error);
      failed = true;
      continue;
    }
    const a = analyzeFull(src.text, { ...budgetOptions(o), design: o.design, workspace: src.workspace, ...DIAGNOSTICS_ONLY });
    checkDesignNames(a, [o.design], '--design');
    if (hasErrors(a.allDiagnostics)) failed = true;
    if (o.json) reports.push(toJsonReport(path, a));
    else for (const d of sortedDiagnostics(a.allDiagnostics)) lines.push(diagnosticLine(path, a.lineIndex, d));
  }
  const stdout = o.json ? json(reports.length === 1 && errors.length === 0 ? reports[0] : { files: reports, errors }) : lines.join('\n');
  return { exitCode: failed ? 1 : 0, stdout, stderr: errors.join('\n') };
}
