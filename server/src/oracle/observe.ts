/**
 * The common shape both sides are reduced to before comparing: what one statement did.
 * kernelObservations() reads the interpreter's JSON lines; emulator.ts produces the same shape
 * from a simulate() run.
 */
import { ERRNO_TABLE } from '../vocab/errno';
import { OracleLine } from './qemu';
import { Translation } from './translate';

export interface ObservedOutcome {
  kind: 'ok' | 'error' | 'oom' | 'skipped' | 'killed';
  errno?: string;
  /** OOM constraint, normalised: none | memory_policy | cpuset | memcg */
  constraint?: string;
  /** the OOM victim (task name); the first one when the statement led to several kills */
  victim?: string;
  /** every task the OOM killer took during the statement, in order (kernel only) */
  victims?: string[];
  /** killed: the signal */
  signal?: number;
}

export interface StmtObservation {
  id: string;
  outcome?: ObservedOutcome;
  /** mapping key -> node id -> resident pages, after the statement */
  placement?: Record<string, Record<string, number>>;
  /** mapping key -> nodes in the order the pages' first appearance (kernel only) */
  order?: Record<string, number[]>;
  /** move_pages per-page status (node id or -errno; -999 = never written by the kernel); kernel only */
  status?: number[];
  /** move_pages status as counts by value ("2", "-ENOENT"), entries the kernel never wrote left out */
  statusCounts?: Record<string, number>;
  /** the syscall's raw return (move_pages/migrate_pages: pages not moved) */
  ret?: number;
  /**
   * pressure family: whether the statement swapped pages out (pswpout moved) or in (pswpin), and whether it demoted
   * pages to a lower tier (pgdemote_kswapd/direct moved), kswapd's work included
   */
  pressure?: PressureObservation;
  /** pressure family, kernel side: the raw vmstat increments of the statement (kept in the goldens) */
  vm?: Record<string, number>;
  /**
   * the harness, not the kernel, ended the statement: the interpreter's per-op time limit ran out
   * and it killed the task (or an earlier statement was cut): no kernel answer, not comparable
   */
  cut?: string;
  /** expectations: whether it holds, and the value observed */
  verdict?: boolean;
  value?: number;
}

export interface PressureObservation {
  swapout: boolean;
  swapin: boolean;
  demoted: boolean;
}

/**
 * Pages a counter must move by before the statement counts as having swapped or demoted: under
 * pressure the kernel also swaps the supervisor's, busybox's and the page tables' pages out and in
 * again (a few hundred pages, seen on the oracle), which is not the scenario's doing.
 */
export const PRESSURE_MIN_PAGES = 1024;

/** the pressure observation of a vmstat increment (kernel) or a step's stats (emulator) */
export function pressureOf(delta: Record<string, number>): PressureObservation {
  const d = (k: string) => delta[k] ?? 0;
  const moved = (n: number) => n >= PRESSURE_MIN_PAGES;
  return { swapout: moved(d('pswpout')), swapin: moved(d('pswpin')), demoted: moved(d('pgdemote_kswapd') + d('pgdemote_direct') + d('pgdemote_khugepaged')) };
}

const ERRNO_BY_VALUE = new Map<number, string>();
for (const [name, e] of ERRNO_TABLE) ERRNO_BY_VALUE.set(e.value, name);
ERRNO_BY_VALUE.set(110, 'ETIMEDOUT');
ERRNO_BY_VALUE.set(4, 'EINTR');

export function errnoName(n: number): string {
  return ERRNO_BY_VALUE.get(n) ?? `errno${n}`;
}

export function normaliseConstraint(c: string | undefined): string | undefined {
  if (!c) return undefined;
  return c.replace(/^CONSTRAINT_/i, '').toLowerCase().replace(/[^a-z_]/g, '_');
}

export function expandRuns(runs: [number, number][] | null | undefined): number[] | undefined {
  if (!runs) return undefined;
  const out: number[] = [];
  for (const [v, n] of runs) for (let i = 0; i < n; i++) out.push(v);
  return out;
}

