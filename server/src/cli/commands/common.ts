import { AnalysisOptions, StaticAnalysis } from '../../analysis/analyze';
import { DesignName } from '../../model/ir';
import { CliOptions, UsageError } from '../args';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr?: string;
}

/**
 * What `check` and `test` read of a run is its result, not its steps: no trace events, no step
 * records (what the editor runs for a long file, lsp/runs.ts). Their output is the same
 * (test/cli/checkRecords.test.ts). CPU: `mmlab check` of a 10,000-line file 780-810 -> 710-730 ms,
 * `mmlab test sample-workspaces --all-designs` 1,330-1,430 -> 1,180-1,230 ms (ADR 0026).
 */
export const DIAGNOSTICS_ONLY = { trace: false, maxStepRecords: 0 } as const;

export function budgetOptions(o: CliOptions): AnalysisOptions {
  const a: AnalysisOptions = {};
  if (o.maxSteps !== undefined) a.maxSteps = o.maxSteps;
  if (o.maxMs !== undefined) a.maxMs = o.maxMs;
  return a;
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** --design / --designs name designs of the prelude, the workspace's designs.mmlab or the file itself */
export function checkDesignNames(stat: StaticAnalysis, names: readonly (DesignName | undefined)[], flag: string): void {
  for (const d of names) {
    if (d !== undefined && !stat.program.designs[d]) throw new UsageError(`unknown design '${d}' in ${flag} (designs: ${Object.keys(stat.program.designs).join(', ')})`);
  }
}
