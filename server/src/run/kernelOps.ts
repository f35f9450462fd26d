/**
 * The statements of kernel and device blocks (language.md §6): kernel allocations and frees,
 * reclaim / compaction / scans, hotplug, node_private ops, cpuset writes, memory failure, and
 * the device model's statements. Each resolves names, calls mm/ and turns the result into an
 * Outcome and diagnostics.
 */
import { Call } from '../model/ir';
import { compactNode } from '../mm/compaction';
import { updateNodemask } from '../mm/cpuset';
import { formatGfp, pagesOf } from '../mm/gfp';
import { khugepagedScan, ksmScan } from '../mm/khugepaged';
import { memoryFailure } from '../mm/memory_failure';
import { hotplugStatement, offlineNode, setNodeOps } from '../mm/memory_hotplug';
import { numaBalancingScan } from '../mm/numa_balancing';
import { allocToHandle, freeHandle } from '../mm/page_alloc';
import { serviceApi } from '../mm/services';
import { kmallocShape } from '../mm/slub';
import { kswapdStatement, reclaimAllowed, shrinkNode } from '../mm/vmscan';
import { resolveNode, resolveNodeSet } from './context';
import { CallEnv, err, OK, oomOutcome, reportOoms, syscallError } from './outcome';
import { Outcome } from './result';

export type KernelOp = 'alloc_pages_node' | 'alloc_pages' | 'kmalloc_node' | 'kvzalloc_node' | 'free_pages' | 'kswapd' | 'reclaim' | 'compact' | 'khugepaged' | 'ksm_scan' | 'numa_balancing_scan' | 'add_private_memory_driver_managed' | 'online_node' | 'offline_node' | 'node_private_set_ops' | 'set_cpuset_mems' | 'memory_failure' | 'raise' | 'set_ratio' | 'fill';

export function runKernelCall(env: CallEnv, call: Extract<Call, { op: KernelOp }>): Outcome {
  const { mm, ctx } = env;
  switch (call.op) {
    // ───────────── kernel
    case 'alloc_pages_node':
    case 'alloc_pages': {
      const nid = call.op === 'alloc_pages_node' ? resolveNode(ctx, call.nid) : mm.cpuNode(0);
      return kernelAlloc(env, nid < 0 ? mm.cpuNode(0) : nid, call.gfp, call.order, call.count, resolveNodeSet(ctx, call.nodemask), call.op);
    }
    case 'kmalloc_node':
    case 'kvzalloc_node': {
      const nid = resolveNode(ctx, call.nid);
      const shape = kmallocShape(call.op, call.size, call.gfp);
      return kernelAlloc(env, nid < 0 ? mm.cpuNode(0) : nid, shape.gfp, shape.order, shape.count, undefined, call.op, true);
    }
    case 'free_pages': {
      const h = mm.handles.get(call.handle);
      if (!h) return err('EINVAL');
      freeHandle(mm, h);
      return OK;
    }
    case 'kswapd': {
      const nid = resolveNode(ctx, call.nid);
      const r = kswapdStatement(mm, nid);
      mm.tracer.line(`kswapd(${nid}): ${r.notRun ? `not run: ${r.notRun}` : `reclaimed ${r.reclaimed} page(s)`}`);
      return OK;
    }
    case 'reclaim': {
      const nid = resolveNode(ctx, call.nid);
      const allowed = reclaimAllowed(mm, nid);
      if (!allowed.ok) {
        mm.tracer.line(`reclaim(${nid}): skipped: ${allowed.why}`);
        return OK;
      }
      const got = shrinkNode(mm, nid, pagesOf(call.size), 'direct');
      mm.tracer.line(`reclaim(${nid}): reclaimed ${got} of ${pagesOf(call.size)} page(s)`);
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
      mm.tracer.line(`${call.op}: ${r.scanned} mapping(s) scanned`);
      return OK;
    }
    case 'numa_balancing_scan': {
      const r = numaBalancingScan(mm);
      if (!r.mode) mm.tracer.line('kernel.numa_balancing = 0: no scan');
      for (const s of r.skipped) mm.emit('service-skipped', s);
      if (r.promoted) mm.tracer.line(`NUMA balancing moved ${r.promoted} page(s) to their task's node`);
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
      mm.tracer.line(`offline_node(${nid}): ${r.moved} page(s) evacuated`);
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
      updateNodemask(mm, cg, resolveNodeSet(ctx, call.mems) ?? []);
      return OK;
    }
    case 'memory_failure': {
      const nid = resolveNode(ctx, call.nid);
      const r = memoryFailure(mm, nid, call.count);
      mm.tracer.line(`memory_failure(${nid}): ${r.poisoned} page(s) poisoned (${r.inUse} in use)${r.notified ? '; the service was notified' : ''}`);
      return OK;
    }

    // ───────────── device
    case 'raise':
    case 'set_ratio':
    case 'fill': {
      const nid = ctx.device ?? -1;
      const n = mm.node(nid);
      if (!n?.service?.deviceStatement) {
        mm.tracer.line(`device ${nid}: no device model for this node (only CRAM nodes have one)`);
        return { kind: 'skipped', reason: 'no device model' };
      }
      const r = n.service.deviceStatement(serviceApi(mm), nid, call);
      return r && r.errno ? err(r.errno) : OK;
    }
  }
}

function kernelAlloc(env: CallEnv, nid: number, gfp: number, order: number, count: number, nodemask: number[] | undefined, fn: string, slab = false): Outcome {
  const { mm } = env;
  const name = env.assign ?? `${fn}@${env.line}`;
  const label = env.ctx.label ? `${env.ctx.label}: ` : '';
  const path = `${label}${fn}(${nid}, ${formatGfp(gfp)}, order ${order})`;
  const owner = slab && !env.assign ? 'slab' : `kernel:${name}`;
  const { result: r, privateOnly } = allocToHandle(mm, name, { nid, gfp, order, count, nodemask, owner, path });
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
