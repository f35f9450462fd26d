/**
 * Node reports, snapshots and mapping reports (result.ts shapes) from the mm state.
 */
import { isNode, SWAP } from '../mm/extents';
import { Mm, NodeState, sortedIndex } from '../mm/machine';
import { MappingReport, NodeReport, NodeSnapshot, OwnerPages } from './result';

function owners(n: NodeState): OwnerPages[] {
  if (!n.ownerList)
    n.ownerList = [...n.owners.entries()]
      .filter(([, a]) => a.pages > 0)
      .map(([owner, a]) => (a.span ? { owner, pages: a.pages, span: a.span } : { owner, pages: a.pages }))
      .sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0));
  if (n.deferred <= 0) return n.ownerList.slice();
  const out = n.ownerList.slice();
  out.splice(sortedIndex(out, 'deferred-free'), 0, { owner: 'deferred-free', pages: n.deferred });
  return out;
}

function serviceFields(mm: Mm, n: NodeState): { mediaUsedBytes?: number; mediaCapacityBytes?: number; open?: boolean; pressure?: number } {
  const s = n.service;
  if (!s) return {};
  const r = s.report?.(n.id) ?? {};
  const out: { mediaUsedBytes?: number; mediaCapacityBytes?: number; open?: boolean; pressure?: number } = {};
  const used = r.mediaUsedBytes ?? s.media?.usedBytes(n.id);
  const cap = r.mediaCapacityBytes ?? s.media?.capacityBytes(n.id);
  if (used !== undefined) out.mediaUsedBytes = used;
  if (cap !== undefined) out.mediaCapacityBytes = cap;
  const open = r.open ?? s.isOpen?.(n.id);
  if (open !== undefined) out.open = open;
  const p = r.pressure ?? s.pressure?.(n.id);
  if (p !== undefined) out.pressure = p;
  return out;
}

export function nodeReports(mm: Mm): NodeReport[] {
  return mm.sortedNodes().map((n) => {
    const sf = serviceFields(mm, n);
    const r: NodeReport = {
      id: n.id,
      kind: n.kind,
      state: n.state,
      capacityPages: n.present,
      usedPages: n.used + n.deferred,
      freePages: Math.max(0, mm.freeOf(n)),
      mediaUsedBytes: sf.mediaUsedBytes ?? 0,
      tier: n.tier,
      cpus: [...n.cpus],
      owners: owners(n),
    };
    if (sf.mediaCapacityBytes !== undefined) r.mediaCapacityBytes = sf.mediaCapacityBytes;
    if (sf.open !== undefined) r.open = sf.open;
    if (sf.pressure !== undefined) r.pressure = sf.pressure;
    return r;
  });
}

const snapCache = new WeakMap<NodeState, { sig: string; snap: NodeSnapshot }>();

/** node snapshots after a step; an unchanged node reuses its previous snapshot object */
export function snapshots(mm: Mm): NodeSnapshot[] {
  return mm.sortedNodes().map((n) => {
    const sf = serviceFields(mm, n);
    const sig = `${n.epoch ?? 0}|${n.used}|${n.deferred}|${n.poisoned}|${n.present}|${n.state}|${sf.mediaUsedBytes}|${sf.open}|${sf.pressure}`;
    const c = snapCache.get(n);
    if (c && c.sig === sig) return c.snap;
    const s: NodeSnapshot = { id: n.id, usedPages: n.used + n.deferred, freePages: Math.max(0, mm.freeOf(n)), state: n.state, owners: owners(n) };
    if (sf.mediaUsedBytes !== undefined) s.mediaUsedBytes = sf.mediaUsedBytes;
    if (sf.open !== undefined) s.open = sf.open;
    if (sf.pressure !== undefined) s.pressure = sf.pressure;
    snapCache.set(n, { sig, snap: s });
    return s;
  });
}

export function mappingReports(mm: Mm): MappingReport[] {
  const out: MappingReport[] = [];
  for (const t of [...mm.tasks.values()].sort((a, b) => a.order - b.order)) {
    const ms = [...t.mappings.values()].sort((a, b) => a.id - b.id);
    for (const m of ms) {
      const pages: Record<string, number> = {};
      const counts = [...m.set.counts().entries()].sort((a, b) => a[0] - b[0]);
      for (const [v, c] of counts) {
        if (isNode(v)) pages[String(v)] = c;
        else if (v === SWAP) pages.swap = c;
      }
      out.push({ task: t.name, name: m.name, sizeBytes: m.sizeBytes, pages, span: m.span });
    }
  }
  return out;
}