function countsOf(line: OracleLine, node: (k: number) => number): Record<string, number> {
  const out: Record<string, number> = {};
  const counts = (line.counts ?? {}) as Record<string, number>;
  for (const [k, v] of Object.entries(counts)) if (Number(k) >= 0) out[String(node(Number(k)))] = v;
  return out;
}

const OP_NAME: Record<string, string> = {
  mmap: 'map', malloc: 'map', touch: 'touch', poke: 'touch', munmap: 'unmap', mbind: 'mbind',
  set_mempolicy: 'setpol', set_mempolicy_home_node: 'home', move_pages: 'move', migrate_pages: 'migrate', madvise: 'madvise',
  mlock: 'mlock', munlock: 'munlock', mprotect: 'mprotect', exit: 'exit',
  offline_node: 'offline', online_node: 'online', set_cpuset_mems: 'cpuset',
};

/** Reduce one scenario's interpreter lines to per-statement observations. */
export function kernelObservations(tr: Translation, lines: OracleLine[]): StmtObservation[] {
  const mine = lines.filter((l) => l.scn === tr.name);
  // kernel node ids back to the scenario's (statuses < 0 are errnos, -999 "never written")
  const node = (k: number) => (k >= 0 && k < tr.kernelNodes.length ? tr.kernelNodes[k] : k);
  const runs = (l: OracleLine) => expandRuns(l.runs as [number, number][] | null)?.map(node);
  const byId = new Map<string, OracleLine[]>();
  for (const l of mine) if (l.id) (byId.get(l.id) ?? byId.set(l.id, []).get(l.id)!).push(l);
  const out: StmtObservation[] = [];
  const obsById = new Map<string, StmtObservation>();
  // vmstat increments per statement (pressure family): each vmstat line minus the one before it
  const vmDelta = new Map<string, Record<string, number>>();
  let prevVm: Record<string, number> | undefined;
  for (const l of mine) {
    if (l.op !== 'vmstat') continue;
    const vm = (l.vm ?? {}) as Record<string, number>;
    if (prevVm && l.id) {
      const d: Record<string, number> = {};
      for (const [k, v] of Object.entries(vm)) d[k] = v - (prevVm[k] ?? 0);
      vmDelta.set(l.id, d);
    }
    prevVm = vm;
  }
  // a cut (the interpreter's op time limit) ends the kernel's answers for the rest of the scenario:
  // the task it killed skips its later statements, and the others run on a machine in another state
  let cutAt: string | undefined;
  const regionKey = (region: string, task: string) => tr.regionKeys[`${task}:${region}`] ?? `${task}:${region}`;
  for (const p of tr.statements) {
    if (!p.comparable) continue;
    const ls = byId.get(p.id) ?? [];
    const o: StmtObservation = { id: p.id };
    const timeout = ls.find((l) => l.op === 'timeout');
    if (cutAt || timeout) {
      o.cut = cutAt ?? `the oracle's interpreter cut the statement after ${Math.round(Number(timeout!.limit_ms ?? timeout!.ms ?? 0) / 1000)} s (its per-op time limit) and killed the task: no kernel answer`;
      cutAt ??= `after L${p.line}, which the oracle's interpreter cut (its per-op time limit): no kernel answer`;
      obsById.set(p.id, o);
      out.push(o);
      continue;
    }
    if (p.kind === 'call') {
      const main = ls.find((l) => l.op === OP_NAME[p.op]);
      const oomLine = ls.find((l) => l.op === 'kmsg' && typeof l.text === 'string' && l.text.includes('oom-kill:'));
      // the statement's own task died running it (a signal other than an OOM kill, e.g. SIGSEGV)
      const actorDeath = ls.find((l) => l.op === 'died' && p.task !== undefined && tr.taskNames[l.task] === p.task);
      const skipped = ls.find((l) => l.op === 'skipped');
      const victims = ls
        .filter((l) => l.op === 'kmsg' && typeof l.text === 'string' && l.text.includes('oom-kill:'))
        .map((l) => /,task=([^,]+),pid=/.exec(String(l.text))?.[1])
        .filter((v): v is string => !!v)
        .map((v) => tr.taskNames[v] ?? v);
      if (oomLine) {
        const text = String(oomLine.text);
        o.outcome = { kind: 'oom', constraint: normaliseConstraint(/constraint=([A-Z_]+)/.exec(text)?.[1]), victim: victims[0] };
        if (victims.length > 1) o.outcome.victims = victims;
      } else if (main) {
        const errno = Number(main.errno ?? 0);
        o.outcome = Number(main.ret) < 0 && errno ? { kind: 'error', errno: errnoName(errno) } : { kind: 'ok' };
      } else if (actorDeath) o.outcome = { kind: 'killed', signal: Number(actorDeath.signal ?? 0) || undefined };
      else if (skipped) o.outcome = { kind: 'skipped' };
      else if (ls.some((l) => l.op === 'timeout')) o.outcome = { kind: 'error', errno: 'ETIMEDOUT' };
      if (main && typeof main.ret === 'number' && (p.op === 'move_pages' || p.op === 'migrate_pages')) o.ret = main.ret;
      const delta = vmDelta.get(p.id);
      if (tr.pressure && delta && p.op !== 'mmap' && p.op !== 'malloc') {
        o.pressure = pressureOf(delta);
        const vm: Record<string, number> = {};
        for (const [k, v] of Object.entries(delta)) if (v) vm[k] = v;
        o.vm = vm;
      }
      if (main && p.op === 'move_pages') {
        o.status = runs(main);
        o.statusCounts = statusCounts(o.status ?? []);
      }
    }
    const queries = ls.filter((l) => l.op === 'query');
    if (queries.length) {
      o.placement = {};
      o.order = {};
      for (const q of queries) {
        const key = regionKey(String(q.r), String(q.task));
        o.placement[key] = countsOf(q, node);
        o.order[key] = ((q.order ?? []) as number[]).filter((n) => n >= 0).map(node);
      }
    }
    // mappings of a task that died are gone
    if (p.kind === 'call' && p.queries.length && !queries.length) {
      o.placement = {};
      for (const k of p.queries) o.placement[k] = {};
    }
    if (p.kind === 'expect' && p.expect) {
      const x = p.expect;
      if (x.form === 'ok' || x.form === 'error' || x.form === 'oom') {
        const prev = obsById.get(p.prev!)?.outcome;
        o.verdict = x.form === 'ok' ? prev?.kind === 'ok' : x.form === 'oom' ? prev?.kind === 'oom' : prev?.kind === 'error' && prev.errno === x.errno;
      } else if (x.form === 'metric' && p.range) {
        const q = queries[0];
        // no query because the task is dead (OOM-killed, exited): its mappings hold no pages
        const dead = !q && ls.some((l) => l.op === 'skipped');
        const st = q ? runs(q) : dead ? [] : undefined;
        if (st) {
          const slice = st.slice(p.range.off, p.range.off + p.range.pages);
          const count = slice.filter((v) => v === p.range!.node).length;
          o.value = x.unit === 'percent' ? (slice.length ? count / slice.length : 0) : count;
          o.verdict = compareOp(o.value, x.op, x.value);
        }
      }
    }
    obsById.set(p.id, o);
    out.push(o);
  }
  return out;
}

export function statusCounts(status: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of status) {
    if (v === -999) continue;
    const k = v < 0 ? `-${errnoName(-v)}` : String(v);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

export function compareOp(a: number, op: string, b: number): boolean {
  const eps = 1e-9;
  switch (op) {
    case '==': return Math.abs(a - b) < eps;
    case '!=': return Math.abs(a - b) >= eps;
    case '<': return a < b - eps;
    case '<=': return a <= b + eps;
    case '>': return a > b + eps;
    case '>=': return a >= b - eps;
  }
  return false;
}
