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
import { requestedOps, validateOps, formatOps } from '../mm/node_private';
import { bindService, serviceApi } from '../mm/services';
import { buildAllZonelists } from '../mm/zonelist';
import { pagesOf } from '../mm/gfp';
import { Interpreter } from './interpreter';
import { mappingReports, nodeReports } from './report';
import { RunOptions, RunResult } from './result';
import { wireServices } from './services';
import { KNOWN_SYSCTLS } from './sysctls';
import { opsRegistered } from '../mm/designs';

/** the design a name stands for in this program (the file's, the workspace's, the prelude's); the default for an unknown name */
export function designOf(program: Program, name: DesignName): Design {
  return (program.designs?.[name] ?? builtinDesigns()[name] ?? builtinDesigns()[DEFAULT_DESIGN]).design;
}

export function simulate(program: Program, options: RunOptions): RunResult {
  wireServices();
  const mm = new Mm(designOf(program, options.design), options.trace ?? true);
  // the machine's setup (zonelists of up to MAX_NUMNODES nodes, services) counts against the time budget
  const started = Date.now();
  mm.deadline = started + (options.maxMs ?? 5000);
  mm.tracer.explaining = (options.maxStepRecords ?? 1) > 0;
  const machine = program.machine;
  for (const s of machine.sysctls) mm.sysctls.set(s.key, s.value);
  buildNodes(mm, machine);
  mm.swapTotal = pagesOf(machine.swapBytes);
  for (const c of machine.cgroups) mm.cgroups.set(c.name, cgroupOf(c));
  const staticDiags = options.staticDiagnostics ?? [];
  mm.staticDiagnostics = staticDiags;
  const hasStatic = (code: string, s: Span) => staticDiags.some((d) => d.code === code && d.span.start >= s.start && d.span.end <= s.end);
  // private nodes: the driver registers its node_private and sets its ops (node_private_set_ops)
  for (const n of mm.sortedNodes()) {
    bindService(mm, n);
    if (!n.decl || !n.privateDecl || !opsRegistered(mm.design)) continue;
    const d = n.decl;
    const req = d.ops === undefined && n.service?.defaultOps ? n.service.defaultOps() : requestedOps(d.kind, d.ops, d.callbacks);
    const bad = validateOps(req);
    if (bad || d.opsRejected) {
      const span = d.attrSpans?.ops ?? d.span;
      if (bad && !hasStatic('ops-rejected', d.span))
        mm.diagnostics.push(diag('ops-rejected', span, `node ${n.id}: node_private_set_ops(${formatOps(req.flags)}) = -EINVAL: ${bad}; the node has no ops`));
      n.ops = undefined;
    } else n.ops = req;
    if (n.ops && !hasStatic('missing-callback', d.span)) {
      const gaps =
        n.service?.callbackGaps?.(n.id, n.ops) ??
        (d.kind === 'cram' && !n.ops.callbacks.includes('free_folio')
          ? [{ callback: 'free_folio', message: `cram node ${n.id} has no free_folio callback: freed compressed pages go back to the buddy without the device zeroing their media` }]
          : []);
      for (const g of gaps) mm.diagnostics.push(diag('missing-callback', d.attrSpans?.callbacks ?? d.span, g.message, { data: { callback: g.callback } }));
    }
  }
  for (const s of machine.sysctls) {
    const known = KNOWN_SYSCTLS.some((k) => (k.endsWith('*') ? s.key.startsWith(k.slice(0, -1)) : s.key === k));
    const claimed = mm.sortedNodes().some((n) => n.service?.sysctl?.(s.key, s.value));
    if (!known && !claimed && !staticDiags.some((d) => (d.code === 'unknown-sysctl' || d.code === 'invalid-argument') && d.span.start >= s.span.start && d.span.end <= s.span.end))
      mm.diagnostics.push(diag('unknown-sysctl', s.span, `sysctl ${s.key}: the emulator does not model this key`));
  }
  setupWatermarks(mm);
  buildAllZonelists(mm);
  for (const n of mm.sortedNodes()) if (n.service?.attach && n.present > 0 && (n.ops || !opsRegistered(mm.design))) n.service.attach(serviceApi(mm), n.id);
  mm.tracer.take();
  const declSpans: Span[] = [
    ...machine.nodes.map((n) => n.span),
    ...machine.distances.map((d) => d.span),
    ...machine.cgroups.map((c) => c.span),
    ...machine.sysctls.map((s) => s.span),
    ...(machine.swapSpan ? [machine.swapSpan] : []),
    ...(program.design ? [program.design.span] : []),
  ];
  const interp = new Interpreter(mm, program, options, declSpans, started);
  interp.run();
  const result: RunResult = {
    design: options.design,
    diagnostics: mm.diagnostics,
    expectations: interp.expectations,
    nodes: nodeReports(mm),
    mappings: mappingReports(mm),
    stats: mm.stat.snapshot(),
    steps: interp.records,
    executed: interp.executed,
  };
  if (interp.cut) result.cut = interp.cut;
  if (interp.panic) result.panic = interp.panic;
  return result;
}
