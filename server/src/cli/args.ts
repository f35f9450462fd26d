/** Command-line parsing with node:util parseArgs (no dependency): one table of options for every command. */
import { parseArgs } from 'node:util';
import { DESIGNS, DesignName } from '../model/ir';

export interface CliOptions {
  command: string;
  files: string[];
  design?: DesignName;
  json: boolean;
  trace: boolean;
  allDesigns: boolean;
  output?: string;
  maxSteps?: number;
  maxMs?: number;
  stdio: boolean;
  help: boolean;
  version: boolean;
  quiet: boolean;
}

export class UsageError extends Error {}

export function parseCli(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        design: { type: 'string', short: 'd' },
        json: { type: 'boolean' },
        trace: { type: 'boolean' },
        'all-designs': { type: 'boolean' },
        output: { type: 'string', short: 'o' },
        'max-steps': { type: 'string' },
        'max-ms': { type: 'string' },
        stdio: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        quiet: { type: 'boolean', short: 'q' },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const v = parsed.values;
  const [command = '', ...files] = parsed.positionals;
  const design = v.design;
  if (design !== undefined && !(DESIGNS as readonly string[]).includes(design)) {
    throw new UsageError(`unknown design '${design}' (designs: ${DESIGNS.join(', ')})`);
  }
  return {
    command,
    files,
    design: design as DesignName | undefined,
    json: !!v.json,
    trace: !!v.trace,
    allDesigns: !!v['all-designs'],
    output: v.output,
    maxSteps: positiveInt(v['max-steps'], '--max-steps'),
    maxMs: positiveInt(v['max-ms'], '--max-ms'),
    stdio: !!v.stdio,
    help: !!v.help,
    version: !!v.version,
    quiet: !!v.quiet,
  };
}

function positiveInt(s: string | undefined, flag: string): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} needs a positive integer, got '${s}'`);
  return n;
}

export const USAGE = `mmlab — design lab for Linux private memory nodes, SPM and CXL compressed RAM

usage:
  mmlab check FILE... [--design D] [--json]      parse and run; print diagnostics (exit 1 on any error)
  mmlab run FILE [--design D] [--trace] [--json] run; print nodes, placements, vmstat, diagnostics
  mmlab test PATH... [--design D] [--all-designs] [--json]
                                                 run every *.mmlab under PATHs; report each expect
                                                 (--all-designs: also under every design, checking
                                                 expectations marked 'under' that design; exit 1 on failure)
  mmlab compare FILE [--json]                    run under every design; print the matrix
  mmlab map FILE -o OUT.html [--design D]        write the memory map as a self-contained HTML page
  mmlab oracle FILE... [--json]                  run on a real Linux kernel under QEMU and compare (stock)
  mmlab lsp --stdio                              the language server over stdio

options: --max-steps N, --max-ms N (run budget; defaults 1000000 steps / 5000 ms), --quiet
designs: ${DESIGNS.join(', ')}`;
