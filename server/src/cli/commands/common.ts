import { AnalysisOptions, StaticAnalysis } from '../../analysis/analyze';
import { DesignName } from '../../model/ir';
import { CliOptions, UsageError } from '../args';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr?: string;
}

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
