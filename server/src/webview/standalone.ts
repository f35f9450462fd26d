/**
 * The memory map as one self-contained HTML file (`mmlab map FILE -o OUT.html`,
 * and the extension's Export report). No script at all: the page is the final
 * state (or a chosen step) plus the whole timeline as a table, so it can be
 * attached to a mailing-list reply or opened from a CI artefact safely. Every
 * scenario string is escaped by vdom.renderToString.
 */
import type { RunData } from '../common/protocol';
import { formatPages } from '../common/format';
import { effectiveStep, renderExpectations, renderHeader, renderLegend, renderNodes } from './memoryMapView';
import { ownerLabel, stepDeltas, stepHeading } from './model';
import { describeOutcome } from '../run/result';
import { BASE_CSS } from './styles';
import { escapeHtml, h, renderToString, VNode } from './vdom';

export interface StandaloneOptions {
  /** the step whose state the bars show (default: the final state) */
  step?: number;
  /** the file the data came from, shown under the title */
  sourceLabel?: string;
  /** at most this many timeline rows (default 2000) */
  maxTimelineRows?: number;
}

/** A table cell shows the first lines of a long list (a demotion explains every batch). */
function head(items: VNode[], n = 20): VNode[] {
  return items.length <= n ? items : [...items.slice(0, n), h('div', { class: 'empty' }, `… ${items.length - n} more`)];
}

function timelineTable(run: RunData, maxRows: number): VNode {
  const rows = run.steps.slice(0, maxRows).map((s, i) => {
    const deltas = stepDeltas(run, i);
    return h(
      'tr',
      null,
      h('td', null, String(i + 1)),
      h('td', null, stepHeading(s)),
      h('td', { class: `outcome-${s.outcome.kind}` }, describeOutcome(s.outcome)),
      h('td', null, s.placements.map((p) => h('div', null, `${ownerLabel(p.owner)} → node ${p.node}: ${formatPages(p.pages)}`))),
      h('td', null, deltas.map((d) => h('div', null, `node ${d.node} ${ownerLabel(d.owner)}: ${d.before.toLocaleString('en-US')} → ${d.after.toLocaleString('en-US')}`))),
      h('td', null, head(s.explain.map((e) => h('div', null, e))), head(s.events.map((e) => h('div', null, h('code', null, e.tp), ' ', e.text)))),
    );
  });
  return h(
    'section',
    { class: 'timeline' },
    h('h2', null, 'Timeline'),
    run.steps.length > maxRows ? h('p', { class: 'empty' }, `Showing the first ${maxRows} of ${run.steps.length} steps.`) : null,
    h(
      'table',
      { class: 'compare' },
      h('thead', null, h('tr', null, ['#', 'Where', 'Outcome', 'Placements', 'Changes', 'Why / events'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, rows),
    ),
  );
}

export function renderMemoryMapHtml(data: RunData, opts: StandaloneOptions = {}): string {
  const step = effectiveStep(data, opts.step ?? -1);
  const body = h(
    'main',
    null,
    renderHeader(data),
    opts.sourceLabel ? h('p', { class: 'mm-meta' }, opts.sourceLabel) : null,
    renderLegend(),
    step >= 0 ? h('p', { class: 'mm-meta' }, `State after step ${step + 1} of ${data.steps.length} (${stepHeading(data.steps[step])})`) : null,
    renderNodes(data, step),
    renderExpectations(data),
    timelineTable(data, opts.maxTimelineRows ?? 2000),
  );
  const title = `mmlab memory map — ${data.title ?? data.uri}`;
  // No script-src at all: nothing in this page can run, whatever the scenario says.
  const csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${BASE_CSS}</style>`,
    '</head>',
    `<body class="standalone">${renderToString(body)}</body>`,
    '</html>',
    '',
  ].join('\n');
}
