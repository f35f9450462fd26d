/** What an editor feature gets: the static analysis of the current text and, when one finished for this exact text, the run. */
import { Diagnostic } from '../common/diagnostics';
import { DesignName } from '../model/ir';
import { RunResult } from '../mm/result';
import { StaticAnalysis } from './analyze';

export interface FeatureContext {
  stat: StaticAnalysis;
  /** the run of this very text (undefined while it is running or when the document changed since) */
  run?: RunResult;
  design: DesignName;
  /** current diagnostics (static + run) */
  diagnostics: Diagnostic[];
}

/** An edit as plain data. */
export interface TextEditData {
  span: { start: number; end: number };
  newText: string;
}
