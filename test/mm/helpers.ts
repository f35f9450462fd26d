import * as assert from 'assert';
/**
 * Test helpers: scenario text -> parse -> lower -> simulate, and small readers
 * of the result. Tests write scenarios as text (the product's language).
 */
import { parse } from '../../server/src/syntax/parser';
import { lower } from '../../server/src/model/lower';
import { simulate } from '../../server/src/run/simulate';
import { DesignName, Program } from '../../server/src/model/ir';
import { RunResult, RunOptions } from '../../server/src/mm/result';
import { Diagnostic } from '../../server/src/common/diagnostics';

export interface Ran {
  run: RunResult;
  program: Program;
  staticDiagnostics: Diagnostic[];
  text: string;
}

export function runText(text: string, design?: DesignName, opts: Partial<RunOptions> = {}): Ran {
  const parsed = parse(text);
  const lowered = lower(parsed);
  const staticDiagnostics = [...parsed.diagnostics, ...lowered.diagnostics];
  const d = design ?? lowered.program.design?.name ?? 'private_v4';
  const run = simulate(lowered.program, { design: d, staticDiagnostics, ...opts });
  return { run, program: lowered.program, staticDiagnostics, text };
}

/** 1-based line of an offset */
export function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

export function failedExpectations(r: Ran): string[] {
  return r.run.expectations.filter((e) => !e.passed).map((e) => `line ${lineOf(r.text, e.span.start)}: ${e.text.trim()} — ${e.actual ?? ''}`);
}

export function codes(r: Ran): string[] {
  return r.run.diagnostics.map((d) => d.code);
}

export function mappingPages(r: Ran, name: string, task?: string): Record<string, number> {
  const m = r.run.mappings.find((x) => x.name === name && (!task || x.task === task));
  return m ? m.pages : {};
}

export function stmtOutcome(r: Ran, needle: string): string {
  const idx = r.text.indexOf(needle);
  const rec = [...r.run.steps].reverse().find((s) => s.span.start <= idx && s.span.end > idx);
  if (!rec) return 'not-run';
  const o = rec.outcome;
  return o.kind === 'error' ? o.errno : o.kind;
}

/**
 * A data-driven scenario file (test/mm/ideas, test/mm/fidelity) under one design: it is valid, some
 * expectation is checked under the design, and every checked one holds.
 */
export function assertScenarioHolds(text: string, design: DesignName): void {
  const r = runText(text, design);
  const syntax = r.staticDiagnostics.filter((x) => ['syntax', 'unknown-name', 'unknown-flag', 'invalid-argument'].includes(x.code));
  assert.deepStrictEqual(syntax.map((x) => `${x.code}: ${x.message}`), [], 'the scenario is valid');
  const checked = r.run.expectations.filter((e) => !e.skipped);
  assert.ok(checked.length > 0, 'some expectation is checked under this design');
  const bad = checked.filter((e) => !e.passed).map((e) => `line ${lineOf(text, e.span.start)}: ${e.text.trim()} — ${e.actual}`);
  assert.deepStrictEqual(bad, []);
}
