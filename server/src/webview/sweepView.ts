/**
 * The sweep view (mmlab/sweep's answer): the outcome of each design at each swept value, and a
 * chart per node (pages used, CRAM media used) against the value with one line per design and
 * the thresholds where an expectation flips drawn as dashed markers. SVG drawn by hand: a few
 * paths and lines need no plotting library, and the webview bundle stays small.
 */
import type { SweepChart, SweepThreshold, SweepView as SweepData } from '../analysis/whatif/plot';
import { formatBytes, PAGE_SIZE } from '../common/format';
import { h, VNode } from './vdom';

const W = 720;
const H = 240;
const M = { left: 78, right: 16, top: 14, bottom: 44 };

/** A colour per design, spread around the wheel (the legend names them). */
export function designColour(i: number, n: number): string {
  return `hsl(${Math.round((i * 360) / Math.max(1, n))}, 70%, 58%)`;
}

function xOf(i: number, n: number): number {
  const w = W - M.left - M.right;
  return n <= 1 ? M.left + w / 2 : M.left + (i * w) / (n - 1);
}

function label(v: number, unit: SweepChart['unit']): string {
  return unit === 'bytes' ? formatBytes(v) : unit === 'pages' ? `${v.toLocaleString('en-US')} (${formatBytes(v * PAGE_SIZE)})` : String(v);
}

function thresholdTitle(t: SweepThreshold, values: string[]): string {
  const where = t.index > 0 ? `between ${values[t.index - 1]} and ${values[t.index]}` : `at ${values[t.index]}`;
  const what = t.line ? `line ${t.line} ${t.text}` : 'verdict';
  // designs that flip the same way are named together
  const ways = new Map<string, string[]>();
  for (const f of t.flips) ways.set(`${f.from} → ${f.to}`, [...(ways.get(`${f.from} → ${f.to}`) ?? []), f.design]);
  return `${what}: flips ${where} (${[...ways].map(([way, ds]) => `${way}: ${ds.join(', ')}`).join('; ')})`;
}

