/**
 * One function per statement of language.md §6: the system-call / kernel-call
 * layer between the scenario and mm/. Each returns the statement's Outcome and
 * raises the diagnostics that name the rule (syscall-error, migration-refused,
 * alloc-failed, oom / gfp-private-oom, private-policy, file-mbind, pin-private,
 * unplug-blocked, service-skipped, ...).
 */
import { Call } from '../model/ir';
import { MPOL_MF, MPOL_MODE } from '../model/vocab/mpol';
import { compactNode } from '../mm/compaction';
import { isNode, NP } from '../mm/extents';
import { formatGfp, GFP, GFP_COMPOSITE, getOrder, has, MAX_NUMNODES, PAGE_SIZE, pagesOf } from '../mm/gfp';
import { pinRange, unpinRange } from '../mm/gup';
import { khugepagedScan, ksmScan } from '../mm/khugepaged';
import { Handle, Mapping, Mm, Policy, Task } from '../mm/machine';
import { madvise, mlock } from '../mm/madvise';
import { freeRange, touchRange } from '../mm/memory';
import { memoryFailure } from '../mm/memory_failure';
import { hotplugMemory, offlineNode } from '../mm/memory_hotplug';
import { describePolicy, MODE_NAMES, mpolNew, planFor, rebindPolicy } from '../mm/mempolicy';
import { formatStatus, migratePagesSyscall, migrateToNode, movePages, nodeAllowsMigrate, segmentsOf } from '../mm/migrate';
import { formatOps, requestedOps, validateOps } from '../mm/node_private';
import { numaBalancingScan } from '../mm/numa_balancing';
import { allocPages } from '../mm/page_alloc';
import { serviceApi } from '../mm/services';
import { balancePgdat, reclaimAllowed, shrinkNode } from '../mm/vmscan';
import { killTask } from '../mm/oom_kill';
import { effectiveMems } from '../mm/cpuset';
import { Outcome } from './result';
import { ExecContext, pageRange, resolveNode, resolveNodeSet, resolveTarget } from './context';
import { ProfileRatio } from './ratio';

const OK: Outcome = { kind: 'ok' };
const err = (errno: string): Outcome => ({ kind: 'error', errno });

export interface CallEnv {
  mm: Mm;
  ctx: ExecContext;
  assign?: string;
  /** the statement text position, for naming anonymous mappings */
  line: number;
}

/**
 * OOM kills during the statement decide the outcome: the statement "led to an OOM kill". The
 * victim reported is the first one killed: out_of_memory() picks the eligible task with the
 * highest oom_badness() (often not the faulting task), and only if the fault still cannot be
 * served does a later round kill another (oracle f08 / l06 / l07: kernel log "task=big" first).
 */
function oomOutcome(mm: Mm, fallback: Outcome): Outcome {
  const ev = mm.oomEvents[0];
  if (!ev) return fallback;
  return { kind: 'oom', victim: ev.victim, constraint: ev.constraint };
}

function reportOoms(mm: Mm): void {
  for (const ev of mm.oomEvents) {
    const code = ev.privateOom ? 'gfp-private-oom' : 'oom';
    mm.emit(
      code,
      `OOM kill: victim ${ev.victim}, ${ev.constraint}${ev.privateOom ? ' (the allocation was bound to private nodes and could not fall back)' : ''}${ev.message ? ` — ${ev.message}` : ''}`,
    );
  }
}

function syscallError(mm: Mm, call: string, errno: string, rule: string | undefined): Outcome {
  mm.emit('syscall-error', `${call} = -${errno}: ${rule ?? 'refused'}`);
  return err(errno);
}

function needTask(env: CallEnv): Task | undefined {
  return env.ctx.task;
}

function mappingOf(env: CallEnv, name: string): Mapping | undefined {
  const t = resolveTarget(env.mm, env.ctx, name);
  return t?.kind === 'mapping' ? t.mapping : undefined;
}

