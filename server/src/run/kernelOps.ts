/**
 * The statements of kernel and device blocks (language.md, statements): kernel allocations and frees,
 * reclaim / compaction / scans, hotplug, node_private ops, cpuset writes, memory failure, and
 * the device model's statements. Each resolves names, calls mm/ and turns the result into an
 * Outcome and diagnostics.
 */
import { Call } from '../model/ir';
import { compactNode } from '../mm/compaction';
import { cpusetWriteRefused, updateNodemask } from '../mm/cpuset';
import type { AllocCtx } from '../mm/alloc_context';
import { formatGfp, PAGE_SIZE, pagesOf } from '../mm/gfp';
import { growHugetlbPool, HUGETLB_POOL_GFP } from '../mm/hugetlb';
import { Handle, Mm, Task } from '../mm/machine';
import { GFP_PGTABLE_USER, pagetablePlacement } from '../mm/pgalloc';
import { VMALLOC_GFP, vmallocNode } from '../mm/vmalloc';
import { khugepagedScan, ksmScan } from '../mm/khugepaged';
import { memoryFailure } from '../mm/memory_failure';
import { hotplugStatement, offlineNode, setNodeOps } from '../mm/memory_hotplug';
import { numaBalancingScan } from '../mm/numa_balancing';
import { AllocRequest, AllocResult, allocPages, allocToHandle, folioGfp, folioNodePrivateGfp, freeHandle, noFallbackGfp } from '../mm/page_alloc';
import { serviceApi } from '../mm/services';
import { kmallocShape, slabAlloc } from '../mm/slub';
import { kswapdStatement, reclaimAllowed, reclaimSkipsPrivate, shrinkNode } from '../mm/vmscan';
import { allocCtxOf, pageRange, resolveNode, resolveNodeSet, resolveTarget } from './context';
import { migrateFoliosToNode } from '../mm/migrate';
import { CallEnv, err, OK, oomOutcome, reportOoms, syscallError } from './outcome';
import { Outcome } from '../mm/result';

export type KernelOp =
  | 'alloc_pages_node'
  | 'alloc_pages'
  | 'kmalloc_node'
  | 'kvzalloc_node'
  | 'kzalloc_node'
  | 'vmalloc_node'
  | 'folio_alloc'
  | 'folio_alloc_node_private'
  | 'pagetable_alloc'
  | 'set_nr_hugepages'
  | 'free_pages' | 'kswapd' | 'reclaim' | 'compact' | 'khugepaged' | 'ksm_scan' | 'numa_balancing_scan' | 'add_private_memory_driver_managed' | 'online_node' | 'offline_node' | 'node_private_set_ops' | 'set_cpuset_mems' | 'memory_failure' | 'migrate_folios_to_node' | 'raise' | 'set_ratio' | 'fill';

/** the explain lines of the kernel statements below, formatted when a record is read (mm/trace.ts fact) */
const pagetableLine = (task: string, why: string): string => `pagetable_alloc in ${task}: ${why}`;
const kswapdLine = (nid: number, notRun: string | undefined, reclaimed: number): string => `kswapd(${nid}): ${notRun ? `not run: ${notRun}` : `reclaimed ${reclaimed} page(s)`}`;
const reclaimSkippedLine = (nid: number, why: string | undefined): string => `reclaim(${nid}): skipped: ${why}`;
const reclaimedLine = (nid: number, got: number, asked: number): string => `reclaim(${nid}): reclaimed ${got} of ${asked} page(s)`;
const scannedLine = (op: string, scanned: number): string => `${op}: ${scanned} mapping(s) scanned`;
const balancedLine = (promoted: number): string => `NUMA balancing moved ${promoted} page(s) to their task's node`;
const offlineLine = (nid: number, moved: number): string => `offline_node(${nid}): ${moved} page(s) evacuated`;
const foliosMovedLine = (label: string, moved: number, stayed: number): string => `${label}: ${moved} page(s) moved${stayed ? `, ${stayed} stayed` : ''}`;
const poisonedLine = (nid: number, poisoned: number, inUse: number, notified: boolean): string =>
  `memory_failure(${nid}): ${poisoned} page(s) poisoned (${inUse} in use)${notified ? '; the service was notified' : ''}`;
const noDeviceLine = (nid: number): string => `device ${nid}: no device model for this node (only CRAM nodes have one)`;

