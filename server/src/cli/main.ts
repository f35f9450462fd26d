/**
 * The `mmlab` command. Sits on the analysis layer beside the LSP adapter. A bad
 * argument prints usage (exit 2); an internal failure prints one line, never a
 * stack trace (set MMLAB_DEBUG=1 for the trace).
 */
import { parseCli, USAGE, UsageError } from './args';
import { check } from './commands/check';
import { CommandResult } from './commands/common';
import { run } from './commands/run';
import { test } from './commands/test';
import { compare } from './commands/compare';
import { map } from './commands/map';
import { report } from './commands/report';
import { explore } from './commands/explore';
import { shrink } from './commands/shrink';
import { sweep } from './commands/sweep';
import { isWhatIfWorker, serveJobs, setWorkerScript } from './parallel';
import { oracle } from './commands/oracle';
import { lsp } from './commands/lsp';

const VERSION = '0.1.0';

async function main(argv: string[]): Promise<number> {
  let o;
  try {
    o = parseCli(argv);
  } catch (e) {
    process.stderr.write(`mmlab: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (o.version) {
    process.stdout.write(`mmlab ${VERSION}\n`);
    return 0;
  }
  if (o.help || !o.command) {
    process.stdout.write(`${USAGE}\n`);
    return o.help ? 0 : 2;
  }
  const commands: Record<string, () => CommandResult | Promise<CommandResult>> = {
    check: () => check(o),
    run: () => run(o),
    test: () => test(o),
    compare: () => compare(o),
    map: () => map(o),
    report: () => report(o),
    explore: () => explore(o),
    shrink: () => shrink(o),
    sweep: () => sweep(o),
    oracle: () => oracle(o),
  };
  if (o.command === 'lsp') {
    lsp();
    return -1; // keep running: the server owns the process
  }
  const cmd = commands[o.command];
  if (!cmd) {
    process.stderr.write(`mmlab: unknown command '${o.command}'\n\n${USAGE}\n`);
    return 2;
  }
  try {
    const r = await cmd();
    if (r.stdout) process.stdout.write(r.stdout.endsWith('\n') ? r.stdout : `${r.stdout}\n`);
    if (r.stderr) process.stderr.write(r.stderr.endsWith('\n') ? r.stderr : `${r.stderr}\n`);
    return r.exitCode;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`mmlab ${o.command}: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`mmlab: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env.MMLAB_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return 3;
  }
}

if (isWhatIfWorker()) serveJobs();
else {
  setWorkerScript(__filename);
  main(process.argv.slice(2)).then((code) => {
    if (code >= 0) process.exitCode = code;
  });
}
