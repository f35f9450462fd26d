/**
 * The memory map's parts as element trees (see vdom.ts). The webview mounts them
 * and wires clicks; the standalone export serialises the same trees.
 */
import { INFERRED_LEGEND, INFERRED_MARK, type RunData, type TimelineStep } from '../analysis/viewData';
import type { RevealTarget } from './messages';
import { formatBytes, formatPages, formatPercent, PAGE_SIZE, signed } from '../common/format';
import { h, VNode } from './vdom';
import { describeOutcome, expectationMark, expectationNote, expectationStatus } from '../mm/result';
import {
  mediaSummary,
  NodeView,
  nodeTitle,
  nodeViewsAt,
  ownerLabel,
  segmentLabel,
  stateLabel,
  stepDeltas,
  stepHeading,
} from './model';

export interface MapHandlers {
  reveal?(target: RevealTarget): void;
  selectStep?(index: number): void;
}

/** The step shown: `step` when it is a recorded step, else the last one (the final state). */
export function effectiveStep(run: RunData, step: number): number {
  if (step >= 0 && step < run.steps.length) return step;
  return run.steps.length - 1;
}

export function renderHeader(run: RunData): VNode {
  const c = run.counts;
  const info = run.designs?.find((d) => d.name === run.design);
  // the designs declared in the workspace or the scenario: a reader of an exported map cannot hover them
  const declared = (run.designs ?? []).filter((d) => d.origin !== 'prelude');
  const verdictText = run.verdict === 'pass' ? '✓ pass' : run.verdict === 'fail' ? '✗ fail' : '⚠ error';
  return h(
    'header',
    { class: 'mm-header' },
    h('h1', { class: 'mm-title' }, run.title ?? 'Memory map'),
    h(
      'p',
      { class: 'mm-meta' },
      h('span', { class: 'badge design', 'data-testid': 'design', title: info?.summary ?? '' }, `design ${run.design}`),
      ' ',
      h('span', { class: `badge verdict verdict-${run.verdict}`, 'data-testid': 'verdict' }, verdictText),
      ' ',
      h(
        'span',
        { class: 'counts' },
        `${c.expectPassed} expect passed, ${c.expectFailed} failed · ${c.error} errors, ${c.warning} warnings, ${c.info} info`,
      ),
      run.cut ? h('span', { class: 'badge cut' }, ` run cut: ${run.cut.reason}`) : null,
    ),
    declared.length
      ? h(
          'ul',
          { class: 'mm-designs', 'aria-label': 'Declared designs', 'data-testid': 'declared-designs' },
          ...declared.map((d) => h('li', { class: d.name === run.design ? 'current' : '' }, h('code', null, d.name), ` — ${d.summary}`)),
        )
      : null,
  );
}

export function renderLegend(): VNode {
  const item = (cls: string, text: string) => h('li', null, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), text);
  const item2 = (cls: string[], text: string) => h('li', null, ...cls.map((c) => h('span', { class: `swatch ${c}`, 'aria-hidden': 'true' })), text);
  return h(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    // task mappings take the even colour slots, kernel allocations the odd ones (model.ts ownerColour)
    item2(['cat-mapping colour-0', 'cat-mapping colour-2'], 'mapping (task): blue and yellow tones'),
    item2(['cat-kernel colour-1', 'cat-kernel colour-3'], 'kernel allocation: green and purple tones, hatched'),
    item('cat-slab', 'slab'),
    item('cat-system', 'kernel (boot, memmap)'),
    item('cat-foreign', 'foreign data'),
    item('cat-free', 'free'),
    item('node-private-key', 'private node (dashed)'),
    item('node-offline-key', 'offline node (hatched)'),
  );
}