export function runKernelCall(env: CallEnv, call: Extract<Call, { op: KernelOp }>): Outcome {
  const { mm, ctx } = env;
  switch (call.op) {
    // ───────────── kernel
    case 'alloc_pages_node':
    case 'alloc_pages': {
      const nid = call.op === 'alloc_pages_node' ? resolveNode(ctx, call.nid) : mm.cpuNode(0);
      return kernelAlloc(env, nid < 0 ? mm.cpuNode(0) : nid, call.gfp, call.order, call.count, resolveNodeSet(ctx, call.nodemask), call.op, false, allocCtxOf(ctx, 'page'));
    }
    case 'kmalloc_node':
    case 'kzalloc_node':
    case 'kvzalloc_node': {
      const nid = resolveNode(ctx, call.nid);
      const shape = kmallocShape(call.op === 'kzalloc_node' ? 'kmalloc_node' : call.op, call.size, call.gfp);
      // kvzalloc_node above two pages is vmalloc'ed: page allocations, not slab
      const vmalloced = call.op === 'kvzalloc_node' && call.size > 2 * PAGE_SIZE;
      const actx = allocCtxOf(ctx, vmalloced ? 'vmalloc' : 'slab');
      return kernelAlloc(env, nid < 0 ? mm.cpuNode(0) : nid, shape.gfp, shape.order, shape.count, undefined, call.op, true, actx, vmalloced ? allocPages : slabAlloc);
    }
    case 'vmalloc_node': {
      const nid = resolveNode(ctx, call.nid);
      return kernelAlloc(env, nid < 0 ? mm.cpuNode(0) : nid, VMALLOC_GFP, 0, Math.max(1, pagesOf(call.size)), undefined, call.op, false, allocCtxOf(ctx, 'vmalloc'), vmallocNode);
    }
    case 'folio_alloc': {
      const nid = call.nid ? resolveNode(ctx, call.nid) : -1;
      const actx = allocCtxOf(ctx, 'folio');
      const gfp = folioGfp(mm, call.gfp, call.order, actx, call.zonelist === 'private');
      return kernelAlloc(env, nid < 0 ? mm.cpuNode(0) : nid, gfp, call.order, call.count, resolveNodeSet(ctx, call.nodemask), call.op, false, actx);
    }
    case 'folio_alloc_node_private': {
      const nid = resolveNode(ctx, call.nid);
      const actx = allocCtxOf(ctx, 'folio');
      const req = folioNodePrivateGfp(mm, nid, call.gfp, call.order, actx);
      if (req.errno) return syscallError(mm, `folio_alloc_node_private(${nid})`, req.errno, req.rule);
      return kernelAlloc(env, nid < 0 ? mm.cpuNode(0) : nid, req.gfp, call.order, call.count, undefined, call.op, false, actx);
    }
    case 'pagetable_alloc': {
      const actx = allocCtxOf(ctx, 'pagetable');
      const t = ctx.task;
      if (!t) return kernelAlloc(env, mm.cpuNode(0), GFP_PGTABLE_USER, 0, call.count, undefined, call.op, false, actx);
      const where = pagetablePlacement(mm, t, actx);
      mm.tracer.fact(pagetableLine, t.name, where.why);
      return kernelAlloc(env, where.nid, GFP_PGTABLE_USER, 0, call.count, where.nodemask, call.op, false, actx, allocPages, t);
    }
    case 'set_nr_hugepages':
      return hugetlbGrow(env, call.count, call.node ? resolveNode(ctx, call.node) : undefined);
    case 'free_pages': {
      const h = mm.handles.get(call.handle);
      if (!h) return err('EINVAL');
      freeHandle(mm, h);
      return OK;
    }
    case 'kswapd': {
      const nid = resolveNode(ctx, call.nid);
      const r = kswapdStatement(mm, nid);
      mm.tracer.fact(kswapdLine, nid, r.notRun, r.reclaimed);
      // the service-skipped table promises this: kswapd skips a private node without NP_OPS_RECLAIM
      if (r.notRun && reclaimSkipsPrivate(mm, nid)) mm.emit('service-skipped', `kswapd(${nid}): ${r.notRun}: its folios are not reclaimed`, mm.nodeRelated(nid));
      return OK;
    }
    case 'reclaim': {
      const nid = resolveNode(ctx, call.nid);
      const allowed = reclaimAllowed(mm, nid);
      if (!allowed.ok) {
        mm.tracer.fact(reclaimSkippedLine, nid, allowed.why);
        if (reclaimSkipsPrivate(mm, nid)) mm.emit('service-skipped', `reclaim(${nid}): skipped: ${allowed.why}: its folios are not reclaimed`, mm.nodeRelated(nid));
        return OK;
      }
      const got = shrinkNode(mm, nid, pagesOf(call.size), 'direct');
      mm.tracer.fact(reclaimedLine, nid, got, pagesOf(call.size));
      return OK;
    }
    case 'compact': {
      const nid = resolveNode(ctx, call.nid);
      const r = compactNode(mm, nid);
      if (r.skipped) mm.emit('service-skipped', r.skipped, mm.nodeRelated(nid));
      return OK;
    }
    case 'khugepaged':
    case 'ksm_scan': {
      const r = call.op === 'khugepaged' ? khugepagedScan(mm) : ksmScan(mm);
      for (const s of r.skipped) mm.emit('service-skipped', s);
      mm.tracer.fact(scannedLine, call.op, r.scanned);
      return OK;
    }
    case 'numa_balancing_scan': {
      const r = numaBalancingScan(mm);
      if (!r.mode) mm.tracer.line('kernel.numa_balancing = 0: no scan');
      for (const s of r.skipped) mm.emit('service-skipped', s);
      if (r.promoted) mm.tracer.fact(balancedLine, r.promoted);
      return OK;
    }
    case 'add_private_memory_driver_managed':
    case 'online_node': {
      const nid = resolveNode(ctx, call.nid);
      const res = hotplugStatement(mm, nid, call.op === 'add_private_memory_driver_managed' ? call : undefined);
      if (res.errno) return syscallError(mm, res.early ? call.op : `${call.op}(${nid})`, res.errno, res.rule);
      const meta = [...res.metadataPages.entries()].map(([node, p]) => `node ${node} ×${p}`).join(', ');
      mm.tracer.line(`${call.op}(${nid}): ${res.blocks} block(s) online; going-online metadata on ${meta || 'nothing'}`);
      return OK;
    }
    case 'offline_node': {
      const nid = resolveNode(ctx, call.nid);
      const r = offlineNode(mm, nid);
      if (r.errno) {
        mm.emit('unplug-blocked', `offline_node(${nid}) = -${r.errno}: ${r.rule}`, mm.nodeRelated(nid));
        return err(r.errno);
      }
      mm.tracer.fact(offlineLine, nid, r.moved);
      return OK;
    }
    case 'node_private_set_ops': {
      const nid = resolveNode(ctx, call.nid);
      const res = setNodeOps(mm, nid, call.ops, call.callbacks);
      if (res.rejected) {
        // the front end already reported ops it can see are invalid
        if (!mm.hasStatic('ops-rejected', mm.currentSpan)) mm.emit('ops-rejected', res.rejected, mm.nodeRelated(nid));
        return err('EINVAL');
      }
      return res.errno ? syscallError(mm, 'node_private_set_ops', res.errno, res.rule) : OK;
    }
    case 'set_cpuset_mems': {
      const cg = mm.cgroups.get(call.cgroup);
      if (!cg) return syscallError(mm, 'set_cpuset_mems', 'ENOENT', `no cgroup ${call.cgroup}`);
      const mems = resolveNodeSet(ctx, call.mems) ?? [];
      const refused = cpusetWriteRefused(mm, mems);
      if (refused) return syscallError(mm, 'set_cpuset_mems', 'EINVAL', refused);
      updateNodemask(mm, cg, mems);
      return OK;
    }
    case 'migrate_folios_to_node': {
      const t = resolveTarget(mm, ctx, call.range.name, call.range.scope);
      if (t?.kind !== 'mapping') return syscallError(mm, 'migrate_folios_to_node', 'EFAULT', `no mapping ${call.range.scope ? `${call.range.scope}.` : ''}${call.range.name} yet`);
      const nid = resolveNode(ctx, call.nid);
      const m = t.mapping;
      const r = pageRange(m, call.range.sel);
      const res = migrateFoliosToNode(mm, m, r.a, r.b, nid);
      const label = `${ctx.label ? `${ctx.label}: ` : ''}migrate_folios_to_node(${m.owner}[${r.a}:${r.b}), ${nid})`;
      if (res.errno) {
        mm.emit('migration-refused', `${label} = -${res.errno}: ${res.rule}${res.moved ? ` (${res.moved} page(s) moved before)` : ''}`, mm.nodeRelated(nid));
        return err(res.errno);
      }
      mm.tracer.fact(foliosMovedLine, label, res.moved, res.stayed);
      if (res.stayed) mm.emit('migration-refused', `${label} returned ${res.stayed}: ${res.why.join(', ')} stayed where they were`, mm.nodeRelated(nid));
      return OK;
    }
    case 'memory_failure': {
      const nid = resolveNode(ctx, call.nid);
      const r = memoryFailure(mm, nid, call.count);
      mm.tracer.fact(poisonedLine, nid, r.poisoned, r.inUse, r.notified);
      return OK;
    }

    // ───────────── device
    case 'raise':
    case 'set_ratio':
    case 'fill': {
      const nid = ctx.device ?? -1;
      const n = mm.node(nid);
      if (!n?.service?.deviceStatement) {
        mm.tracer.fact(noDeviceLine, nid);
        return { kind: 'skipped', reason: 'no device model' };
      }
      const r = n.service.deviceStatement(serviceApi(mm), nid, call);
      return r && r.errno ? err(r.errno) : OK;
    }
  }
}

