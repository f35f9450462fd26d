/**
 * Pure view models for the memory map: which bar segments a node has at a step,
 * the CRAM media gauge, and what changed between two steps. No DOM, so the unit
 * tests and the standalone page use exactly what the webview draws.
 */
import type { RunData, TimelineStep } from '../analysis/viewData';
import type { NodeReport, NodeSnapshot, NodeStateName, OwnerPages } from '../mm/result';
import type { Span } from '../common/span';
import type { RevealTarget } from './messages';
import { formatBytes, formatPages, formatPercent, PAGE_SIZE } from '../common/format';

export type OwnerCategory = 'mapping' | 'kernel' | 'slab' | 'foreign' | 'system';

export interface Segment {
  owner: string;
  /** the label a person reads: "app:buf", "kernel p", "slab" */
  label: string;
  category: OwnerCategory;
  pages: number;
  /** share of the node's capacity, 0..1 */
  share: number;
  /** colour slot (0..7) for mappings and kernel handles, stable per owner name */
  colour: number;
  span?: Span;
  /** where a click takes the editor: the owner's span, its mapping's declaration, or the first step that placed it */
  target?: RevealTarget;
}

export interface MediaGauge {
  usedBytes: number;
  capacityBytes: number;
  /** share of media in use, 0..1 */
  share: number;
  /** where the low/high interrupts fire, as shares of media USED (1 - free share) */
  lowLine?: number;
  highLine?: number;
  open?: boolean;
  pressure?: number;
}

export interface NodeView {
  id: number;
  kind: string;
  state: NodeStateName;
  tier?: number;
  capacityPages: number;
  usedPages: number;
  freePages: number;
  segments: Segment[];
  /** used pages not attributed to any owner (kept so the bar adds up) */
  otherPages: number;
  media?: MediaGauge;
  /** the whole-bar text alternative */
  summary: string;
}

/** Owners the kernel itself holds at boot or on a device's behalf (not a scenario allocation). */
const SYSTEM_OWNERS = /^(memmap|vmemmap|pgdat|boot|kernel|reserved|cram|device|percpu|deferred-free)(:|$)/;

/**
 * Owner keys are "task:buf" (or "<task>:<mapping>"), "kernel:p", "slab", "foreign",
 * and kernel-internal ones (memmap, pgdat, "cram:promote" ...).
 */
export function ownerCategory(owner: string): OwnerCategory {
  if (owner.startsWith('kernel:')) return 'kernel';
  if (owner === 'slab' || owner.startsWith('slab:')) return 'slab';
  if (owner === 'foreign' || owner.startsWith('foreign:')) return 'foreign';
  if (owner.startsWith('task:')) return 'mapping';
  if (SYSTEM_OWNERS.test(owner)) return 'system';
  return owner.includes(':') ? 'mapping' : 'system';
}

export function ownerLabel(owner: string): string {
  const c = ownerCategory(owner);
  if (c === 'mapping') return owner.startsWith('task:') ? owner.slice('task:'.length) : owner;
  if (c === 'kernel') return `kernel ${owner.slice('kernel:'.length)}`;
  return owner;
}

/** FNV-1a, so an owner keeps its colour across steps, designs and reloads. */
export function colourSlot(owner: string, slots = 8): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < owner.length; i++) {
    h ^= owner.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % slots;
}

/**
 * The colour slot of an owner: task mappings take the even slots and kernel allocations the odd
 * ones, so a task mapping is never drawn in a kernel allocation's colour (the legend says which
 * tones are which); other owners have fixed colours of their own (styles.ts).
 */
export function ownerColour(owner: string): number {
  const c = ownerCategory(owner);
  if (c === 'mapping') return 2 * colourSlot(owner, 4);
  if (c === 'kernel') return 2 * colourSlot(owner, 4) + 1;
  return colourSlot(owner);
}

export function stateLabel(state: NodeStateName): string {
  switch (state) {
    case 'normal':
      return 'normal (N_MEMORY)';
    case 'private':
      return 'private (N_MEMORY_PRIVATE)';
    case 'spm':
      return 'SPM (N_MEMORY, filtered)';
    case 'device':
      return 'ZONE_DEVICE';
    case 'offline':
      return 'offline';
    case 'memoryless':
      return 'memoryless';
  }
}

function snapshotFor(step: TimelineStep | undefined, id: number): NodeSnapshot | undefined {
  return step?.nodes.find((n) => n.id === id);
}

/**
 * The node bars at `stepIndex` (the state after that step), or the final state
 * when the index is out of range or the run recorded no steps.
 */
export function nodeViewsAt(run: RunData, stepIndex: number): NodeView[] {
  const step = stepIndex >= 0 && stepIndex < run.steps.length ? run.steps[stepIndex] : undefined;
  const targets = revealTargets(run);
  return run.nodes.map((report) => nodeView(report, step ? snapshotFor(step, report.id) : undefined, (o) => targets.get(o)));
}

/**
 * Where each owner came from, for owners without a span of their own: a mapping's
 * declaration (MappingReport.span, owner "task:name") or the first step that
 * placed pages for it.
 */
export function revealTargets(run: RunData): Map<string, RevealTarget> {
  const out = new Map<string, RevealTarget>();
  for (const n of run.nodes) for (const o of n.owners) if (o.span && !out.has(o.owner)) out.set(o.owner, { span: o.span });
  for (const m of run.mappings) {
    const key = `${m.task}:${m.name}`;
    if (!out.has(key)) out.set(key, { span: m.span });
    if (!out.has(`task:${m.name}`)) out.set(`task:${m.name}`, { span: m.span });
  }
  for (const st of run.steps) for (const p of st.placements) if (!out.has(p.owner)) out.set(p.owner, { range: st.range });
  return out;
}

