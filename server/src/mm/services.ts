/**
 * The core side of node_private.ts that calls back into the core: the ServiceApi the core
 * hands a node's service (allocation, kswapd, reclaim: this is what puts services.ts in the mm
 * core's cycle, see internal.ts), the hook calls that pass it (media bookkeeping, writable
 * pages gone, node_private_migrate_to), the stand-in service for a private node whose driver
 * provides migrate_to but registered no service of its own (cxl_mempolicy sample:
 * migrate_pages() with GFP_HIGHUSER_MOVABLE|__GFP_THISNODE|__GFP_PRIVATE), and the services
 * started at boot. The leaf helpers that need no ServiceApi are in service_nodes.ts.
 */
import { GFP, GFP_COMPOSITE } from './gfp';
import { Mm } from './machine';
import { allocPages } from './page_alloc';
import { hasCallback, MigrationBatch, MigrateToResult, ServiceApi } from './node_private';
import { resolveRatio } from './service_nodes';
import { balancePgdat, shrinkNode } from './vmscan';
import { establishDemotionTargets } from './memory_tiers';
import { setWpOn } from './extents';
import { opsRegistered, servicesGated } from './designs';

const DRIVER_MIGRATE_GFP = GFP_COMPOSITE.GFP_HIGHUSER_MOVABLE | GFP.__GFP_THISNODE | GFP.__GFP_PRIVATE;

/** boot: each node's service starts on a node with memory (under designs with private-node ops, only once it has ops) */
export function attachServices(mm: Mm): void {
  for (const n of mm.sortedNodes()) if (n.service?.attach && n.present > 0 && (n.ops || !opsRegistered(mm.design))) n.service.attach(serviceApi(mm), n.id);
}

export function serviceApi(mm: Mm): ServiceApi {
  const cached = apiCache.get(mm);
  if (cached) return cached;
  const api: ServiceApi = {
    design: mm.design.name,
    allocPages: (req) => {
      const placed: { node: number; pages: number }[] = [];
      const r = allocPages(mm, {
        ...req,
        serviceRight: true,
        sink: (node, pages) => placed.push({ node, pages }),
        quiet: false,
      });
      return { placed, failed: r.failed, explain: [] };
    },
    freePages: (owner, nid, pages) => mm.account(nid, owner, -pages),
    startKswapd: (nid) => {
      const n = mm.node(nid);
      if (n) n.kswapd = true;
    },
    stopKswapd: (nid) => {
      const n = mm.node(nid);
      if (n) n.kswapd = false;
    },
    kswapd: (nid) => balancePgdat(mm, nid),
    reclaim: (nid, pages) => shrinkNode(mm, nid, pages, 'direct'),
    setWatermarkBoost: (nid, pages) => {
      const n = mm.node(nid);
      if (n) n.boost = Math.max(0, Math.floor(pages));
    },
    managedPages: (nid) => mm.node(nid)?.present ?? 0,
    freePagesOf: (nid) => {
      const n = mm.node(nid);
      return n ? mm.freeOf(n) : 0;
    },
    usedPagesOf: (nid) => mm.node(nid)?.used ?? 0,
    refreshDemotion: () => {
      mm.demotionCache = establishDemotionTargets(mm);
    },
    releaseDeferred: (nid, pages) => {
      const n = mm.node(nid);
      if (n) n.deferred = Math.max(0, n.deferred - pages);
    },
    interrupt: (nid, level) => {
      const n = mm.node(nid);
      mm.tracer.event('cxl_irq', `nid=${nid} level=${level}`);
      n?.service?.onInterrupt?.(api, nid, level);
    },
    count: (stat, n) => mm.stat.add(stat, n),
    diagnostic: (code, message, related) => mm.emit(code, message, related),
    explain: (line) => mm.tracer.line(line),
    trace: (tp, text) => mm.tracer.event(tp, text),
    random: () => mm.random(),
    nodeSpan: (nid) => mm.node(nid)?.decl?.span,
    nodeDecl: (nid) => {
      const d = mm.node(nid)?.decl;
      return d ? { kind: d.kind, sizeBytes: d.sizeBytes, mediaBytes: d.mediaBytes, ratio: d.ratio, watermarks: d.watermarks } : undefined;
    },
    sysctl: (key) => mm.sysctl(key),
    nodeOps: (nid: number) => mm.node(nid)?.ops,
    wakeKswapd: (nid: number) => {
      mm.pendingKswapd.add(nid);
    },
    writeProtect: (nid: number) => writeProtectNode(mm, nid),
  };
  apiCache.set(mm, api);
  return api;
}

const apiCache = new WeakMap<Mm, ServiceApi>();

/**
 * revoke every writable mapping of the node's pages: later writes fault into handle_fault. Only
 * the node's own pages: an interleaved run that also holds pages of other nodes is split, and those
 * keep their writable mappings (setWpOn).
 */
export function writeProtectNode(mm: Mm, nid: number): number {
  let revoked = 0;
  for (const t of mm.tasks.values()) for (const m of t.mappings.values()) revoked += setWpOn(m.set, 0, m.set.pages, nid, true);
  return revoked;
}

/** writable pages left a PROTECT_WRITE node (freed, migrated, swapped) */
export function writableGone(mm: Mm, nid: number, pages: number, wp: boolean): void {
  const svc = mm.node(nid)?.service;
  if (!wp && pages > 0 && svc?.writableGone) svc.writableGone(serviceApi(mm), nid, pages);
}

export function mediaStore(mm: Mm, nid: number, pages: number, ratio: number): void {
  const n = mm.node(nid);
  if (pages > 0 && n?.service?.media) n.service.media.store(serviceApi(mm), nid, pages, resolveRatio(mm, nid, ratio));
}

export function mediaErase(mm: Mm, nid: number, pages: number, ratio: number): void {
  const n = mm.node(nid);
  if (pages > 0 && n?.service?.media) n.service.media.erase(serviceApi(mm), nid, pages, resolveRatio(mm, nid, ratio));
}

/**
 * node_private_migrate_to(): a private target's migrate_to. With a bound service, its hook;
 * with only the callback declared, the stand-in driver (cxl_mempolicy-like); else -ENODEV.
 */
export function nodePrivateMigrateTo(mm: Mm, batch: MigrationBatch): MigrateToResult {
  const n = mm.node(batch.nid);
  if (!n) return { error: 'ENODEV' };
  if (n.service?.migrate_to) {
    if (!hasCallback(n.ops, 'migrate_to') && servicesGated(mm.design)) return { error: 'ENODEV' };
    return n.service.migrate_to(serviceApi(mm), batch);
  }
  if (!hasCallback(n.ops, 'migrate_to')) return { error: 'ENODEV' };
  batch.migrate({ gfp: DRIVER_MIGRATE_GFP });
  return {};
}
