/** A markdown report of a run (and optionally a comparison), for Export report. */
import { INFERRED_MARK, type CompareData, type RunData } from '../analysis/viewData';
import { formatBytes, formatPercent, PAGE_SIZE } from '../common/format';
import { nodeViewsAt, ownerLabel, stateLabel, stepHeading } from './model';
import { describeOutcome, expectationMark, expectationNote } from '../mm/result';

/** Escapes text for a markdown table cell or a line: no HTML, no table breaks, no emphasis. */
export function mdText(s: string): string {
  return s.replace(/[\\`*_{}[\]<>|#]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

export function renderMarkdownReport(run: RunData, compare?: CompareData): string {
  const out: string[] = [];
  out.push(`# ${mdText(run.title ?? 'mmlab run')}`, '');
  out.push(`- file: \`${run.uri.replace(/`/g, '')}\``);
  out.push(`- design: **${run.design}**, verdict: **${run.verdict}**`);
  out.push(`- expectations: ${run.counts.expectPassed} passed, ${run.counts.expectFailed} failed; diagnostics: ${run.counts.error} errors, ${run.counts.warning} warnings, ${run.counts.info} info`);
  if (run.cut) out.push(`- run cut by its budget: ${mdText(run.cut.reason)} (line ${run.cut.range.start.line + 1})`);
  out.push('', '## Nodes (final state)', '', '| node | kind | state | used | capacity | owners |', '| --- | --- | --- | --- | --- | --- |');
  for (const v of nodeViewsAt(run, -1)) {
    const owners = v.segments.map((s) => `${mdText(s.label)} ${formatBytes(s.pages * PAGE_SIZE)}`).join(', ') || '—';
    const media = v.media ? ` (media ${formatBytes(v.media.usedBytes)} of ${formatBytes(v.media.capacityBytes)}, ${formatPercent(v.media.share)})` : '';
    out.push(`| ${v.id} | ${v.kind} | ${stateLabel(v.state)} | ${formatBytes(v.usedPages * PAGE_SIZE)}${media} | ${formatBytes(v.capacityPages * PAGE_SIZE)} | ${owners} |`);
  }
  if (run.mappings.length) {
    out.push('', '## Mappings', '', '| task | mapping | size | pages by node |', '| --- | --- | --- | --- |');
    for (const m of run.mappings) {
      const pages = Object.entries(m.pages).map(([n, p]) => `${n === 'swap' ? 'swap' : `N${n}`}: ${p}`).join(', ') || '—';
      out.push(`| ${mdText(m.task)} | ${mdText(m.name)} | ${formatBytes(m.sizeBytes)} | ${pages} |`);
    }
  }
  if (run.expectations.length) {
    out.push('', '## Expectations', '');
    for (const e of run.expectations) {
      const note = expectationNote(e, run.design);
      out.push(`- ${expectationMark(e)} line ${e.range.start.line + 1}: \`${e.text.replace(/`/g, "'")}\`${e.actual ? ` — ${e.invalid ? '' : 'got '}${mdText(e.actual)}` : ''}${note ? ` (${mdText(note)})` : ''}`);
    }
  }
  if (run.steps.length) {
    out.push('', '## Timeline', '');
    for (const [i, s] of run.steps.slice(0, 500).entries()) {
      const placed = s.placements.map((p) => `${mdText(ownerLabel(p.owner))}→N${p.node} ×${p.pages}`).join(', ');
      out.push(`${i + 1}. ${mdText(stepHeading(s))}: ${mdText(describeOutcome(s.outcome))}${s.inferred ? ` ${INFERRED_MARK}` : ''}${placed ? ` — ${placed}` : ''}`);
      for (const e of s.explain) out.push(`   - ${mdText(e)}`);
      for (const t of s.inferred ?? []) out.push(`   - ${INFERRED_MARK} ${mdText(t)}`);
    }
    if (run.steps.length > 500) out.push(``, `(${run.steps.length - 500} more steps not shown)`);
  }
  if (compare) {
    const designs = compare.designs as string[];
    out.push('', '## Design comparison', '', `| line | statement | ${designs.join(' | ')} |`, `| --- | --- | ${designs.map(() => '---').join(' | ')} |`);
    for (const r of compare.rows) {
      const cells = designs.map((d) => mdText((r.cells as Record<string, { text: string } | undefined>)[d]?.text ?? '—'));
      out.push(`| ${r.range.start.line + 1}${r.differs ? ' ≠' : ''} | ${mdText(r.text)} | ${cells.join(' | ')} |`);
    }
  }
  out.push('');
  return out.join('\n');
}