/**
 * `kernel:NAME`, one string per name while the memo holds it: the owner keys the node's owner
 * table and the step's placements, and a fresh concatenation had to be flattened and hashed for
 * each (a bounded memo; names repeat in every block)
 */
const kernelOwners = new Map<string, string>();
function kernelOwner(name: string): string {
  let o = kernelOwners.get(name);
  if (o === undefined) {
    if (kernelOwners.size >= 4096) kernelOwners.clear();
    kernelOwners.set(name, (o = `kernel:${name}`));
  }
  return o;
}

function kernelAlloc(
  env: CallEnv,
  nid: number,
  gfp: number,
  order: number,
  count: number,
  nodemask: number[] | undefined,
  fn: string,
  slab = false,
  ctx?: AllocCtx,
  via: (mm: Mm, req: AllocRequest) => AllocResult = allocPages,
  task?: Task,
): Outcome {
  const { mm } = env;
  const name = env.assign ?? `${fn}@${env.span.start}`;
  const label = env.ctx.label ? `${env.ctx.label}: ` : '';
  const path = `${label}${fn}(${nid}, ${formatGfp(gfp)}, order ${order})`;
  const owner = task ? `${task.name}:pgtables` : slab && !env.assign ? 'slab' : kernelOwner(name);
  const r = allocToHandle(mm, name, nid, gfp, order, count, nodemask, owner, path, ctx, task, via);
  const privateOnly = noFallbackGfp(gfp);
  reportOoms(mm);
  if (r.failed > 0) {
    if (!mm.oomEvents.length) {
      const msg = `${fn}(${nid}, ${formatGfp(gfp)}, order ${order}) returned NULL${count > 1 ? ` for ${r.failed} of ${count}` : ''}: ${r.reason ?? 'no memory'}`;
      mm.emit(privateOnly ? 'gfp-private-oom' : 'alloc-failed', privateOnly ? `${msg} (GFP_PRIVATE: no fallback, no OOM kill)` : msg, mm.nodeRelated(nid));
    }
    return oomOutcome(mm, err('ENOMEM'));
  }
  return oomOutcome(mm, OK);
}