function segmentNode(v: NodeView, s: NodeView['segments'][number], handlers?: MapHandlers): VNode {
  const label = segmentLabel(s, v.id);
  const props = {
    class: `seg cat-${s.category} colour-${s.colour}`,
    style: { width: `${(s.share * 100).toFixed(4)}%` },
    title: label,
    'aria-label': label,
    'data-owner': s.owner,
    'data-pages': s.pages,
  };
  // Wide segments also show their owner (decorative: the aria-label already says it).
  const text = s.share >= 0.08 ? h('span', { class: 'seg-label', 'aria-hidden': 'true' }, s.label) : null;
  if (handlers?.reveal && s.target) {
    const target = s.target;
    return h('button', { ...props, type: 'button', on: { click: () => handlers.reveal!(target) } }, text);
  }
  return h('span', { ...props, role: 'img' }, text);
}

function mediaGauge(v: NodeView): VNode | null {
  const m = v.media;
  if (!m) return null;
  const pct = (x: number) => `${(x * 100).toFixed(3)}%`;
  const label = `Node ${v.id} ${mediaSummary(m)}`;
  return h(
    'div',
    { class: 'media' },
    h('div', { class: 'media-caption' }, `media ${formatBytes(m.usedBytes)} / ${formatBytes(m.capacityBytes)}`, m.open === false ? h('span', { class: 'badge closed' }, 'closed to demotion') : m.open ? h('span', { class: 'badge open' }, 'open') : null),
    h(
      'div',
      { class: 'media-bar', role: 'img', 'aria-label': label, 'data-testid': `media-${v.id}` },
      h('div', { class: `media-fill${m.lowLine !== undefined && m.share >= m.lowLine ? ' over-low' : ''}`, style: { width: pct(m.share) } }),
      m.highLine !== undefined ? h('div', { class: 'wm wm-high', style: { left: pct(m.highLine) }, title: `high watermark: ${formatPercent(m.highLine)} used` }, h('span', { class: 'wm-label' }, 'high')) : null,
      m.lowLine !== undefined ? h('div', { class: 'wm wm-low', style: { left: pct(m.lowLine) }, title: `low watermark: ${formatPercent(m.lowLine)} used` }, h('span', { class: 'wm-label' }, 'low')) : null,
    ),
  );
}

export function renderNode(v: NodeView, handlers?: MapHandlers): VNode {
  const cap = v.capacityPages * PAGE_SIZE;
  const freeShare = v.capacityPages ? v.freePages / Math.max(v.capacityPages, v.usedPages + v.freePages) : 0;
  const otherShare = v.capacityPages ? v.otherPages / Math.max(v.capacityPages, v.usedPages + v.freePages) : 0;
  return h(
    'section',
    { class: `node state-${v.state} kind-${v.kind}`, 'data-node': v.id, 'data-state': v.state, 'aria-label': nodeTitle(v) },
    h(
      'div',
      { class: 'node-head' },
      h('h2', null, `Node ${v.id}`, h('span', { class: 'kind' }, v.kind)),
      h('span', { class: `badge state state-${v.state}` }, stateLabel(v.state)),
      v.tier !== undefined ? h('span', { class: 'badge tier' }, `tier ${v.tier}`) : null,
      h('span', { class: 'usage' }, `${formatBytes(v.usedPages * PAGE_SIZE)} / ${formatBytes(cap)} used`),
    ),
    h(
      'div',
      { class: 'bar', role: 'group', 'aria-label': v.summary, 'data-testid': `bar-${v.id}` },
      v.segments.map((s) => segmentNode(v, s, handlers)),
      v.otherPages
        ? h('span', { class: 'seg cat-system', role: 'img', style: { width: `${(otherShare * 100).toFixed(4)}%` }, title: `unattributed: ${formatPages(v.otherPages)}`, 'aria-label': `unattributed: ${formatPages(v.otherPages)}` })
        : null,
      h('span', { class: 'seg cat-free', 'aria-hidden': 'true', style: { width: `${(freeShare * 100).toFixed(4)}%` } }),
    ),
    mediaGauge(v),
  );
}

