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
  /** report/explore/shrink: the designs to use (--designs a,b; default all) */
  designs?: DesignName[];
  /** explore/shrink: the statement or expectation line (1-based) */
  line?: number;
  /** sweeps: --set NAME=V1,V2 or NAME=LO..HI[:STEP], repeatable */
  set: string[];
  /** shrink: --between D1,D2 (the property: these two designs differ at --line) */
  between?: [DesignName, DesignName];
  /** worker threads for explore/sweep/shrink (default: the machine's cores) */
  jobs?: number;
  /** explore: print this variant's file */
  variant?: string;
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
        designs: { type: 'string' },
        line: { type: 'string', short: 'l' },
        set: { type: 'string', multiple: true },
        between: { type: 'string' },
        jobs: { type: 'string', short: 'j' },
        variant: { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const v = parsed.values;
  const [command = '', ...files] = parsed.positionals;
  const design = v.design;
  // the file may declare the design (or its workspace's designs.mmlab): names are checked once it is read
  if (design !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(design)) throw new UsageError(`'${design}' is not a design name`);
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
    designs: v.designs === undefined ? undefined : designList(v.designs, '--designs'),
    line: positiveInt(v.line, '--line'),
    set: v.set ?? [],
    between: v.between === undefined ? undefined : pair(designList(v.between, '--between')),
    jobs: positiveInt(v.jobs, '--jobs'),
    variant: v.variant,
  };
}

function designList(s: string, flag: string): DesignName[] {
  const names = s.split(',').map((x) => x.trim()).filter(Boolean);
  if (!names.length) throw new UsageError(`${flag} needs design names`);
  for (const d of names) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(d)) throw new UsageError(`'${d}' in ${flag} is not a design name`);
  return names as DesignName[];
}

function pair(ds: DesignName[]): [DesignName, DesignName] {
  if (ds.length !== 2 || ds[0] === ds[1]) throw new UsageError('--between needs two different designs: D1,D2');
  return [ds[0], ds[1]];
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
  mmlab report FILE [--designs D1,D2,...]        plain text for a mailing-list reply (72 columns): the
                                                 machine, what differs between designs and why
  mmlab explore FILE [--line N] [--design D] [--variant ID] [--jobs N]
                                                 run every one-change variant (NP_OPS flags, GFP flags,
                                                 mbind modes/flags, designs, node sizes); rank what flips
  mmlab sweep FILE --set NAME=V1,V2,...|LO..HI[:STEP] [--designs D1,D2,...]
                                                 run FILE for each value of a knob (node.N.size|media|ratio,
                                                 node.N.watermarks.low|high, sysctl.KEY, swap, line.L.ARG,
                                                 line.L.repeat); table per value and the flip points
  mmlab shrink FILE --line N [--between D1,D2] [--design D] [-o OUT]
                                                 delta-debug FILE down to a minimal scenario that keeps
                                                 line N failing (or differing between D1 and D2)
  mmlab map FILE -o OUT.html [--design D]        write the memory map as a self-contained HTML page
  mmlab oracle FILE... [--json]                  run on a real Linux kernel under QEMU and compare (stock)
  mmlab lsp --stdio                              the language server over stdio

options: --max-steps N, --max-ms N (run budget; defaults 50000 steps, the deterministic cut / 30000 ms, a safety net), --quiet
designs: ${DESIGNS.join(', ')}`;
