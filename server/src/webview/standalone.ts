/**
 * The memory map as one self-contained HTML file (`mmlab map FILE -o OUT.html`,
 * and the extension's Export report). No script at all: the page is a timeline
 * slider made of radio buttons and CSS (final state first; or a chosen step), the
 * diagnostics, and the whole timeline as a table, so it can be
 * attached to a mailing-list reply or opened from a CI artefact safely. Every
 * scenario string is escaped by vdom.renderToString.
 */
import { INFERRED_LEGEND, INFERRED_MARK, type RunData } from '../analysis/viewData';
import { formatPages } from '../common/format';
import { effectiveStep, renderExpectations, renderHeader, renderLegend, renderNodes } from './memoryMapView';
import { ownerLabel, stepDeltas, stepHeading } from './model';
import { describeOutcome } from '../mm/result';
import { BASE_CSS } from './styles';
import { escapeHtml, h, renderToString, VNode } from './vdom';

export interface StandaloneOptions {
  /** the step whose state the bars show (default: the final state) */
  step?: number;
  /** the file the data came from, shown under the title */
  sourceLabel?: string;
  /** at most this many timeline rows (default 2000) */
  maxTimelineRows?: number;
  /** the run's diagnostics (static and run), listed under the map */
  diagnostics?: { line: number; severity: string; code: string; message: string }[];
  /** at most this many positions on the timeline slider (default 60; steps are sampled evenly, the last always kept) */
  maxSliderSteps?: number;
}

/**
 * The timeline slider without a script: one radio button per sampled step and the node bars after
 * each; CSS shows the bars of the checked step. The final state is checked at first.
 */
function sliderSteps(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out = new Set<number>();
  for (let k = 0; k < max; k++) out.add(Math.round((k * (n - 1)) / (max - 1)));
  return [...out].sort((a, b) => a - b);
}

function timelineSlider(run: RunData, steps: number[]): { node: VNode; css: string } {
  if (!steps.length) return { node: h('p', { class: 'empty' }, 'No steps to show.'), css: '' };
  const last = steps[steps.length - 1];
  const radios = steps.map((i) => h('input', { type: 'radio', name: 'mm-step', id: `mm-st-${i}`, class: 'mm-step-radio', 'aria-label': `after step ${i + 1}: ${stepHeading(run.steps[i])}`, ...(i === last ? { checked: '' } : {}) }));
  const labels = h('div', { class: 'mm-slider-track', role: 'presentation' }, steps.map((i) => h('label', { for: `mm-st-${i}`, title: `step ${i + 1}: ${stepHeading(run.steps[i])}` }, String(i + 1))));
  const states = h(
    'div',
    { class: 'mm-step-states' },
    steps.map((i) => h('div', { class: `mm-step-state mm-st-${i}` }, h('p', { class: 'mm-meta' }, `After step ${i + 1} of ${run.steps.length}: ${stepHeading(run.steps[i])} — ${describeOutcome(run.steps[i].outcome)}`), renderNodes(run, i))),
  );
  const css = [
    '.mm-step-radio { position: absolute; opacity: 0; }',
    '.mm-slider-track { display: flex; flex-wrap: wrap; gap: 2px; margin: 4px 0 8px; }',
    '.mm-slider-track label { cursor: pointer; padding: 1px 4px; border: 1px solid var(--mm-lines); border-radius: 3px; font-size: 11px; }',
    '.mm-step-state { display: none; }',
    ...steps.map((i) => `#mm-st-${i}:checked ~ .mm-step-states > .mm-st-${i} { display: block; } #mm-st-${i}:checked ~ .mm-slider-track label[for="mm-st-${i}"] { background: var(--mm-blue); color: var(--mm-bg); }`),
  ].join('\n');
  return { node: h('section', { class: 'mm-slider', 'aria-label': 'Timeline slider' }, h('h2', null, 'Timeline slider'), ...radios, labels, states), css };
}

function diagnosticsList(ds: NonNullable<StandaloneOptions['diagnostics']>): VNode {
  return h(
    'section',
    { class: 'diagnostics' },
    h('h2', null, `Diagnostics (${ds.length})`),
    ds.length ? h('ul', null, ds.map((d) => h('li', { class: `diag diag-${d.severity}` }, `line ${d.line}: ${d.severity} ${d.code}: ${d.message}`))) : h('p', { class: 'empty' }, 'None.'),
  );
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
      h('td', { class: `outcome-${s.outcome.kind}` }, describeOutcome(s.outcome), s.inferred ? h('div', { class: 'inferred', title: INFERRED_LEGEND }, INFERRED_MARK, ...s.inferred.map((t) => h('div', null, t))) : null),
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
  const slider = opts.step !== undefined && opts.step >= 0 ? { node: null, css: '' } : data.steps.length ? timelineSlider(data, sliderSteps(data.steps.length, opts.maxSliderSteps ?? 60)) : { node: renderNodes(data, step), css: '' };
  const body = h(
    'main',
    null,
    renderHeader(data),
    opts.sourceLabel ? h('p', { class: 'mm-meta' }, opts.sourceLabel) : null,
    renderLegend(),
    step >= 0 ? h('p', { class: 'mm-meta' }, `State after step ${step + 1} of ${data.steps.length} (${stepHeading(data.steps[step])})`) : null,
    // a chosen step shows its state; otherwise the slider (final state checked) replaces the bars
    opts.step !== undefined && opts.step >= 0 ? renderNodes(data, step) : slider.node,
    opts.diagnostics ? diagnosticsList(opts.diagnostics) : null,
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
    `<style>${BASE_CSS}${slider.css ? `\n${slider.css}` : ''}</style>`,
    '</head>',
    `<body class="standalone">${renderToString(body)}</body>`,
    '</html>',
    '',
  ].join('\n');
}