/** Every node's owners as a table: hidden visually, read by screen readers (and by tests). */
export function renderNodeTable(views: NodeView[], caption: string): VNode {
  const rows: VNode[] = [];
  for (const v of views) {
    if (!v.segments.length && !v.otherPages) rows.push(h('tr', null, h('th', { scope: 'row' }, `Node ${v.id} (${stateLabel(v.state)})`), h('td', null, '(empty)'), h('td', null, '0'), h('td', null, '0%')));
    for (const s of v.segments)
      rows.push(h('tr', null, h('th', { scope: 'row' }, `Node ${v.id} (${stateLabel(v.state)})`), h('td', null, s.label), h('td', null, formatPages(s.pages)), h('td', null, formatPercent(s.share))));
    if (v.media) rows.push(h('tr', null, h('th', { scope: 'row' }, `Node ${v.id} media`), h('td', null, 'CRAM media'), h('td', null, formatBytes(v.media.usedBytes)), h('td', null, formatPercent(v.media.share))));
  }
  // The wrapper hides it (a table ignores width:1px); the table keeps its semantics.
  return h(
    'div',
    { class: 'sr-only' },
    h(
    'table',
    { 'data-testid': 'node-table' },
    h('caption', null, caption),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Node'), h('th', { scope: 'col' }, 'Owner'), h('th', { scope: 'col' }, 'Pages'), h('th', { scope: 'col' }, 'Share'))),
    h('tbody', null, rows),
    ),
  );
}

export function renderNodes(run: RunData, step: number, handlers?: MapHandlers): VNode {
  const idx = effectiveStep(run, step);
  const views = nodeViewsAt(run, idx);
  const when = idx >= 0 ? `after step ${idx + 1} of ${run.steps.length} (${stepHeading(run.steps[idx])})` : 'at the end of the run';
  return h('div', { class: 'nodes' }, views.map((v) => renderNode(v, handlers)), renderNodeTable(views, `Pages by node and owner ${when}`));
}

function revealButton(text: string, step: TimelineStep, handlers?: MapHandlers): VNode {
  if (!handlers?.reveal) return h('span', null, text);
  return h('button', { type: 'button', class: 'link', on: { click: () => handlers.reveal!({ range: step.range }) } }, text);
}

/** What happened at one step: outcome, placements, page changes, explain lines, trace events. */
export function renderStepDetail(run: RunData, step: number, handlers?: MapHandlers): VNode {
  const idx = effectiveStep(run, step);
  const s = run.steps[idx];
  if (!s) return h('div', { class: 'step-detail', 'data-testid': 'step-detail' }, h('p', null, 'The run recorded no steps.'));
  const deltas = stepDeltas(run, idx);
  return h(
    'div',
    { class: 'step-detail', 'data-testid': 'step-detail', 'aria-live': 'polite' },
    h(
      'h3',
      null,
      revealButton(`Step ${idx + 1}: ${stepHeading(s)}`, s, handlers),
      ' ',
      h('span', { class: `badge outcome outcome-${s.outcome.kind}` }, describeOutcome(s.outcome)),
      s.inferred ? h('span', { class: 'badge inferred', 'data-testid': 'step-inferred', title: INFERRED_LEGEND }, INFERRED_MARK) : null,
    ),
    s.inferred ? h('div', null, h('h4', null, 'Rests on an inference'), h('ul', { class: 'inferred' }, s.inferred.map((t) => h('li', null, t)))) : null,
    s.placements.length
      ? h('div', null, h('h4', null, 'Placements'), h('ul', { class: 'placements' }, s.placements.map((p) => h('li', null, `${ownerLabel(p.owner)} → node ${p.node}: ${formatPages(p.pages)}`))))
      : null,
    deltas.length
      ? h('div', null, h('h4', null, 'Changes'), h('ul', { class: 'deltas' }, deltas.map((d) => h('li', null, `node ${d.node} · ${ownerLabel(d.owner)}: ${signed(d.after - d.before)} pages (now ${d.after.toLocaleString('en-US')})`))))
      : null,
    s.explain.length ? h('div', null, h('h4', null, 'Why'), capped('explain', s.explain.map((e) => h('li', null, e)))) : null,
    s.events.length
      ? h('div', null, h('h4', null, `Events (${s.events.length})`), eventSummary(s), capped('events', s.events.map((e) => h('li', null, h('code', null, e.tp), ' ', e.text))))
      : null,
  );
}

