import { describeOutcome, formatBytes, isFailure, nodeViewsAt, PAGE_SIZE, stateLabel } from '../../server/src/clientApi';
import type { RunData } from '../../server/src/clientApi';
/** The Run command's text report for the output channel (pure: no vscode import). */

export function formatRunReport(run: RunData, fileLabel: string): string {
  const lines: string[] = [];
  const verdict = run.verdict === 'pass' ? 'PASS' : run.verdict === 'fail' ? 'FAIL' : 'ERROR';
  lines.push(`── ${fileLabel}${run.title ? ` — ${run.title}` : ''}`);
  lines.push(`design ${run.design}: ${verdict} · expectations ${run.counts.expectPassed} passed, ${run.counts.expectFailed} failed · ${run.counts.error} errors, ${run.counts.warning} warnings, ${run.counts.info} info`);
  if (run.cut) lines.push(`run cut by its budget (${run.cut.reason}) at line ${run.cut.range.start.line + 1}`);
  lines.push('', 'node  kind   state                         used / capacity');
  for (const v of nodeViewsAt(run, -1)) {
    const media = v.media ? `  media ${formatBytes(v.media.usedBytes)} / ${formatBytes(v.media.capacityBytes)}${v.media.open === false ? ' (closed)' : ''}` : '';
    lines.push(`${String(v.id).padEnd(6)}${v.kind.padEnd(7)}${stateLabel(v.state).padEnd(30)}${formatBytes(v.usedPages * PAGE_SIZE)} / ${formatBytes(v.capacityPages * PAGE_SIZE)}${media}`);
    for (const s of v.segments) lines.push(`        ${s.label}: ${s.pages} pages (${formatBytes(s.pages * PAGE_SIZE)})`);
  }
  if (run.mappings.length) {
    lines.push('', 'mappings:');
    for (const m of run.mappings) {
      const where = Object.entries(m.pages).map(([n, p]) => `${n === 'swap' ? 'swap' : `N${n}`}×${p}`).join(' ') || 'no pages';
      lines.push(`  ${m.task}:${m.name} ${formatBytes(m.sizeBytes)} → ${where}`);
    }
  }
  if (run.expectations.length) {
    lines.push('', 'expectations:');
    for (const e of run.expectations) {
      const mark = e.skipped ? '–' : e.passed ? '✓' : '✗';
      lines.push(`  ${mark} line ${e.range.start.line + 1}: ${e.text}${e.actual ? ` (got ${e.actual})` : ''}`);
    }
  }
  const failing = run.steps.filter((s) => isFailure(s.outcome));
  if (failing.length) {
    lines.push('', 'failed steps:');
    for (const s of failing.slice(0, 50)) lines.push(`  line ${s.range.start.line + 1}: ${describeOutcome(s.outcome)}`);
  }
  lines.push('');
  return lines.join('\n');
}