export function runCall(env: CallEnv, call: Call): Outcome {
  const { mm, ctx } = env;
  switch (call.op) {
    // ───────────── task (user space)
    case 'mmap':
    case 'malloc': {
      const t = needTask(env);
      if (!t) return err('EINVAL');
      const size = call.size;
      const backing = call.op === 'mmap' ? call.backing : 'anon';
      const shared = call.op === 'mmap' ? call.shared : false;
      const name = env.assign ?? `mmap@${env.line}`;
      const pages = pagesOf(size);
      const vstart = t.vcursor;
      t.vcursor += Math.ceil(pages / 512) * 512 + 512; // 2 MiB aligned, a guard gap between mappings
      const old = t.mappings.get(name);
      if (old) t.mappings.set(`${name}#${old.id}`, old);
      const m = new Mapping(mm.nextMappingId(), t, name, size, pages, backing, shared, vstart, mm.currentSpan, mm.nextStamp());
      if (old) m.ownerSuffix = `#${m.id}`; // the old mapping keeps its pages and its owner name
      t.mappings.set(name, m);
      mm.tracer.line(`${name} = ${call.op}(${size} bytes, ${backing}${shared ? ', shared' : ''}) at 0x${(vstart * PAGE_SIZE).toString(16)}: ${pages} page(s), none present yet`);
      return OK;
    }
    case 'munmap': {
      const m = mappingOf(env, call.target.name);
      if (!m) return syscallError(mm, 'munmap', 'EINVAL', `no mapping ${call.target.name}`);
      const r = pageRange(m, call.target.sel);
      const freed = freeRange(mm, m, r.a, r.b);
      if (r.a === 0 && r.b === m.pages) m.policies = [];
      if (r.b > r.a) m.unmapped.push([r.a, r.b]);
      mm.tracer.line(`munmap(${m.name}): ${freed} page(s) freed`);
      return OK;
    }
    case 'mbind':
      return doMbind(env, call);
    case 'set_mempolicy': {
      const t = needTask(env);
      if (!t) return err('EINVAL');
      const nodes = resolveNodeSet(ctx, call.nodes);
      const res = mpolNew(mm, t, call.mode, call.modeFlags, nodes, 'set_mempolicy');
      if (res.errno) return syscallError(mm, `set_mempolicy(${MODE_NAMES[call.mode] ?? call.mode})`, res.errno, res.rule);
      for (const w of res.warnings) mm.emit('private-policy', w, privateRelated(mm, res.policy));
      t.policy = res.policy ?? undefined;
      if (t.policy) t.policy.span = mm.currentSpan;
      t.ilNext = 0;
      mm.tracer.line(`task policy of ${t.name}: ${describePolicy(res.policy)}`);
      return OK;
    }
    case 'set_mempolicy_home_node': {
      const m = mappingOf(env, call.range.name);
      if (!m) return err('EFAULT');
      const node = resolveNode(ctx, call.node);
      const r = pageRange(m, call.range.sel);
      const n = mm.node(node);
      if (node < 0 || node >= MAX_NUMNODES || !n || n.present === 0) return syscallError(mm, 'set_mempolicy_home_node', 'EINVAL', `node ${node} is not online`);
      const ranges = m.policies.filter((p) => p.start < r.b && p.end > r.a);
      if (!ranges.length) return syscallError(mm, 'set_mempolicy_home_node', 'ENOENT', 'no VMA in the range has a policy');
      for (const p of ranges) {
        if (p.policy.mode !== MPOL_MODE.MPOL_BIND && p.policy.mode !== MPOL_MODE.MPOL_PREFERRED_MANY)
          return syscallError(mm, 'set_mempolicy_home_node', 'EOPNOTSUPP', `the VMA policy is ${MODE_NAMES[p.policy.mode]}, not BIND or PREFERRED_MANY`);
      }
      for (const p of ranges) p.policy = { ...p.policy, home: node };
      return OK;
    }
    case 'touch':
    case 'poke': {
      const t = needTask(env);
      const m = t && mappingOf(env, call.range.name);
      if (!t || !m) return syscallError(mm, call.op, 'EFAULT', `no mapping ${call.range.name}`);
      const r = pageRange(m, call.range.sel);
      if (r.overflow) return syscallError(mm, call.op, 'EFAULT', 'the range runs past the end of the mapping (SIGSEGV)');
      const write = call.op === 'poke' || call.access === 'write';
      const ratio = call.op === 'touch' ? ProfileRatio(call.data) : 0;
      // a fault on a VMA without the access right (mprotect): bad_area_access_error() -> SIGSEGV,
      // the task dies (oracle m04); the pages before the bad one were faulted in
      const bad = m.firstBadPage(r.a, r.b, write);
      if (bad >= 0) {
        if (bad > r.a) touchRange(mm, t, m, r.a, bad, write, ratio);
        const why = `killed by SIGSEGV (${write ? 'write' : 'read'} access to ${m.name}[${bad}], mprotect ${m.prot.find((x) => x.start <= bad && x.end > bad)?.prot})`;
        killTask(mm, t, why);
        mm.tracer.line(`${call.op}(${m.name}): ${why}`);
        mm.emit('segfault', `task ${t.name} ${why}; it runs no more statements`);
        return { kind: 'killed', signal: 'SIGSEGV' };
      }
      const f = touchRange(mm, t, m, r.a, r.b, write, ratio);
      reportOoms(mm);
      if (mm.oomEvents.length) return oomOutcome(mm, OK);
      if (f.failed > 0) {
        const code = f.privateFault ? 'gfp-private-oom' : 'oom';
        mm.emit(
          code,
          `page fault: ${f.failed} page(s) of ${m.owner} could not be allocated (${f.reason ?? 'no memory'}); VM_FAULT_OOM: pagefault_out_of_memory() does not kill (since v5.16), the real task would retry the fault forever`,
          f.privateFault ? privateRelated(mm, m.policyAt(r.a)) : undefined,
        );
        return err('ENOMEM');
      }
      return OK;
    }
    case 'move_pages': {
      const t = needTask(env);
      const m = t && mappingOf(env, call.range.name);
      if (!t || !m) return syscallError(mm, 'move_pages', 'EFAULT', `no mapping ${call.range.name}`);
      const node = resolveNode(ctx, call.node);
      if (call.flags & ~(MPOL_MF.MPOL_MF_MOVE | MPOL_MF.MPOL_MF_MOVE_ALL)) return syscallError(mm, 'move_pages', 'EINVAL', 'flags other than MPOL_MF_MOVE / MPOL_MF_MOVE_ALL');
      const r = pageRange(m, call.range.sel);
      const res = movePages(mm, t, m, r.a, r.b, node);
      if (res.errno) return syscallError(mm, `move_pages(${m.name}, node ${node})`, res.errno, res.rule);
      const status = formatStatus(res.status);
      mm.tracer.line(`move_pages(${m.name} → node ${node}): status ${status || '(empty)'}`);
      if (res.notMoved > 0 || [...res.status.keys()].some((k) => k.startsWith('-')))
        mm.emit('migration-refused', `move_pages to node ${node} left pages behind; per-page status: ${status}`, mm.nodeRelated(node));
      return OK;
    }
    case 'migrate_pages': {
      const t = needTask(env);
      if (!t) return err('EINVAL');
      const from = resolveNodeSet(ctx, call.from) ?? [];
      const to = resolveNodeSet(ctx, call.to) ?? [];
      const res = migratePagesSyscall(mm, t, from, to);
      if (res.errno) return syscallError(mm, 'migrate_pages', res.errno, res.rule);
      mm.tracer.line(`migrate_pages({${from}} → {${to}}): ${formatStatus(res.status) || 'nothing to move'}; returned ${res.notMoved}`);
      if (res.notMoved > 0) mm.emit('migration-refused', `migrate_pages left ${res.notMoved} page(s) behind; status: ${formatStatus(res.status)}`);
      return OK;
    }
    case 'madvise': {
      const m = mappingOf(env, call.range.name);
      if (!m) return syscallError(mm, 'madvise', 'EFAULT', `no mapping ${call.range.name}`);
      const r = pageRange(m, call.range.sel);
      if (call.advice === 'MADV_POPULATE_WRITE' || call.advice === 'MADV_POPULATE_READ') {
        // madvise_populate() (5.14+): faults the range in as touch(RANGE, write|read) would, under
        // the policy in force (oracle i07); POPULATE_READ maps zero pages on private anon memory
        const t = needTask(env);
        if (!t) return err('EINVAL');
        const write = call.advice === 'MADV_POPULATE_WRITE';
        const f = touchRange(mm, t, m, r.a, r.b, write, 0);
        reportOoms(mm);
        if (mm.oomEvents.length) return oomOutcome(mm, OK);
        if (f.failed > 0) return syscallError(mm, `madvise(${call.advice})`, 'ENOMEM', `${f.failed} page(s) could not be faulted in (${f.reason ?? 'no memory'})`);
        mm.tracer.line(`madvise(${m.name}, ${call.advice}): ${r.b - r.a} page(s) populated`);
        return OK;
      }
      const res = madvise(mm, m, r.a, r.b, call.advice);
      if (res.errno) return syscallError(mm, `madvise(${call.advice})`, res.errno, res.rule ?? 'unknown advice');
      if (res.skipped) mm.emit('service-skipped', res.skipped);
      mm.tracer.line(`madvise(${m.name}, ${call.advice}): ${res.done} page(s) processed`);
      return OK;
    }
    case 'mlock':
    case 'munlock': {
      const m = mappingOf(env, call.range.name);
      if (!m) return syscallError(mm, call.op, 'ENOMEM', `no mapping ${call.range.name}`);
      const r = pageRange(m, call.range.sel);
      if (call.op === 'mlock') {
        // mlock populates the range
        const t = needTask(env)!;
        // populate_vma_page_range(): FOLL_WRITE on a private writable VMA (breaks COW: real pages)
        touchRange(mm, t, m, r.a, r.b, false, 0, 'replace');
        reportOoms(mm);
      }
      const res = mlock(mm, m, r.a, r.b, call.op === 'mlock');
      if (res.skipped) mm.emit('service-skipped', res.skipped);
      return oomOutcome(mm, OK);
    }
    case 'mprotect': {
      const m = mappingOf(env, call.range.name);
      if (!m) return err('ENOMEM');
      // PROTECT_WRITE: mprotect cannot make private pages writable (change_pte_range); the VMA's
      // access rights decide whether later faults are allowed (SIGSEGV otherwise)
      const r = pageRange(m, call.range.sel);
      m.setProt(r.a, r.b, call.prot);
      return OK;
    }
    case 'pin': {
      const t = needTask(env);
      const m = t && mappingOf(env, call.range.name);
      if (!t || !m) return syscallError(mm, 'pin_user_pages', 'EFAULT', `no mapping ${call.range.name}`);
      const r = pageRange(m, call.range.sel);
      const res = pinRange(mm, t, m, r.a, r.b, call.longterm);
      reportOoms(mm);
      if (res.migratedFrom.length)
        mm.emit(
          'pin-private',
          `FOLL_LONGTERM pin migrated ${res.migrated} page(s) off node ${res.migratedFrom.join(',')} first (no NP_OPS_LONGTERM_PIN: folio_is_longterm_pinnable() is false)`,
          res.migratedFrom.flatMap((n) => mm.nodeRelated(n)),
          mm.currentSpan,
        );
      if (res.errno) {
        if (res.failedNodes.length)
          mm.emit(
            'pin-private',
            `FOLL_LONGTERM pin failed: pages on node ${res.failedNodes.join(',')} are not longterm-pinnable and cannot be migrated (no NP_OPS_MIGRATION)`,
            res.failedNodes.flatMap((n) => mm.nodeRelated(n)),
            mm.currentSpan,
          );
        const d = mm.diagnostics[mm.diagnostics.length - 1];
        if (d && d.code === 'pin-private' && res.failedNodes.length) d.severity = 'warning';
        return err(res.errno);
      }
      const last = mm.diagnostics[mm.diagnostics.length - 1];
      if (last && last.code === 'pin-private' && res.migratedFrom.length) last.severity = 'info';
      return oomOutcome(mm, OK);
    }
    case 'unpin': {
      const m = mappingOf(env, call.range.name);
      if (!m) return err('EFAULT');
      const r = pageRange(m, call.range.sel);
      unpinRange(mm, m, r.a, r.b);
      return OK;
    }
    case 'exit': {
      const t = needTask(env);
      if (!t) return err('EINVAL');
      killTask(mm, t, 'exited');
      mm.tracer.line(`${t.name} exited: every page freed`);
      return OK;
    }

    // ───────────── kernel
    case 'alloc_pages_node':
    case 'alloc_pages': {
      const nid = call.op === 'alloc_pages_node' ? resolveNode(ctx, call.nid) : mm.cpuNode(0);
      return kernelAlloc(env, nid < 0 ? mm.cpuNode(0) : nid, call.gfp, call.order, call.count, resolveNodeSet(ctx, call.nodemask), call.op);
    }
    case 'kmalloc_node':
    case 'kvzalloc_node': {
      const nid0 = resolveNode(ctx, call.nid);
      const nid = nid0 < 0 ? mm.cpuNode(0) : nid0;
      if (call.size <= 2 * PAGE_SIZE || call.op === 'kvzalloc_node') {
        const pages = Math.max(1, pagesOf(call.size));
        return kernelAlloc(env, nid, call.gfp, 0, call.op === 'kvzalloc_node' ? pages : 1, undefined, call.op, true);
      }
      return kernelAlloc(env, nid, call.gfp | GFP.__GFP_COMP, getOrder(call.size), 1, undefined, call.op, true);
    }
    case 'free_pages': {
      const h = mm.handles.get(call.handle);
      if (!h) return err('EINVAL');
      for (const [node, p] of h.pagesByNode) {
        mm.account(node, h.owner, -p);
        mm.stat.add('pgfree', p);
        mm.tracer.event('mm_page_free', `nid=${node} pages=${p} owner=${h.owner}`);
      }
      h.pagesByNode.clear();
      return OK;
    }
    case 'kswapd': {
      const nid = resolveNode(ctx, call.nid);
      const n = mm.node(nid);
      const allowed = reclaimAllowed(mm, nid);
      if (!n || !allowed.ok || !n.kswapd) {
        mm.tracer.line(`kswapd(${nid}): not run: ${!n ? 'no such node' : !allowed.ok ? allowed.why : 'the node has no kswapd thread (private nodes get one only from their service)'}`);
        return OK;
      }
      const got = balancePgdat(mm, nid);
      mm.tracer.line(`kswapd(${nid}): reclaimed ${got} page(s)`);
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
      const n = mm.node(nid);
      const isAdd = call.op === 'add_private_memory_driver_managed';
      if (!isAdd && n && n.present > 0) return syscallError(mm, 'online_node', 'EBUSY', `node ${nid} is already online`);
      const size = isAdd ? call.size : (n?.decl?.sizeBytes ?? 0);
      if (size <= 0) return syscallError(mm, call.op, 'EINVAL', 'no memory to add');
      const res = hotplugMemory(mm, nid, size, {
        private: isAdd ? true : !!n?.privateDecl,
        ops: isAdd ? call.ops : undefined,
        zone: isAdd ? call.zone : undefined,
        path: call.op,
      });
      const meta = [...res.metadataPages.entries()].map(([node, p]) => `node ${node} ×${p}`).join(', ');
      if (res.errno) return syscallError(mm, `${call.op}(${nid})`, res.errno, res.rule);
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
      const n = mm.node(nid);
      if (!n || nid < 0) return syscallError(mm, 'node_private_set_ops', 'EINVAL', `node ${nid} is not possible`);
      if (n.state !== 'private' || !mm.design.opsApply) {
        return syscallError(mm, 'node_private_set_ops', 'ENODEV', `no node_private registered on node ${nid}${mm.design.opsApply ? '' : ` (design ${mm.design.name} has no private-node ops)`}`);
      }
      const req = requestedOps(n.kind, call.ops, call.callbacks);
      const bad = validateOps(req);
      if (bad) {
        if (!mm.hasStatic('ops-rejected', mm.currentSpan)) mm.emit('ops-rejected', `node_private_set_ops(${nid}, ${formatOps(req.flags)}) = -EINVAL: ${bad}`, mm.nodeRelated(nid));
        return err('EINVAL');
      }
      n.ops = req;
      mm.invalidateTopology();
      mm.tracer.line(`node ${nid} ops = ${formatOps(req.flags)} (callbacks ${req.callbacks.join(', ') || 'none'})`);
      return OK;
    }
    case 'set_cpuset_mems':
      return setCpusetMems(env, call.cgroup, resolveNodeSet(ctx, call.mems) ?? []);
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

function privateRelated(mm: Mm, p: Policy | undefined | null) {
  return (p?.nodes ?? []).filter((n) => mm.node(n)?.state === 'private').flatMap((n) => mm.nodeRelated(n));
}

function kernelAlloc(env: CallEnv, nid: number, gfp: number, order: number, count: number, nodemask: number[] | undefined, fn: string, slab = false): Outcome {
  const { mm } = env;
  const name = env.assign ?? `${fn}@${env.line}`;
  const owner = slab && !env.assign ? 'slab' : `kernel:${name}`;
  const h: Handle = { name, owner, pagesByNode: new Map(), requested: count * 2 ** order, span: mm.currentSpan, gfp };
  mm.handles.set(name, h);
  const label = env.ctx.label ? `${env.ctx.label}: ` : '';
  const r = allocPages(mm, {
    nid,
    gfp,
    order,
    count,
    nodemask,
    owner,
    path: `${label}${fn}(${nid}, ${formatGfp(gfp)}, order ${order})`,
    sink: (node, pages) => h.pagesByNode.set(node, (h.pagesByNode.get(node) ?? 0) + pages),
  });
  reportOoms(mm);
  if (r.failed > 0) {
    const privateAlloc = has(gfp, GFP.__GFP_PRIVATE) && has(gfp, GFP.__GFP_THISNODE);
    if (!mm.oomEvents.length) {
      const msg = `${fn}(${nid}, ${formatGfp(gfp)}, order ${order}) returned NULL${count > 1 ? ` for ${r.failed} of ${count}` : ''}: ${r.reason ?? 'no memory'}`;
      mm.emit(privateAlloc ? 'gfp-private-oom' : 'alloc-failed', privateAlloc ? `${msg} (GFP_PRIVATE: no fallback, no OOM kill)` : msg, mm.nodeRelated(nid));
    }
    return oomOutcome(mm, err('ENOMEM'));
  }
  return oomOutcome(mm, OK);
}

function doMbind(env: CallEnv, call: Extract<Call, { op: 'mbind' }>): Outcome {
  const { mm, ctx } = env;
  const t = needTask(env);
  const m = t && mappingOf(env, call.range.name);
  const what = `mbind(${call.range.name}, ${MODE_NAMES[call.mode] ?? call.mode})`;
  if (!t || !m) return syscallError(mm, what, 'EFAULT', `no mapping ${call.range.name}`);
  if (call.flags & ~(MPOL_MF.MPOL_MF_STRICT | MPOL_MF.MPOL_MF_MOVE | MPOL_MF.MPOL_MF_MOVE_ALL)) return syscallError(mm, what, 'EINVAL', 'unknown mbind flags');
  const r = pageRange(m, call.range.sel);
  if (r.byteStart % PAGE_SIZE) return syscallError(mm, what, 'EINVAL', 'start is not page aligned');
  if (r.overflow) return syscallError(mm, what, 'EFAULT', 'the range runs into an unmapped area');
  if (r.b <= r.a) return OK; // len 0: do_mbind returns 0 before mpol_new
  const nodes = resolveNodeSet(ctx, call.nodes);
  const res = mpolNew(mm, t, call.mode, call.modeFlags, nodes, 'mbind');
  if (res.errno) return syscallError(mm, what, res.errno, res.rule);
  // after mpol_new(), queue_pages_range(): a hole at the start or inside the range is -EFAULT, for every mode,
  // MPOL_DEFAULT included (MPOL_MF_DISCONTIG_OK is kernel-internal) — oracle c08
  if (m.hasHole(r.a, r.b)) return syscallError(mm, what, 'EFAULT', 'the range runs into an area removed by munmap');
  const pol = res.policy ?? undefined;
  for (const w of res.warnings) mm.emit('private-policy', w, privateRelated(mm, pol));
  if (pol && m.backing === 'file' && pol.nodes.some((n) => mm.node(n)?.state === 'private'))
    mm.emit('file-mbind', `mbind of file-backed ${m.name} onto private node ${pol.nodes.filter((n) => mm.node(n)?.state === 'private').join(',')}: the page cache does not follow VMA policies, and mbind MOVE of page-cache pages needs extensions (seed 004)`, privateRelated(mm, pol));
  const flags = call.flags;
  const strict = (flags & MPOL_MF.MPOL_MF_STRICT) !== 0 && call.mode !== MPOL_MODE.MPOL_DEFAULT;
  const move = (flags & (MPOL_MF.MPOL_MF_MOVE | MPOL_MF.MPOL_MF_MOVE_ALL)) !== 0;
  // queue_folios_pte_range: pages off the policy (private pages without MIGRATION are skipped silently in v4)
  // MPOL_LOCAL has an empty user nodemask: every folio is queued (MPOL_MF_INVERT) and
  // alloc_migration_target_by_mpol() places it on the local node (oracle j06)
  const allowedNodes = pol?.mode === MPOL_MODE.MPOL_LOCAL ? [t.node] : pol?.nodes ?? [];
  const offPolicy = (v: number) => isNode(v) && !!pol && !allowedNodes.includes(v) && nodeAllowsMigrate(mm, v);
  const off = [...m.set.counts(r.a, r.b).entries()].filter(([v]) => offPolicy(v)).reduce((s, [, c]) => s + c, 0);
  const hidden = [...m.set.counts(r.a, r.b).keys()].filter((v) => isNode(v) && !!pol && !pol.nodes.includes(v) && !nodeAllowsMigrate(mm, v));
  if ((strict || flags & (MPOL_MF.MPOL_MF_MOVE | MPOL_MF.MPOL_MF_MOVE_ALL)) && hidden.length)
    mm.inferred(`inferred (kernel-semantics §4.1): pages on private node ${hidden.join(',')} (no NP_OPS_MIGRATION) are skipped by the mbind queue walk, not counted as failures`);
  if (strict && !move && off > 0) return syscallError(mm, what, 'EIO', `MPOL_MF_STRICT: ${off} existing page(s) are not on the policy's nodes (policy not applied)`);
  // apply the VMA policy to [a, b)
  const kept = m.policies.flatMap((p) => {
    if (p.end <= r.a || p.start >= r.b) return [p];
    const parts = [];
    if (p.start < r.a) parts.push({ ...p, end: r.a });
    if (p.end > r.b) parts.push({ ...p, start: r.b });
    return parts;
  });
  if (pol) {
    pol.span = mm.currentSpan;
    kept.push({ start: r.a, end: r.b, policy: pol });
  }
  m.policies = kept.sort((x, y) => x.start - y.start);
  mm.tracer.line(`VMA policy of ${m.name}[${r.a}:${r.b}) = ${describePolicy(pol)}`);
  if (move && pol && off > 0 && !(m.mappedShared() && !(flags & MPOL_MF.MPOL_MF_MOVE_ALL))) {
    const moved = mbindMove(mm, t, m, r.a, r.b, pol, offPolicy);
    if (moved < off) {
      mm.emit('migration-refused', `mbind MOVE left ${off - moved} of ${off} page(s) off the policy`);
      if (strict) return syscallError(mm, what, 'EIO', `MPOL_MF_STRICT: ${off - moved} page(s) could not be migrated`);
    }
  }
  return OK;
}

/** alloc_migration_target_by_mpol: the kernel allocator under the new policy (+__GFP_PRIVATE with MPOL_F_PRIVATE) */
function mbindMove(mm: Mm, t: Task, m: Mapping, a: number, b: number, pol: Policy, off: (v: number) => boolean): number {
  const gfp = GFP_COMPOSITE.GFP_HIGHUSER_MOVABLE | (pol.private && mm.design.userMasks === 'v4' ? GFP.__GFP_PRIVATE : 0);
  const plan = planFor(mm, t, pol, t.node);
  let moved = 0;
  if (plan.kind === 'interleave') {
    // each page goes to its interleave node: release and refault under the policy
    for (const [v, c] of m.set.counts(a, b)) {
      if (!off(v)) continue;
      for (const seg of segmentsOf(m, a, b, (x) => x === v)) {
        freeRange(mm, m, seg.a, seg.b);
      }
      moved += c;
    }
    touchRange(mm, t, m, a, b, false, 0, 'keep');
    mm.stat.add('pgmigrate_success', moved);
    return moved - m.set.countOn(NP, a, b);
  }
  const nodemask = plan.kind === 'single' ? plan.nodemask : plan.nodemask;
  for (const [v] of m.set.counts(a, b)) {
    if (!off(v)) continue;
    const r = migrateToNode(mm, plan.nid, segmentsOf(m, a, b, (x) => x === v), 'mbind', gfp, nodemask, true);
    moved += r.moved;
  }
  return moved;
}

function setCpusetMems(env: CallEnv, cgName: string, mems: number[]): Outcome {
  const { mm } = env;
  const cg = mm.cgroups.get(cgName);
  if (!cg) return syscallError(mm, 'set_cpuset_mems', 'ENOENT', `no cgroup ${cgName}`);
  const before = effectiveMems(mm, cg);
  cg.mems = [...mems];
  const after = effectiveMems(mm, cg);
  mm.tracer.line(`cpuset ${cgName}: mems.effective {${before}} → {${after}}`);
  for (const t of mm.liveTasks()) {
    if (t.cgroup !== cgName) continue;
    const policies: [string, Policy][] = [];
    if (t.policy) policies.push([`task policy of ${t.name}`, t.policy]);
    for (const m of t.mappings.values()) for (const p of m.policies) policies.push([`VMA policy of ${m.owner}`, p.policy]);
    for (const [what, p] of policies) {
      const r = rebindPolicy(mm, p, after);
      if (!r.changed) continue;
      mm.tracer.line(`${what}: rebound {${r.before}} → {${p.nodes}}`);
      const STATIC = 1 << 15;
      if (r.hadPrivate && !(p.flags & STATIC))
        mm.emit(
          'cpuset-rebind',
          `${what}: MPOL_BIND-style policy on private node(s) {${r.before.filter((n) => mm.node(n)?.state === 'private')}} quietly rebound to {${p.nodes}} by the cpuset.mems change (no MPOL_F_STATIC_NODES)`,
          [...(p.span ? [{ span: p.span, message: 'the policy was set here' }] : []), ...r.before.flatMap((n) => (mm.node(n)?.state === 'private' ? mm.nodeRelated(n) : []))],
        );
    }
    // cgroup v2: pages on nodes no longer allowed migrate (positional remap)
    const gone = before.filter((n) => !after.includes(n));
    for (const [k, src] of gone.entries()) {
      const dst = after[k % after.length];
      if (dst === undefined) continue;
      for (const m of t.mappings.values()) {
        const segs = segmentsOf(m, 0, m.pages, (v) => v === src);
        if (segs.length) migrateToNode(mm, dst, segs, 'cpuset');
      }
    }
  }
  return OK;
}
