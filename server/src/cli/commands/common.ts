import { AnalysisOptions } from '../../analysis/analyze';
import { CliOptions } from '../args';

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