/** Long lists (a demotion can explain hundreds of pages) show their head; the rest folds away. */
function capped(cls: string, items: VNode[], head = 12, max = 500): VNode {
  if (items.length <= head) return h('ul', { class: cls }, items);
  const rest = items.slice(head, max);
  return h(
    'div',
    null,
    h('ul', { class: cls }, items.slice(0, head)),
    h(
      'details',
      { class: 'more' },
      h('summary', null, `${items.length - head} more${items.length > max ? ` (first ${max - head} shown)` : ''}`),
      h('ul', { class: cls }, rest),
    ),
  );
}

/** "mm_page_alloc ×3 · mm_migrate_pages ×1" for steps with many events. */
function eventSummary(s: TimelineStep): VNode | null {
  if (s.events.length <= 3) return null;
  const counts = new Map<string, number>();
  for (const e of s.events) counts.set(e.tp, (counts.get(e.tp) ?? 0) + 1);
  return h('p', { class: 'event-summary' }, [...counts].map(([tp, n]) => `${tp} ×${n}`).join(' · '));
}

/** A window of the step list around the selection (runs can record 20,000 steps). */
export function renderStepList(run: RunData, step: number, handlers?: MapHandlers, windowSize = 60): VNode {
  const idx = effectiveStep(run, step);
  const from = Math.max(0, Math.min(idx - windowSize / 2, run.steps.length - windowSize));
  const to = Math.min(run.steps.length, from + windowSize);
  const items: VNode[] = [];
  for (let i = from; i < to; i++) {
    const s = run.steps[i];
    const text = `${stepHeading(s)} — ${describeOutcome(s.outcome)}${s.inferred ? ` ${INFERRED_MARK}` : ''}${s.placements.length ? ` · ${s.placements.map((p) => `${ownerLabel(p.owner)}→N${p.node}`).join(', ')}` : ''}`;
    const cls = `step outcome-${s.outcome.kind}${i === idx ? ' current' : ''}`;
    items.push(
      h(
        'li',
        { class: cls, 'data-step': i, 'aria-current': i === idx ? 'step' : undefined },
        handlers?.selectStep
          ? h('button', { type: 'button', class: 'link', on: { click: () => { handlers.selectStep!(i); handlers.reveal?.({ range: s.range }); } } }, text)
          : text,
      ),
    );
  }
  return h('ol', { class: 'steps', start: from + 1, 'aria-label': 'Steps of the run' }, items);
}

export function renderExpectations(run: RunData, handlers?: MapHandlers): VNode | null {
  if (!run.expectations.length) return null;
  return h(
    'section',
    { class: 'expectations' },
    h('h2', null, 'Expectations'),
    h(
      'ul',
      null,
      run.expectations.map((e) => {
        // the one expectation rule (run/result.ts): non-binding outcomes are shown, muted, and named so
        const note = expectationNote(e, run.design);
        const text = `${expectationMark(e)} line ${e.range.start.line + 1}: ${e.text}${e.actual ? ` (${e.invalid ? '' : 'got '}${e.actual})` : ''}${note ? ` (${note})` : ''}`;
        const cls = { pass: 'passed', fail: 'failed', skipped: 'skipped', 'not-binding-pass': 'not-binding', 'not-binding-fail': 'not-binding' }[expectationStatus(e)];
        return h('li', { class: `expect ${cls}` }, handlers?.reveal ? h('button', { type: 'button', class: 'link', on: { click: () => handlers.reveal!({ range: e.range }) } }, text) : text);
      }),
    ),
  );
}
