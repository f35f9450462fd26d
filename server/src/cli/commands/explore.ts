import { explore as exploreFile, variantsOf } from '../../analysis/whatif/explore';
import { formatExplore } from '../../analysis/whatif/format';
import { variantText } from '../../analysis/whatif/variants';
import { CliOptions, UsageError } from '../args';
import { readScenario } from '../files';
import { analyzeStatic } from '../../analysis/analyze';
import { budgetOptions, checkDesignNames, CommandResult, json } from './common';
import { cliRunner, interruptedResult, INTERRUPTED, whileRunning } from '../parallel';

/**
 * `mmlab explore FILE [--line N] [--design D]`: every one-change variant, run and ranked
 * (analysis/whatif). `--variant ID` prints that variant's file instead. Exit 0; 130 after a Ctrl-C.
 */
export async function explore(o: CliOptions): Promise<CommandResult> {
  if (o.files.length !== 1) throw new UsageError('explore takes exactly one FILE');
  const src = readScenario(o.files[0]);
  if ('error' in src) return { exitCode: 2, stdout: '', stderr: src.error };
  // the designs of the workspace's designs.mmlab run too (the runs get its text: worker threads lower it)
  const workspace = src.workspace?.text;
  const stat = analyzeStatic(src.text, { workspace: src.workspace });
  checkDesignNames(stat, [o.design], '--design');
  checkDesignNames(stat, o.designs ?? [], '--designs');
  if (o.variant) {
    const v = variantsOf(src.text, o.design, o.designs, workspace).variants.find((x) => x.id === o.variant);
    if (!v) return { exitCode: 2, stdout: '', stderr: `mmlab explore: no variant '${o.variant}' (run without --variant to list them)` };
    return { exitCode: 0, stdout: variantText(src.text, v) };
  }
  const runner = cliRunner(o);
  const r = await whileRunning(runner, () => exploreFile(src.text, { design: o.design, line: o.line, designs: o.designs, workspace, budget: budgetOptions(o), progress: runner.progress }, runner.run));
  if (r === INTERRUPTED) return interruptedResult('explore');
  return { exitCode: 0, stdout: o.json ? json({ file: src.path, ...r }) : formatExplore(src.path, r) };
}
