import { writeFileSync } from 'node:fs';
import { designFor, analyzeStatic } from '../../analysis/analyze';
import { shrink as shrinkFile } from '../../analysis/whatif/shrink';
import { CliOptions, UsageError } from '../args';
import { readScenario } from '../files';
import { budgetOptions, checkDesignNames, CommandResult, json } from './common';
import { cliRunner, interruptedResult, INTERRUPTED, whileRunning } from '../parallel';

/**
 * `mmlab shrink FILE --line N [--between D1,D2] [-o OUT]`: the smallest scenario that keeps the
 * property (analysis/whatif/shrink.ts). The file goes to stdout (or OUT), the account to stderr.
 * Exit 0 when shrunk, 1 when FILE does not have the property, 130 after a Ctrl-C.
 */
export async function shrink(o: CliOptions): Promise<CommandResult> {
  if (o.files.length !== 1) throw new UsageError('shrink takes exactly one FILE');
  const line = o.line;
  if (line === undefined) throw new UsageError('shrink needs --line N (the statement or expectation to keep)');
  const src = readScenario(o.files[0]);
  if ('error' in src) return { exitCode: 2, stdout: '', stderr: src.error };
  const stat = analyzeStatic(src.text, { workspace: src.workspace });
  checkDesignNames(stat, [o.design, ...(o.between ?? [])], o.between ? '--between' : '--design');
  const design = designFor(stat, o.design);
  const runner = cliRunner({ ...o, jobs: 1 }); // ddmin is sequential: each step depends on the last
  const r = await whileRunning(runner, () => shrinkFile(src.text, { design, line, between: o.between, workspace: src.workspace?.text, budget: budgetOptions(o) }, runner.run));
  // nothing written to -o after a Ctrl-C: a half-shrunk file is not the answer asked for
  if (r === INTERRUPTED) return interruptedResult('shrink');
  if (o.json) return { exitCode: r.holds ? 0 : 1, stdout: json({ file: src.path, ...r }) };
  const outcomes = r.outcomes.map((x) => `${x.design}: ${x.cell}`).join('; ');
  if (!r.holds) return { exitCode: 1, stdout: '', stderr: `mmlab shrink: ${src.path} does not have the property (${r.property})${outcomes ? `: ${outcomes}` : ''}` };
  const account = [
    `shrunk ${src.path}: ${r.statementsBefore} → ${r.statementsAfter} statements, ${r.linesBefore} → ${r.linesAfter} lines, in ${r.runs} runs${r.stoppedEarly ? ' (stopped at the run limit)' : ''}`,
    `kept: ${r.property} (now line ${r.line}: ${outcomes})`,
  ].join('\n');
  if (o.output) {
    writeFileSync(o.output, r.text);
    return { exitCode: 0, stdout: `${account}\nwritten to ${o.output}` };
  }
  return { exitCode: 0, stdout: r.text, stderr: account };
}
