/**
 * One case per statement of language.md, statements: the system-call layer between the scenario and
 * mm/ (task statements here, kernel and device statements in kernelOps.ts). Each resolves
 * names, calls the mm/ function named after its kernel source, returns the statement's Outcome and
 * raises the diagnostics that name the rule (syscall-error, migration-refused,
 * alloc-failed, oom / gfp-private-oom, private-policy, file-mbind, pin-private,
 * unplug-blocked, service-skipped, ...).
 */
import { Call } from '../model/ir';
import { PAGE_SIZE } from '../mm/gfp';
import { pinRange, unpinRange } from '../mm/gup';
import { madvise, mlock } from '../mm/madvise';
import { faultRange, touchRange } from '../mm/memory';
import { doMbind, doSetMempolicy, MODE_NAMES, privateRelated, setHomeNode } from '../mm/mempolicy';
import { formatStatus, migratePagesSyscall, movePages, queryPages } from '../mm/migrate';
import { doMmap, doMunmap } from '../mm/mmap';
import { killTask } from '../mm/oom_kill';
import { pageRange, resolveNode, resolveNodeSet } from './context';
import { runKernelCall } from './kernelOps';
import { CallEnv, err, mappingOf, needTask, OK, oomOutcome, reportOoms, syscallError } from './outcome';
import { ProfileRatio } from './ratio';
import { Outcome } from '../mm/result';

/**
 * The declarations of these nodes, for a diagnostic's related information. A function of its
 * own: a closure over `mm` inside runCall made every statement allocate runCall's context.
 */
function nodesRelated(mm: CallEnv['mm'], nodes: number[]) {
  return nodes.flatMap((n) => mm.nodeRelated(n));
}

/** the explain lines of the calls below, formatted when a record is read (mm/trace.ts fact) */
const mmapLine = (name: string, op: string, size: number, backing: string, shared: boolean, vstart: number, pages: number): string =>
  `${name} = ${op}(${size} bytes, ${backing}${shared ? ', shared' : ''}) at 0x${(vstart * PAGE_SIZE).toString(16)}: ${pages} page(s), none present yet`;
const munmapLine = (name: string, freed: number): string => `munmap(${name}): ${freed} page(s) freed`;
const segvLine = (op: string, name: string, segv: string): string => `${op}(${name}): ${segv}`;
const pagesStatLine = (name: string, status: string): string => `move_pages(${name}, NULL): status ${status || '(empty)'}`;
const movePagesLine = (name: string, node: number, status: string): string => `move_pages(${name} → node ${node}): status ${status || '(empty)'}`;
const migratePagesLine = (from: string, to: string, status: string, notMoved: number): string => `migrate_pages({${from}} → {${to}}): ${status || 'nothing to move'}; returned ${notMoved}`;
const populatedLine = (name: string, advice: string, pages: number): string => `madvise(${name}, ${advice}): ${pages} page(s) populated`;
const madviseLine = (name: string, advice: string, done: number): string => `madvise(${name}, ${advice}): ${done} page(s) processed`;
const exitedLine = (name: string): string => `${name} exited: every page freed`;

/** how an error names an mbind call (made for an error only: every mbind of a long scenario passes here) */
function mbindText(call: Extract<Call, { op: 'mbind' }>): string {
  return `mbind(${call.range.name}, ${MODE_NAMES[call.mode] ?? call.mode})`;
}