export function renderChart(c: SweepChart, data: SweepData): VNode {
  const n = data.values.length;
  const max = Math.max(1, ...c.series.flatMap((s) => s.points.map((v) => v ?? 0)));
  const y = (v: number) => M.top + (H - M.top - M.bottom) * (1 - v / max);
  const lines = c.series.map((s, i) => {
    let d = '';
    let pen = false;
    s.points.forEach((v, k) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${xOf(k, n).toFixed(1)} ${y(v).toFixed(1)} `;
      pen = true;
    });
    const colour = designColour(data.designs.indexOf(s.design), data.designs.length);
    // designs with equal values draw on top of each other: earlier lines are wider, so each
    // colour still shows at the edge of the band
    const width = (1.5 + (4.5 * (c.series.length - 1 - i)) / Math.max(1, c.series.length - 1)).toFixed(2);
    return h(
      'g',
      { class: 'series', 'data-design': s.design },
      h('title', null, `${s.design}: ${s.points.map((v, k) => `${data.values[k]} → ${v === null ? 'not run' : label(v, c.unit)}`).join(', ')}`),
      h('path', { d: d.trim(), fill: 'none', stroke: colour, 'stroke-width': width, 'stroke-linejoin': 'round' }),
      s.points.map((v, k) => (v === null ? null : h('circle', { cx: xOf(k, n).toFixed(1), cy: y(v).toFixed(1), r: 2.5, fill: colour }))),
    );
  });
  const markers = data.thresholds.map((t, j) => {
    const x = t.index > 0 ? (xOf(t.index - 1, n) + xOf(t.index, n)) / 2 : xOf(0, n);
    return h(
      'g',
      { class: 'flip-marker', 'data-line': t.line, 'data-index': t.index },
      h('title', null, thresholdTitle(t, data.values)),
      h('line', { x1: x.toFixed(1), x2: x.toFixed(1), y1: M.top, y2: H - M.bottom, stroke: 'currentColor', 'stroke-dasharray': '5 4', 'stroke-width': 1.5 }),
      // labels of markers at the same place stack downwards
      h('text', { x: (x + 4).toFixed(1), y: M.top + 12 + 13 * data.thresholds.slice(0, j).filter((o) => o.index === t.index).length, 'font-size': 11, fill: 'currentColor' }, t.line ? `line ${t.line}` : 'verdict'),
    );
  });
  // x ticks: every value when they fit, else every k-th
  const step = Math.max(1, Math.ceil(n / 10));
  const xTicks = data.values.map((v, k) =>
    k % step === 0 || k === n - 1 ? h('text', { x: xOf(k, n).toFixed(1), y: H - M.bottom + 16, 'font-size': 11, 'text-anchor': 'middle', fill: 'currentColor' }, v) : null,
  );
  const yTicks = [0, max / 2, max].map((v) =>
    h(
      'g',
      null,
      h('line', { x1: M.left - 4, x2: W - M.right, y1: y(v).toFixed(1), y2: y(v).toFixed(1), stroke: 'currentColor', 'stroke-opacity': 0.15 }),
      h('text', { x: M.left - 6, y: (y(v) + 4).toFixed(1), 'font-size': 10, 'text-anchor': 'end', fill: 'currentColor' }, c.unit === 'bytes' ? formatBytes(Math.round(v)) : Math.round(v).toLocaleString('en-US')),
    ),
  );
  return h(
    'figure',
    { class: 'sweep-chart', 'data-chart': c.id },
    h('figcaption', null, `${c.title} against ${data.path}`),
    h(
      'svg',
      { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': `${c.title} against ${data.path}, one line per design` },
      yTicks,
      xTicks,
      h('text', { x: (M.left + W - M.right) / 2, y: H - 6, 'font-size': 11, 'text-anchor': 'middle', fill: 'currentColor' }, data.path),
      markers,
      lines,
    ),
  );
}

function legend(data: SweepData): VNode {
  return h(
    'ul',
    { class: 'sweep-legend' },
    data.designs.map((d, i) => h('li', null, h('span', { class: 'swatch', style: { background: designColour(i, data.designs.length) } }), ` ${d}`)),
  );
}

/** rows = swept values, columns = designs: the verdict and how many expectations failed */
function table(data: SweepData): VNode {
  const flipAt = new Set(data.thresholds.map((t) => t.index));
  return h(
    'table',
    { class: 'sweep-table', 'data-testid': 'sweep-table' },
    h('thead', null, h('tr', null, h('th', null, data.path), data.designs.map((d) => h('th', { scope: 'col' }, d)))),
    h(
      'tbody',
      null,
      data.values.map((v, k) =>
        h(
          'tr',
          { class: flipAt.has(k) ? 'flips' : undefined },
          h('th', { scope: 'row' }, v),
          data.designs.map((d) => {
            const row = data.table.find((r) => r.value === v && r.design === d);
            if (!row) return h('td', null, '—');
            const detail = row.nodes.map((x) => `N${x.id} ${formatBytes(x.usedPages * PAGE_SIZE)}${x.mediaUsedBytes ? `, media ${formatBytes(x.mediaUsedBytes)}` : ''}`).join('; ');
            return h('td', { class: `sweep-${row.verdict.split(' ')[0]}`, title: detail }, `${row.verdict}${row.failed ? ` (${row.failed} ✗)` : ''}`);
          }),
        ),
      ),
    ),
  );
}

export function renderSweep(data: SweepData): VNode {
  return h(
    'div',
    { class: 'sweep', 'data-testid': 'sweep-plot' },
    h('p', { class: 'sweep-summary' }, `${data.path} = ${data.values.join(', ')} · ${data.designs.length} design${data.designs.length === 1 ? '' : 's'} · ${data.runs} runs`),
    data.invalid.length ? h('p', { class: 'error-banner' }, `values that make the file invalid: ${data.invalid.join(', ')}`) : null,
    h(
      'section',
      { class: 'sweep-thresholds' },
      h('h2', null, 'Where an expectation flips'),
      data.thresholds.length ? h('ul', null, data.thresholds.map((t) => h('li', { class: 'threshold' }, thresholdTitle(t, data.values)))) : h('p', null, `no expectation flips between ${data.values[0]} and ${data.values[data.values.length - 1]}`),
    ),
    legend(data),
    data.charts.map((c) => renderChart(c, data)),
    h('h2', null, 'Outcome per value'),
    table(data),
  );
}
