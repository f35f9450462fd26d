/**
 * Runs a scenario text through the whole pipeline (parse -> lower -> simulate) the way the CLI
 * does, for the CRAM tests. Imports the run layer lazily so that the device/service unit tests do
 * not depend on it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { lower } from '../../server/src/model/lower';
import { DesignName } from '../../server/src/model/ir';
import { parse } from '../../server/src/syntax/parser';
import type { RunResult } from '../../server/src/mm/result';
import { simulate } from '../../server/src/run/simulate';
import { LineIndex } from '../../server/src/common/span';

export interface ScenarioRun {
  file: string;
  design: DesignName;
  result: RunResult;
  frontEnd: { code: string; severity: string; line: number; message: string }[];
  /** failed expectations, formatted "line N: text (actual)" */
  failures: string[];
  /** diagnostics of the run, formatted "line N code: message" */
  diags: { code: string; severity: string; line: number; message: string }[];
}

export function runScenarioText(text: string, file: string, design?: DesignName): ScenarioRun {
  const parsed = parse(text);
  const lowered = lower(parsed);
  const d = design ?? lowered.program.design?.name ?? 'private_v4';
  const result = simulate(lowered.program, { design: d, staticDiagnostics: lowered.diagnostics, maxMs: 60_000 });
  const idx = new LineIndex(text);
  const line = (off: number) => idx.positionAt(off).line + 1;
  const failures = result.expectations.filter((e) => !e.passed).map((e) => `line ${line(e.span.start)}: ${e.text}${e.actual ? ` (actual: ${e.actual})` : ''}`);
  return {
    file,
    design: d,
    result,
    frontEnd: lowered.diagnostics.map((x) => ({ code: x.code, severity: x.severity, line: line(x.span.start), message: x.message })),
    failures,
    diags: result.diagnostics.map((x) => ({ code: x.code, severity: x.severity, line: line(x.span.start), message: x.message })),
  };
}

export function runScenarioFile(file: string, design?: DesignName): ScenarioRun {
  return runScenarioText(fs.readFileSync(file, 'utf8'), path.basename(file), design);
}

export function mmlabFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.mmlab'))
    .sort()
    .map((f) => path.join(dir, f));
}
