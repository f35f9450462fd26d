import { runOracle } from '../../oracle/index';
import { CliOptions, UsageError } from '../args';
import { CommandResult } from './common';

/** `mmlab oracle FILE...`: the same scenarios on a real Linux kernel under QEMU, compared with the emulator under `stock`. */
export async function oracle(o: CliOptions): Promise<CommandResult> {
  if (!o.files.length) throw new UsageError('oracle takes at least one FILE');
  const r = await runOracle(o.files, { json: o.json });
  return { exitCode: r.exitCode, stdout: r.output };
}
