import { designFor, analyzeStatic } from '../../analysis/analyze';
import { formatSweep } from '../../analysis/whatif/format';
import { parseSet, sweep as sweepFile, SweepError, sweepSeries } from '../../analysis/whatif/sweep';
import { CliOptions, UsageError } from '../args';
import { readScenario } from '../files';
import { budgetOptions, checkDesignNames, CommandResult, json } from './common';
import { cliRunner, interruptedResult, INTERRUPTED, whileRunning } from '../parallel';

/**
 * `mmlab sweep FILE --set NAME=VALUES [--designs D1,D2]`: the scenario for each value of one knob
 * (analysis/whatif/sweep.ts), the outcome table and the flip points. Exit 0; 2 on a bad --set;
 * 130 after a Ctrl-C.
 */
export async function sweep(o: CliOptions): Promise<CommandResult> {
  if (o.files.length !== 1) throw new UsageError('sweep takes exactly one FILE');
  if (o.set.length !== 1) throw new UsageError('sweep takes exactly one --set NAME=V1,V2,... or NAME=LO..HI[:STEP]');
  const src = readScenario(o.files[0]);
  if ('error' in src) return { exitCode: 2, stdout: '', stderr: src.error };
  const stat = analyzeStatic(src.text, { workspace: src.workspace });
  checkDesignNames(stat, [o.design], '--design');
  checkDesignNames(stat, o.designs ?? [], '--designs');
  const designs = o.designs ?? [designFor(stat, o.design)];
  let spec;
  try {
    spec = parseSet(o.set[0]);
  } catch (e) {
    if (e instanceof SweepError) throw new UsageError(e.message);
    throw e;
  }
  const runner = cliRunner(o);
  const r = await whileRunning(runner, async () => {
    try {
      return await sweepFile(src.text, spec, { designs, workspace: src.workspace?.text, budget: budgetOptions(o), progress: runner.progress }, runner.run);
    } catch (e) {
      if (e instanceof SweepError) throw new UsageError(e.message);
      throw e;
    }
  });
  if (r === INTERRUPTED) return interruptedResult('sweep');
  return { exitCode: 0, stdout: o.json ? json({ file: src.path, ...r, points: undefined, table: r.points.map((p) => ({ value: p.value, design: p.design, ...p.summary })), series: sweepSeries(r) }) : formatSweep(src.path, r) };
}