/** nr_hugepages = COUNT (or node N's sysfs file): the pool grows as far as nodes allow; the write itself succeeds. */
function hugetlbGrow(env: CallEnv, count: number, node: number | undefined): Outcome {
  const { mm, ctx } = env;
  const name = env.assign ?? `hugetlb@${env.span.start}`;
  const h: Handle = { name, owner: `hugetlb:${name}`, pagesByNode: new Map(), requested: count * 512, span: mm.currentSpan, gfp: HUGETLB_POOL_GFP };
  mm.handles.set(name, h);
  const g = growHugetlbPool(mm, count, node, {
    owner: h.owner,
    path: `${ctx.label ? `${ctx.label}: ` : ''}alloc_pool_huge_folio`,
    ctx: allocCtxOf(ctx, 'hugetlb'),
    sink: (n, pages) => h.pagesByNode.set(n, (h.pagesByNode.get(n) ?? 0) + pages),
  });
  for (const e of g.excluded) mm.tracer.line(`hugetlb: ${e}`);
  mm.tracer.line(`nr_hugepages${node !== undefined ? ` (node ${node})` : ''} = ${count}: the pool holds ${g.allocated} of ${count} (nodes_allowed {${g.nodes.join(',')}})`);
  if (g.allocated < count) mm.emit('alloc-failed', `the HugeTLB pool grew to ${g.allocated} of ${count} huge pages${g.nodes.length ? '' : ': no node is allowed'}`, node !== undefined ? mm.nodeRelated(node) : []);
  return OK;
}
