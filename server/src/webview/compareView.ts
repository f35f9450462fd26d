/** The design-comparison table: rows = statements and expectations, columns = designs. */
import { INFERRED_MARK, type CompareCell, type CompareData, type CompareRow } from '../analysis/viewData';
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

/** Options of the table: only rows that differ; compact = one glyph per cell, the text on hover. */
export interface CompareOptions {
  onlyDifferences: boolean;
  compact?: boolean;
}

/** From this many columns the view starts compact (a reader can switch back). */
export const COMPACT_FROM = 12;

/** One glyph per outcome, for compact cells (the cell text goes to the tooltip). */
export const OUTCOME_GLYPH: Record<CompareCell['outcome'], string> = {
  ok: '·',
  error: 'E',
  oom: 'K',
  leak: 'L',
  pass: '✓',
  fail: '✗',
  skipped: '–',
  // an expectation shown but not binding under this design (the one expectation rule)
  'not-binding-pass': '(✓)',
  'not-binding-fail': '(✗)',
  'not-run': '—',
};

/** The designs in column order: grouped by family when the data has groups. */
export function columnOrder(data: CompareData): string[] {
  const designs = data.designs as string[];
  if (!data.groups?.length) return designs;
  const grouped = data.groups.flatMap((g) => g.designs as string[]).filter((d) => designs.includes(d));
  return [...grouped, ...designs.filter((d) => !grouped.includes(d))];
}

export function renderCompare(data: CompareData, opts: boolean | CompareOptions, handlers?: CompareHandlers): VNode {
  const o: CompareOptions = typeof opts === 'boolean' ? { onlyDifferences: opts } : opts;
  const designs = columnOrder(data);
  const compact = o.compact ?? designs.length >= COMPACT_FROM;
  const rows = o.onlyDifferences ? data.rows.filter((r) => r.differs) : data.rows;
  const differing = data.rows.filter((r) => r.differs).length;
  const verdict = (d: string) => (data.verdicts as Record<string, string | undefined>)[d];
  const groups = (data.groups ?? []).filter((g) => g.designs.length > 0);
  const groupRow =
    groups.length > 1
      ? h(
          'tr',
          { class: 'groups' },
          h('th', { colspan: 2, scope: 'colgroup' }, ''),
          groups.map((g) => h('th', { scope: 'colgroup', colspan: g.designs.length, class: 'group', 'data-group': g.name }, g.name)),
        )
      : null;
  return h(
    'div',
    { class: `compare-view${compact ? ' compact' : ''}` },
    h('p', { class: 'mm-meta', 'data-testid': 'compare-summary' }, `${data.rows.length} rows, ${differing} differ between designs`),
    compact ? h('p', { class: 'mm-meta legend', 'data-testid': 'compare-legend' }, 'Cells: · ok, E errno, K OOM kill, L leak, ✓ expectation holds, ✗ fails, – skipped, — not run; ⁱ the outcome rests on an inference; hover a cell for its detail.') : null,
    h(
      'table',
      { class: 'compare', 'data-testid': 'compare-table' },
      h('caption', { class: 'sr-only' }, 'Outcome of every statement and expectation under each design; rows where designs differ are marked'),
      h(
        'thead',
        null,
        groupRow,
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
          ? rows.map((row) => renderRow(row, designs, compact, handlers))
          : h('tr', null, h('td', { colspan: designs.length + 2, class: 'empty' }, o.onlyDifferences ? 'No differences between the designs.' : 'Nothing to compare.')),
      ),
    ),
  );
}

function renderRow(row: CompareRow, designs: string[], compact: boolean, handlers?: CompareHandlers): VNode {
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
      const inferred = cell.inferred ? `\n${INFERRED_MARK} ${cell.inferred.join(`\n${INFERRED_MARK} `)}` : '';
      const title = `${d}: ${cell.detail ?? cell.text}${inferred}`;
      const mark = cell.inferred ? h('span', { class: 'inferred', 'data-testid': 'cell-inferred' }, ` ${INFERRED_MARK}`) : null;
      if (compact) return h('td', { class: `cell-${cell.outcome}${odd ? ' cell-odd' : ''} glyph`, 'data-design': d, title, 'aria-label': title }, OUTCOME_GLYPH[cell.outcome], cell.inferred ? h('span', { class: 'inferred' }, 'ⁱ') : null);
      return h('td', { class: `cell-${cell.outcome}${odd ? ' cell-odd' : ''}`, 'data-design': d, title: `${cell.detail ?? cell.text}${inferred}` }, cell.text, mark);
    }),
  );
}
