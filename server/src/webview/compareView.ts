/** The design-comparison table: rows = statements and expectations, columns = designs. */
import type { CompareCell, CompareData, CompareRow } from '../common/protocol';
import type { RevealTarget } from './messages';
import { h, VNode } from './vdom';

export interface CompareHandlers {
  reveal?(target: RevealTarget): void;
}

/** The cell text most designs agree on (ties: the first design's), to mark the odd ones out. */
export function majorityText(row: CompareRow, designs: string[]): string | undefined {
  const counts = new Map<string, number>();
  let best: string | undefined;
  let bestN = 0;
  for (const d of designs) {
    const t = (row.cells as Record<string, CompareCell | undefined>)[d]?.text;
    if (t === undefined) continue;
    const n = (counts.get(t) ?? 0) + 1;
    counts.set(t, n);
    if (n > bestN) {
      best = t;
      bestN = n;
    }
  }
  return best;
}

export function renderCompare(data: CompareData, onlyDifferences: boolean, handlers?: CompareHandlers): VNode {
  const designs = data.designs as string[];
  const rows = onlyDifferences ? data.rows.filter((r) => r.differs) : data.rows;
  const differing = data.rows.filter((r) => r.differs).length;
  const verdict = (d: string) => (data.verdicts as Record<string, string | undefined>)[d];
  return h(
    'div',
    { class: 'compare-view' },
    h('p', { class: 'mm-meta', 'data-testid': 'compare-summary' }, `${data.rows.length} rows, ${differing} differ between designs`),
    h(
      'table',
      { class: 'compare', 'data-testid': 'compare-table' },
      h('caption', { class: 'sr-only' }, 'Outcome of every statement and expectation under each design; rows where designs differ are marked'),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, 'Line'),
          h('th', { scope: 'col' }, 'Statement'),
          designs.map((d) =>
            h('th', { scope: 'col', 'data-design': d }, d, verdict(d) ? h('span', { class: `badge verdict verdict-${verdict(d)}` }, verdict(d) === 'pass' ? '✓' : verdict(d) === 'fail' ? '✗' : '⚠') : null),
          ),
        ),
      ),
      h(
        'tbody',
        null,
        rows.length
          ? rows.map((row) => renderRow(row, designs, handlers))
          : h('tr', null, h('td', { colspan: designs.length + 2, class: 'empty' }, onlyDifferences ? 'No differences between the designs.' : 'Nothing to compare.')),
      ),
    ),
  );
}

function renderRow(row: CompareRow, designs: string[], handlers?: CompareHandlers): VNode {
  const majority = row.differs ? majorityText(row, designs) : undefined;
  const line = `${row.range.start.line + 1}`;
  const lineCell = handlers?.reveal
    ? h('button', { type: 'button', class: 'link', 'aria-label': `Reveal line ${line}`, on: { click: () => handlers.reveal!({ range: row.range }) } }, line)
    : line;
  return h(
    'tr',
    { class: `kind-${row.kind}${row.differs ? ' differs' : ''}`, 'data-line': line },
    h('td', null, lineCell),
    h('th', { scope: 'row', class: 'row-head' }, row.differs ? h('span', { class: 'diff-mark', 'aria-label': 'differs: ' }, '≠ ') : null, row.text),
    designs.map((d) => {
      const cell = (row.cells as Record<string, CompareCell | undefined>)[d];
      if (!cell) return h('td', { class: 'cell-not-run', 'data-design': d }, '—');
      const odd = row.differs && majority !== undefined && cell.text !== majority;
      return h('td', { class: `cell-${cell.outcome}${odd ? ' cell-odd' : ''}`, 'data-design': d, title: cell.detail ?? cell.text }, cell.text);
    }),
  );
}
