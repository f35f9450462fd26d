import { analyzeFull } from '../../analysis/analyze';
import { CliOptions, UsageError } from '../args';
import { readScenario } from '../files';
import { diagnosticLine, hasErrors, lineCol, sortedDiagnostics, spanText, toJsonReport } from '../report';
import { formatBytes, PAGE_SIZE } from '../../common/format';
import { table } from '../units';
import { statementDecisions } from '../../analysis/decisions';
import { INFERRED_LEGEND, INFERRED_MARK } from '../../analysis/viewData';
import { expectationMark, expectationNote } from '../../mm/result';
import { budgetOptions, checkDesignNames, CommandResult, json } from './common';

/** `mmlab run FILE`: the per-node table, each mapping's placement, vmstat counters, diagnostics (and --trace). */
export function run(o: CliOptions): CommandResult {
  if (o.files.length !== 1) throw new UsageError('run takes exactly one FILE');
  const src = readScenario(o.files[0]);
  if ('error' in src) return { exitCode: 2, stdout: '', stderr: src.error };
  const a = analyzeFull(src.text, { ...budgetOptions(o), design: o.design, workspace: src.workspace, trace: o.trace || undefined });
  checkDesignNames(a, [o.design], '--design');
  const exitCode = hasErrors(a.allDiagnostics) ? 1 : 0;
  if (o.json) {
    const report = toJsonReport(src.path, a) as ReturnType<typeof toJsonReport> & { trace?: unknown };
    if (o.trace) report.trace = a.run.steps.map((s) => ({ line: lineCol(a.lineIndex, s.span.start).line, events: s.events }));
    return { exitCode, stdout: json(report) };
  }
  const out: string[] = [];
  out.push(`${src.path}: design ${a.design}${a.program.title ? ` — ${a.program.title}` : ''}`);
  out.push('');
  out.push(
    table([
      ['node', 'kind', 'state', 'tier', 'capacity', 'used', 'free', 'media used', 'open', 'pressure'],
      ...a.run.nodes.map((n) => [
        String(n.id),
        n.kind,
        n.state,
        n.tier === undefined ? '-' : String(n.tier),
        formatBytes(n.capacityPages * PAGE_SIZE),
        formatBytes(n.usedPages * PAGE_SIZE),
        formatBytes(n.freePages * PAGE_SIZE),
        n.mediaCapacityBytes ? `${formatBytes(n.mediaUsedBytes)} / ${formatBytes(n.mediaCapacityBytes)}` : '-',
        n.open === undefined ? '-' : n.open ? 'yes' : 'no',
        n.pressure === undefined ? '-' : String(n.pressure),
      ]),
    ]),
  );
  if (a.run.mappings.length) {
    out.push('', 'mappings:');
    out.push(
      table([
        ['task', 'mapping', 'size', 'placement'],
        ...a.run.mappings.map((m) => [
          m.task,
          m.name,
          formatBytes(m.sizeBytes),
          Object.entries(m.pages)
            .filter(([, p]) => p > 0)
            .map(([node, p]) => `${node === 'swap' ? 'swap' : `N${node}`} ×${p}`)
            .join(', ') || '(no pages)',
        ]),
      ]),
    );
  }
  const stats = Object.entries(a.run.stats).filter(([, v]) => v !== 0);
  if (stats.length) out.push('', 'vmstat:', table(stats.map(([k, v]) => [`  ${k}`, String(v)])));
  if (a.run.expectations.length) {
    out.push('', 'expectations:');
    for (const x of a.run.expectations) {
      const { line } = lineCol(a.lineIndex, x.span.start);
      const note = expectationNote(x, a.design);
      out.push(`  ${expectationMark(x)} ${line}: ${x.text}${!x.passed && x.actual ? `   (${x.invalid ? '' : 'actual: '}${x.actual})` : ''}${note ? `   [${note}]` : ''}`);
    }
  }
  const decisions = statementDecisions(a);
  if (decisions.length) {
    // the decision path per statement: what hovers and the HTML map say, here in the terminal
    out.push('', 'decisions:');
    for (const d of decisions) {
      out.push(`  ${String(d.line).padStart(4)}  ${d.text}  →  ${d.outcome}${d.inferred.length ? `  ${INFERRED_MARK}` : ''}`);
      for (const p of d.path) out.push(`          ${p.inferred ? `${INFERRED_MARK} ` : ''}${p.text}`);
      if (d.more) out.push(`          (${d.more} more)`);
      // the run's inference hints on the statement, where no explain line says them
      for (const t of d.inferred) if (!d.path.some((p) => p.text === t)) out.push(`          ${INFERRED_MARK} ${t}`);
    }
    if (decisions.some((d) => d.inferred.length)) out.push(`  ${INFERRED_LEGEND}`);
  }
  const ds = sortedDiagnostics(a.allDiagnostics);
  if (ds.length) {
    out.push('', 'diagnostics:');
    for (const d of ds) out.push(`  ${diagnosticLine(src.path, a.lineIndex, d)}`);
  }
  if (o.trace) {
    out.push('', 'trace:');
    for (const s of a.run.steps) {
      const { line } = lineCol(a.lineIndex, s.span.start);
      for (const e of s.events) out.push(`  ${String(line).padStart(4)} ${spanText(src.text, s.span, 40).padEnd(40)} ${e.tp}: ${e.text}`);
    }
  }
  if (a.run.cut)
    out.push('', a.run.cut.reason === 'time'
      ? `run cut by the wall clock after ${a.run.executed} statement executions (not deterministic: depends on this machine's speed and load)`
      : `run cut at its ${a.run.cut.reason} budget after ${a.run.executed} statement executions`);
  if (a.run.panic) out.push('', `kernel panic at line ${lineCol(a.lineIndex, a.run.panic.span.start).line}: ${a.run.panic.message}; nothing ran after it`);
  return { exitCode, stdout: out.join('\n') };
}
