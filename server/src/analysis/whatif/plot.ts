/**
 * What the editor's sweep view shows, as plain data (the webview only draws it): the outcome
 * table (one row per value and design), charts of each node's pages used and each CRAM node's
 * media used against the swept value (one line per design), and the thresholds where an
 * expectation flips, placed between the two values that bracket them.
 */
import { DesignName } from '../../model/ir';
import { Flip, SweepResult, sweepSeries } from './sweep';

export interface SweepTableRow {
  value: string;
  design: DesignName;
  /** pass | fail | error | invalid | not run; ` (cut: …)` when the run hit its budget */
  verdict: string;
  failed: number;
  /** per node id: pages used and media bytes used */
  nodes: { id: number; usedPages: number; mediaUsedBytes: number }[];
}

export interface SweepSeries {
  design: DesignName;
  /** one point per swept value; null where the run did not finish or the file was invalid */
  points: (number | null)[];
}

export interface SweepChart {
  id: string;
  title: string;
  unit: 'pages' | 'bytes';
  series: SweepSeries[];
}

export interface SweepThreshold {
  /** the flip lies between values[index - 1] and values[index] */
  index: number;
  /** 0 for the verdict */
  line: number;
  text: string;
  /** each design it flips for, with its outcome before and after */
  flips: { design: DesignName; from: string; to: string }[];
}

export interface SweepView {
  uri: string;
  path: string;
  values: string[];
  designs: DesignName[];
  table: SweepTableRow[];
  charts: SweepChart[];
  /** expectation flips (statement and verdict flips stay in the table and in `flips`) */
  thresholds: SweepThreshold[];
  flips: Flip[];
  invalid: string[];
  runs: number;
}

export function sweepView(uri: string, r: SweepResult): SweepView {
  const table: SweepTableRow[] = r.points.map((p) => {
    const s = p.summary;
    return {
      value: p.value,
      design: p.design,
      verdict: !s ? 'not run' : s.staticErrors ? 'invalid' : `${s.verdict}${s.cut ? ` (cut: ${s.cut})` : ''}`,
      failed: s ? s.rows.filter((x) => x.outcome === 'fail').length : 0,
      nodes: (s?.nodes ?? []).map((n) => ({ id: n.id, usedPages: n.usedPages, mediaUsedBytes: n.mediaUsedBytes })),
    };
  });
  const series = sweepSeries(r);
  const nodeIds = Object.keys(series[0]?.nodes ?? {}).map(Number);
  const chart = (id: string, title: string, unit: SweepChart['unit'], read: 'used' | 'media', nodeId: number): SweepChart => ({
    id,
    title,
    unit,
    series: series.map((d) => ({ design: d.design, points: d.nodes[nodeId][read] })),
  });
  const charts: SweepChart[] = [];
  for (const id of nodeIds) {
    const c = chart(`n${id}-used`, `node ${id}: pages used`, 'pages', 'used', id);
    if (c.series.some((s) => s.points.some((v) => v))) charts.push(c);
  }
  for (const id of nodeIds.filter((x) => r.points.some((p) => p.summary?.nodes.find((n) => n.id === x)?.mediaCapacityBytes))) {
    charts.push(chart(`n${id}-media`, `node ${id}: media used`, 'bytes', 'media', id));
  }
  const thresholds: SweepThreshold[] = [];
  for (const f of r.flips) {
    // the thresholds a reader asks about: where an expectation's outcome changes
    if (f.line !== 0 && !/^expect\b/.test(f.text)) continue;
    const index = r.values.indexOf(f.to.value);
    let t = thresholds.find((x) => x.index === index && x.line === f.line);
    if (!t) thresholds.push((t = { index, line: f.line, text: f.text, flips: [] }));
    t.flips.push({ design: f.design, from: f.from.cell, to: f.to.cell });
  }
  thresholds.sort((a, b) => a.index - b.index || a.line - b.line);
  return { uri, path: r.path, values: r.values, designs: r.designs, table, charts, thresholds, flips: r.flips, invalid: r.invalid, runs: r.points.filter((p) => p.summary).length };
}

/** A starting range for the sweep input box: half to twice the current value. */
export function suggestRange(value: string): string {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT])(?:i?B)?$/i.exec(value.trim());
  if (m) return `${half(Number(m[1]), m[2].toUpperCase())}..${Number(m[1]) * 2}${m[2].toUpperCase()}`;
  if (/^\d+(\.\d+)?%$/.test(value)) return '0%..100%:10%';
  const n = Number(value);
  if (!Number.isFinite(n)) return value;
  if (Number.isInteger(n)) return `${Math.max(0, Math.floor(n / 2))}..${n * 2}`;
  return `${n / 2}..${n * 2}`;
}

function half(n: number, unit: string): string {
  const units = ['K', 'M', 'G', 'T'];
  if (n % 2 === 0 || unit === 'K') return `${n / 2}${unit}`;
  return `${n * 512}${units[units.indexOf(unit) - 1]}`;
}
