/**
 * simulate(program, options): build the machine of the declarations under the
 * design, play the timeline, return the RunResult. Pure and deterministic: no
 * I/O, no Date in the result, a seeded PRNG where the kernel is random; the
 * same input gives byte-identical JSON.
 */
import { diag } from '../common/diagnostics';
import { Span } from '../common/span';
import { DEFAULT_DESIGN, Design, DesignName, Program } from '../model/ir';
import { builtinDesigns } from '../model/designs/builtins';
import { buildNodes, cgroupOf, Mm } from '../mm/machine';
import { setupWatermarks } from '../mm/page_alloc';
import { registerDeclaredNodes } from '../mm/memory_hotplug';
import { attachServices } from '../mm/services';
import { buildAllZonelists } from '../mm/zonelist';
import { pagesOf } from '../mm/gfp';
import { Interpreter, RunHooks } from './interpreter';
import { creatorsOf, mappingReports, nodeReports, ReportShare } from './report';
import { RunOptions, RunResult } from '../mm/result';
import { wireServices } from './services';
import { whenRead } from './whenRead';
import { findSysctl } from '../vocab/sysctl';

/** the design a name stands for in this program (the file's, the workspace's, the prelude's); the default for an unknown name */
export function designOf(program: Program, name: DesignName): Design {
  return (program.designs?.[name] ?? builtinDesigns()[name] ?? builtinDesigns()[DEFAULT_DESIGN]).design;
}

/**
 * Run a program. `incremental.resume` (run/incremental.ts) is a copy of the machine at a statement
 * boundary of an earlier run whose inputs up to there were the same: the run starts there instead
 * of booting; `incremental.hooks` watch the boundaries; `incremental.reports`: the session's reports
 * to share with (run/report.ts ReportShare; none: nothing shared). Either way the result is the one a run from scratch gives.
 */
export function simulate(program: Program, options: RunOptions, incremental?: { hooks: RunHooks; resume?: Mm; reports?: ReportShare }): RunResult {
  wireServices();
  const mm = incremental?.resume;
  const reports = incremental?.reports ?? new ReportShare();
  if (mm) {
    mm.staticDiagnostics = options.staticDiagnostics ?? [];
    return play(mm, program, options, Date.now(), incremental.hooks, reports);
  }
  return play(...boot(program, options), incremental?.hooks, reports);
}

/** the machine of the declarations, booted (counts against the run's time budget) */
function boot(program: Program, options: RunOptions): [Mm, Program, RunOptions, number] {
  const mm = new Mm(designOf(program, options.design), options.trace ?? true);
  // the machine's setup (zonelists of up to MAX_NUMNODES nodes, services) counts against the time budget
  const started = Date.now();
  mm.deadline = started + (options.maxMs ?? 5000);
  mm.tracer.explaining = options.explain !== false && (options.maxStepRecords ?? 1) > 0;
  const machine = program.machine;
  for (const s of machine.sysctls) mm.sysctls.set(s.key, s.value);
  buildNodes(mm, machine);
  mm.swapTotal = pagesOf(machine.swapBytes);
  for (const c of machine.cgroups) mm.cgroups.set(c.name, cgroupOf(c));
  const staticDiags = options.staticDiagnostics ?? [];
  mm.staticDiagnostics = staticDiags;
  registerDeclaredNodes(mm);
  for (const s of machine.sysctls) {
    const known = findSysctl(s.key) !== undefined;
    const claimed = mm.sortedNodes().some((n) => n.service?.sysctl?.(s.key, s.value));
    if (!known && !claimed && !mm.hasStatic('unknown-sysctl', s.span) && !mm.hasStatic('invalid-argument', s.span))
      mm.diagnostics.push(diag('unknown-sysctl', s.span, `sysctl ${s.key}: the emulator does not model this key`));
  }
  setupWatermarks(mm);
  buildAllZonelists(mm);
  attachServices(mm);
  mm.tracer.drop();
  return [mm, program, options, started];
}

/** the spans of the declarations (a top-level expect's subject may be one) */
function declSpansOf(program: Program): Span[] {
  const machine = program.machine;
  return [
    ...machine.nodes.map((n) => n.span),
    ...machine.distances.map((d) => d.span),
    ...machine.cgroups.map((c) => c.span),
    ...machine.sysctls.map((s) => s.span),
    ...(machine.swapSpan ? [machine.swapSpan] : []),
    ...(program.design ? [program.design.span] : []),
  ];
}

function play(mm: Mm, program: Program, options: RunOptions, started: number, hooks: RunHooks | undefined, reports: ReportShare): RunResult {
  const interp = new Interpreter(mm, program, options, declSpansOf(program), started, hooks);
  interp.run();
  const result: RunResult = {
    design: options.design,
    diagnostics: mm.diagnostics,
    expectations: interp.expectations,
    nodes: [],
    mappings: [],
    stats: mm.stat.snapshot(),
    steps: [],
    executed: interp.executed,
  };
  // (the machine is not changed after its run: a report read later reads the same state)
  if (options.reportsWhenRead) {
    whenRead(result, 'nodes', () => nodeReports(mm, reports));
    whenRead(result, 'mappings', () => mappingReports(mm, reports));
  } else {
    result.nodes = nodeReports(mm, reports);
    result.mappings = mappingReports(mm, reports);
  }
  const log = interp.records;
  const creators = creatorsOf(mm);
  // the node reports first: they note the creators of the owners no statement noted, which the
  // records' snapshots then read (the order of a run that builds its reports when it ends)
  whenRead(result, 'steps', () => (void result.nodes, log.materialise(creators)));
  if (interp.cut) result.cut = interp.cut;
  if (interp.panic) result.panic = interp.panic;
  return result;
}