export function nodeView(report: NodeReport, snap?: NodeSnapshot, targetOf: (owner: string) => RevealTarget | undefined = () => undefined): NodeView {
  const usedPages = snap ? snap.usedPages : report.usedPages;
  const freePages = snap ? snap.freePages : report.freePages;
  const state = snap ? snap.state : report.state;
  const owners: OwnerPages[] = snap ? snap.owners : report.owners;
  const capacityPages = Math.max(report.capacityPages, usedPages + freePages, 1);
  const segments: Segment[] = owners
    .filter((o) => o.pages > 0)
    .map((o) => ({
      owner: o.owner,
      label: ownerLabel(o.owner),
      category: ownerCategory(o.owner),
      pages: o.pages,
      share: o.pages / capacityPages,
      colour: ownerColour(o.owner),
      span: o.span ?? report.owners.find((r) => r.owner === o.owner)?.span,
    }))
    .map((seg) => ({ ...seg, target: seg.span ? { span: seg.span } : targetOf(seg.owner) }));
  const attributed = segments.reduce((s, x) => s + x.pages, 0);
  const otherPages = Math.max(0, usedPages - attributed);
  let media: MediaGauge | undefined;
  if (report.mediaCapacityBytes && report.mediaCapacityBytes > 0) {
    const usedBytes = snap?.mediaUsedBytes ?? report.mediaUsedBytes;
    const wm = report.watermarks;
    media = {
      usedBytes,
      capacityBytes: report.mediaCapacityBytes,
      share: Math.min(1, usedBytes / report.mediaCapacityBytes),
      lowLine: wm ? 1 - wm.low : undefined,
      highLine: wm ? 1 - wm.high : undefined,
      open: snap?.open ?? report.open,
      pressure: snap?.pressure ?? report.pressure,
    };
  }
  const view: NodeView = {
    id: report.id,
    kind: report.kind,
    state,
    tier: report.tier,
    capacityPages: report.capacityPages,
    usedPages,
    freePages,
    segments,
    otherPages,
    media,
    summary: '',
  };
  view.summary = nodeSummary(view);
  return view;
}

export function nodeTitle(v: NodeView): string {
  return `Node ${v.id} · ${v.kind} · ${stateLabel(v.state)}${v.tier !== undefined ? ` · tier ${v.tier}` : ''}`;
}

/** The sentence a screen reader gets for one node bar. */
export function nodeSummary(v: NodeView): string {
  const cap = v.capacityPages * PAGE_SIZE;
  const parts = [`${nodeTitle(v)}: ${formatBytes(v.usedPages * PAGE_SIZE)} of ${formatBytes(cap)} used (${formatPercent(v.capacityPages ? v.usedPages / v.capacityPages : 0)})`];
  for (const s of v.segments) parts.push(`${s.label} ${formatBytes(s.pages * PAGE_SIZE)}`);
  if (v.otherPages) parts.push(`unattributed ${formatBytes(v.otherPages * PAGE_SIZE)}`);
  if (v.media) parts.push(mediaSummary(v.media));
  return parts.join('; ');
}

export function mediaSummary(m: MediaGauge): string {
  let s = `media ${formatBytes(m.usedBytes)} of ${formatBytes(m.capacityBytes)} (${formatPercent(m.share)})`;
  if (m.lowLine !== undefined && m.highLine !== undefined) s += `, low watermark at ${formatPercent(m.lowLine)} used, high at ${formatPercent(m.highLine)} used`;
  if (m.open !== undefined) s += m.open ? ', open to demotion' : ', closed to demotion';
  if (m.pressure !== undefined) s += `, pressure ${m.pressure}`;
  return s;
}

export function segmentLabel(s: Segment, nodeId: number): string {
  return `${s.label} on node ${nodeId}: ${formatPages(s.pages)}, ${formatPercent(s.share)} of the node`;
}


export interface NodeDelta {
  node: number;
  owner: string;
  before: number;
  after: number;
}

/** Per (node, owner) page changes from the previous step to this one. */
export function stepDeltas(run: RunData, index: number): NodeDelta[] {
  const cur = run.steps[index];
  if (!cur) return [];
  const prev = index > 0 ? run.steps[index - 1] : undefined;
  const out: NodeDelta[] = [];
  for (const n of cur.nodes) {
    const before = new Map((prev ? snapshotFor(prev, n.id)?.owners ?? [] : []).map((o) => [o.owner, o.pages] as const));
    const seen = new Set<string>();
    for (const o of n.owners) {
      seen.add(o.owner);
      const b = before.get(o.owner) ?? 0;
      if (b !== o.pages) out.push({ node: n.id, owner: o.owner, before: b, after: o.pages });
    }
    for (const [owner, b] of before) if (!seen.has(owner) && b !== 0) out.push({ node: n.id, owner, before: b, after: 0 });
  }
  return out;
}

/** "line 12 · app" style heading for a step. */
export function stepHeading(step: TimelineStep): string {
  const who = step.actor ? `${step.block} ${step.actor}` : step.block;
  return `line ${step.range.start.line + 1} · ${who}${step.count > 1 ? ` · ×${step.count}` : ''}`;
}

/**
 * The step an editor line belongs to: the last step whose range starts on or
 * before the line (a fallback for servers without mmlab/stepAt). -1 before the
 * first step.
 */
export function stepForLine(run: RunData, line: number): number {
  let best = -1;
  for (let i = 0; i < run.steps.length; i++) {
    const r = run.steps[i].range;
    if (r.start.line <= line) {
      if (best < 0 || r.start.line >= run.steps[best].range.start.line) best = i;
    }
  }
  return best;
}