export function runCall(env: CallEnv, call: Call): Outcome {
  const { mm, ctx } = env;
  switch (call.op) {
    // ───────────── task (user space)
    case 'mmap':
    case 'malloc': {
      const t = needTask(env);
      if (!t) return err('EINVAL');
      const backing = call.op === 'mmap' ? call.backing : 'anon';
      const shared = call.op === 'mmap' ? call.shared : false;
      const m = doMmap(mm, t, env.assign ?? `mmap@${env.span.start}`, call.size, backing, shared);
      mm.tracer.fact(mmapLine, m.name, call.op, call.size, backing, shared, m.vstart, m.pages);
      return OK;
    }
    case 'munmap': {
      const m = mappingOf(env, call.target.name);
      if (!m) return syscallError(mm, 'munmap', 'EINVAL', `no mapping ${call.target.name}`);
      const r = pageRange(m, call.target.sel);
      const freed = doMunmap(mm, m, r.a, r.b);
      mm.tracer.fact(munmapLine, m.name, freed);
      return OK;
    }
    case 'mbind': {
      const t = needTask(env);
      const m = t && mappingOf(env, call.range.name);
      if (!t || !m) return syscallError(mm, mbindText(call), 'EFAULT', `no mapping ${call.range.name}`);
      const res = doMbind(mm, t, m, pageRange(m, call.range.sel), call.mode, call.modeFlags, call.flags, resolveNodeSet(ctx, call.nodes));
      if (res.notMoved > 0) mm.emit('migration-refused', `mbind MOVE left ${res.notMoved} of ${res.off} page(s) off the policy`);
      return res.errno ? syscallError(mm, mbindText(call), res.errno, res.rule) : OK;
    }
    case 'set_mempolicy': {
      const t = needTask(env);
      if (!t) return err('EINVAL');
      const res = doSetMempolicy(mm, t, call.mode, call.modeFlags, resolveNodeSet(ctx, call.nodes));
      return res.errno ? syscallError(mm, `set_mempolicy(${MODE_NAMES[call.mode] ?? call.mode})`, res.errno, res.rule) : OK;
    }
    case 'set_mempolicy_home_node': {
      const m = mappingOf(env, call.range.name);
      if (!m) return err('EFAULT');
      const r = pageRange(m, call.range.sel);
      const res = setHomeNode(mm, m, r.a, r.b, resolveNode(ctx, call.node));
      return res.errno ? syscallError(mm, 'set_mempolicy_home_node', res.errno, res.rule) : OK;
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
      const access = faultRange(mm, t, m, r.a, r.b, write, ratio);
      if (access.segv !== undefined) {
        mm.tracer.fact(segvLine, call.op, m.name, access.segv);
        mm.emit('segfault', `task ${t.name} ${access.segv}; it runs no more statements`);
        return { kind: 'killed', signal: 'SIGSEGV' };
      }
      const f = access.fault;
      reportOoms(mm);
      if (mm.oomEvents.length) return oomOutcome(mm, OK);
      if (mm.panicked) return err('ENOMEM'); // the interpreter makes it the panic outcome
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
      const r = pageRange(m, call.range.sel);
      if (!call.node) {
        // nodes = NULL: do_pages_stat(), the status of each page (`expect status(...)` reads it)
        m.pageStatus = { a: r.a, b: r.b, status: queryPages(mm, m, r.a, r.b) };
        if (mm.tracer.explaining) mm.tracer.fact(pagesStatLine, m.name, formatStatus(m.pageStatus.status));
        return OK;
      }
      const node = resolveNode(ctx, call.node);
      const res = movePages(mm, t, m, r.a, r.b, node, call.flags);
      if (res.errno) return syscallError(mm, res.badFlags ? 'move_pages' : `move_pages(${m.name}, node ${node})`, res.errno, res.rule);
      const status = formatStatus(res.status);
      mm.tracer.fact(movePagesLine, m.name, node, status);
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
      if (mm.tracer.explaining) mm.tracer.fact(migratePagesLine, from.join(','), to.join(','), formatStatus(res.status), res.notMoved);
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
        mm.tracer.fact(populatedLine, m.name, call.advice, r.b - r.a);
        return OK;
      }
      const res = madvise(mm, m, r.a, r.b, call.advice);
      if (res.errno) return syscallError(mm, `madvise(${call.advice})`, res.errno, res.rule ?? 'unknown advice');
      if (res.skipped) mm.emit('service-skipped', res.skipped);
      mm.tracer.fact(madviseLine, m.name, call.advice, res.done);
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
      if (res.migratedFrom.length) {
        mm.emit('pin-private', `FOLL_LONGTERM pin migrated ${res.migrated} page(s) off node ${res.migratedFrom.join(',')} first (no NP_OPS_LONGTERM_PIN: folio_is_longterm_pinnable() is false)`, nodesRelated(mm, res.migratedFrom));
        // a pin that then succeeded: the migration is a note, not a warning
        if (!res.errno) mm.diagnostics[mm.diagnostics.length - 1].severity = 'info';
      }
      if (res.errno) {
        if (res.failedNodes.length)
          mm.emit('pin-private', `FOLL_LONGTERM pin failed: pages on node ${res.failedNodes.join(',')} are not longterm-pinnable and cannot be migrated (no NP_OPS_MIGRATION)`, nodesRelated(mm, res.failedNodes));
        return err(res.errno);
      }
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
      mm.tracer.fact(exitedLine, t.name);
      return OK;
    }

    default:
      return runKernelCall(env, call);
  }
}
