/**
 * Translator: a lowered scenario (IR Program) -> what the real kernel can run.
 *   - the machine -> a QEMU NUMA topology (GuestTopology)
 *   - task statements -> lines of the in-guest interpreter script (tools/oracle/oracle.c)
 *   - every statement -> a StmtPlan saying whether and how it is compared; statements the stock
 *     kernel cannot run (private-node features, kernel allocations, devices, expectations under
 *     other designs) are listed as not comparable with the reason, never dropped silently.
 *
 * The machine (node numbering, sizes, scaling) is topology.ts.
 *
 * Addresses: each mapping is placed at a fixed address whose page index is a multiple of
 * 720720*16 (divisible by every interleave width and weight sum up to 16), so the kernel's anon
 * interleave index (vaddr >> PAGE_SHIFT, the kernel's interleave by page offset) starts each mapping at index 0 of
 * its nodemask: placement does not depend on ASLR and page i of a mapping is interleave index i.
 */
import { LineIndex, Span } from '../common/span';
import { Call, CallStmt, ExpectStmt, NodeRef, NodeSet, Program, RangeRef, Stmt } from '../model/ir';
import { absoluteBody } from '../model/blockSpans';
import { GuestTopology } from './qemu';
import { guestTopology, numberNodes } from './topology';

/**
 * The interpreter's per-op time limit in the pressure family (its default is 120 s). A second pass
 * over more than RAM swaps every page in under TCG; on a loaded 2-core host that took longer than
 * 120 s, the interpreter cut the op with SIGKILL, and the goldens recorded the cut as the kernel
 * killing the task (p07, p12, p17: oracle/DISAGREEMENTS.md, P5c). A cut is now reported as such.
 */
export const PRESSURE_OP_TIMEOUT_MS = 600_000;

export const PAGE = 4096;
export const ADDR_STRIDE_PAGES = 720720 * 16;
export const HEAVY_TOUCH_PAGES = 8192; // 32 MiB

export type CompareMode = 'exact' | 'share';

export interface NotComparable {
  line: number;
  text: string;
  reason: string;
}

export interface StmtPlan {
  /** stable id within the scenario: the interpreter tags its output with it */
  id: string;
  line: number;
  text: string;
  span: Span;
  kind: 'call' | 'expect';
  /** the IR call op, or the expectation form */
  op: string;
  task?: string;
  comparable: boolean;
  reason?: string;
  /** mapping keys ("task:name") whose placement is compared after this statement */
  queries: string[];
  /** expectations: the statement they refer to (ok/error/oom) */
  prev?: string;
  expect?: ExpectStmt['expectation'];
  /** expectations on pages(): the range inspected, in pages of the mapping */
  range?: { key: string; off: number; pages: number; node: number };
}

export interface Translation {
  name: string;
  topo: GuestTopology;
  /** the interpreter lines of this scenario (without `scenario`/`end`) */
  script: string[];
  preSh?: string;
  mode: CompareMode;
  statements: StmtPlan[];
  /** declarations and whole-scenario reasons that are not compared */
  notes: NotComparable[];
  /** set when nothing of the scenario can run on the oracle */
  whole?: string;
  /** the pressure family (swap or demotion): statements also compare whether they swapped and demoted */
  pressure: boolean;
  scaled: { node: number; fromMiB: number; toMiB: number }[];
  /** mapping key -> size in pages */
  mappings: Record<string, number>;
  /** "scriptTask:region" (names in the interpreter's output) -> mapping key ("task:name") */
  regionKeys: Record<string, string>;
  /** interpreter task name (the OOM report's task=) -> IR task name */
  taskNames: Record<string, string>;
  /** kernel node id -> the scenario's node id (the kernel numbers nodes in SRAT order) */
  kernelNodes: number[];
}

interface MapInfo {
  key: string;
  region: string;
  pages: number;
}

function sanitize(s: string, max: number): string {
  return s.replace(/[^A-Za-z0-9_.]/g, '_').slice(0, max) || '_';
}

function nodeConst(r: NodeRef): number | undefined {
  return 'const' in r ? r.const : undefined;
}

function nodeList(set: NodeSet | undefined): number[] | undefined {
  if (!set) return [];
  const out: number[] = [];
  for (const r of set.nodes) {
    const n = nodeConst(r);
    if (n === undefined) return undefined;
    out.push(n);
  }
  return out;
}

export function formatNodes(nodes: number[]): string {
  if (!nodes.length) return '-';
  return [...new Set(nodes)].sort((a, b) => a - b).join(',');
}

/** Translate a lowered program. `source` is the file text (for line numbers and statement texts). */
export function translate(name: string, program: Program, source: string): Translation {
  const lines = new LineIndex(source);
  const lineOf = (s: Span) => lines.positionAt(s.start).line + 1;
  const textOf = (s: Span) => source.slice(s.start, s.end).split('\n')[0].trim();
  const notes: NotComparable[] = [];
  const statements: StmtPlan[] = [];
  const script: string[] = [];
  const mappings: Record<string, number> = {};
  const regionKeys: Record<string, string> = {};
  const taskNames: Record<string, string> = {};
  const m = program.machine;

  // ---------- machine -> topology ----------
  let whole: string | undefined;
  const decl = [...m.nodes].sort((a, b) => a.id - b.id);
  const byId = new Map(decl.map((n) => [n.id, n]));
  for (const n of decl) {
    if (n.private) notes.push({ line: lineOf(n.span), text: textOf(n.span), reason: 'private: under stock a private node is an ordinary CPU-less N_MEMORY node; compared as such' });
    if (n.ops !== undefined || n.callbacks) notes.push({ line: lineOf(n.span), text: textOf(n.span), reason: 'ops/callbacks: ignored by the stock kernel' });
    if (n.kind === 'cram' && (n.mediaBytes !== undefined || n.ratio !== undefined || n.watermarks))
      notes.push({ line: lineOf(n.span), text: textOf(n.span), reason: 'cram media/ratio/watermarks: no device on the oracle; the node is plain memory' });
  }
  const numbering = numberNodes(decl);
  const { toKernel, cpuToVcpu, kernelOrder } = numbering;
  if (numbering.problem) whole ??= numbering.problem;
  const kNodes = (ids: number[]) => formatNodes(ids.map(toKernel));

  // ---------- walk the timeline ----------
  let seq = 0;
  let heavy = false;
  let touchedPages = 0;
  let mapCount = 0;
  const spawned = new Set<string>();
  const taskScript = new Map<string, string>();
  const maps = new Map<string, MapInfo>(); // task:name -> info
  const cgroupNames = new Map<string, string>();
  for (const cg of m.cgroups) {
    cgroupNames.set(cg.name, sanitize(cg.name, 24));
    script.push(`cgroup ${sanitize(cg.name, 24)} ${kNodes(cg.mems)}`);
    if (cg.sysram) notes.push({ line: lineOf(cg.span), text: textOf(cg.span), reason: 'sysram: cpuset.mems.sysram exists only under spm_v2' });
  }
  for (const s of m.sysctls) {
    const w = /^mempolicy\.weighted_interleave\.node(\d+)$/.exec(s.key);
    if (w) script.push(`sysfs /sys/kernel/mm/mempolicy/weighted_interleave/node${toKernel(Number(w[1]))} ${s.value}`);
    else if (s.key === 'vm.demotion_enabled') {
      script.push(`sysfs /sys/kernel/mm/numa/demotion_enabled ${s.value ? 'true' : 'false'}`);
      if (s.value) notes.push({ line: lineOf(s.span), text: textOf(s.span), reason: 'demotion: the guest gets HMAT tables (a slower tier: 10x latency, 1/10 bandwidth per step), so the kernel builds memory tiers and demotion targets from the nodes\' tiers' });
    }
    else if ((s.key === 'vm.panic_on_oom' || s.key === 'kernel.numa_balancing') && s.value === 0) {
      /* the oracle's /init already sets these */
    } else notes.push({ line: lineOf(s.span), text: textOf(s.span), reason: `sysctl ${s.key}: not applied on the oracle (the oracle runs with panic_on_oom=0, numa_balancing=0)` });
  }
  // The pressure family (swap or demotion): the supervisor reads the reclaim, demotion and swap
  // counters before the first statement and after every compared one; a statement's observation
  // says whether it swapped out and whether it demoted.
  const pressure = m.swapBytes > 0 || m.sysctls.some((x) => x.key === 'vm.demotion_enabled' && x.value !== 0);
  if (pressure) script.push(`optimeout ${PRESSURE_OP_TIMEOUT_MS}`, '@0 - vmstat');

  const resolveRange = (task: string, r: RangeRef): { info: MapInfo; off: number; pages: number } | undefined => {
    const info = maps.get(`${task}:${r.name}`);
    if (!info) return undefined;
    const size = info.pages * PAGE;
    let start = 0;
    let end = size;
    if (r.sel.kind === 'page') {
      start = r.sel.offset;
      end = r.sel.offset + 1;
    } else if (r.sel.kind === 'bytes') {
      start = r.sel.start;
      end = r.sel.end;
    } else if (r.sel.kind === 'percent') {
      start = r.sel.start * size;
      end = r.sel.end * size;
    }
    const off = Math.floor(start / PAGE);
    const last = Math.min(info.pages, Math.ceil(end / PAGE));
    return { info, off, pages: Math.max(0, last - off) };
  };

  const plan = (p: Omit<StmtPlan, 'id' | 'line' | 'text' | 'queries'> & { queries?: string[] }): StmtPlan => {
    const sp: StmtPlan = { id: String(++seq), line: lineOf(p.span), text: textOf(p.span), queries: [], ...p } as StmtPlan;
    statements.push(sp);
    return sp;
  };
  const taskMaps = (task?: string) => [...maps.values()].filter((i) => task === undefined || i.key.startsWith(`${task}:`));

  const callInTask = (task: string, st: CallStmt, prevHolder: { id?: string }) => {
    const c: Call = st.call;
    const t = taskScript.get(task)!;
    const no = (reason: string) => {
      const p = plan({ kind: 'call', op: c.op, task, span: st.span, comparable: false, reason });
      prevHolder.id = p.id;
    };
    const yes = (line: string, touched: MapInfo[]) => {
      // under pressure a statement moves other mappings' pages too (reclaim, demotion, swap): every
      // mapping is queried after it
      const queries = pressure && touched.length ? taskMaps() : touched;
      const p = plan({ kind: 'call', op: c.op, task, span: st.span, comparable: true, queries: queries.map((q) => q.key) });
      script.push(`@${p.id} ${t} ${line}`);
      for (const q of queries) script.push(`@${p.id} ${taskScript.get(q.key.slice(0, q.key.indexOf(':')))} query ${q.region}`);
      if (pressure && c.op !== 'mmap' && c.op !== 'malloc') script.push(`@${p.id} - vmstat`);
      prevHolder.id = p.id;
    };
    switch (c.op) {
      case 'mmap':
      case 'malloc': {
        if (!st.assign) return no('the mapping is not assigned to a variable');
        const pages = Math.max(1, Math.ceil(c.size / PAGE));
        const key = `${task}:${st.assign.name}`;
        const region = sanitize(st.assign.name, 40);
        const info: MapInfo = { key, region, pages };
        const addr = (++mapCount) * ADDR_STRIDE_PAGES * PAGE;
        const backing = c.op === 'mmap' ? c.backing : 'anon';
        const shared = c.op === 'mmap' && c.shared ? 1 : 0;
        maps.set(key, info);
        mappings[key] = pages;
        regionKeys[`${t}:${region}`] = key;
        return yes(`map ${region} ${pages} 0x${addr.toString(16)} ${backing} ${shared}`, []);
      }
      case 'touch':
      case 'poke': {
        const r = resolveRange(task, c.range);
        if (!r) return no(`unknown mapping ${c.range.name}`);
        const pages = c.op === 'poke' ? 1 : r.pages;
        if (pages >= HEAVY_TOUCH_PAGES) heavy = true;
        touchedPages += pages;
        const write = c.op === 'poke' || c.access === 'write' ? 1 : 0;
        return yes(`touch ${r.info.region} ${r.off} ${pages} ${write}`, [r.info]);
      }
      case 'munmap': {
        const r = resolveRange(task, c.target);
        if (!r) return no(`unknown mapping ${c.target.name}`);
        return yes(`unmap ${r.info.region} ${r.off} ${r.pages}`, []);
      }
      case 'mbind': {
        const r = resolveRange(task, c.range);
        if (!r) return no(`unknown mapping ${c.range.name}`);
        const nodes = nodeList(c.nodes);
        if (!nodes) return no('node set uses a loop variable');
        return yes(`mbind ${r.info.region} ${r.off} ${r.pages} ${c.mode | c.modeFlags} ${kNodes(nodes)} ${c.flags}`, [r.info]);
      }
      case 'set_mempolicy': {
        const nodes = nodeList(c.nodes);
        if (!nodes) return no('node set uses a loop variable');
        return yes(`setpol ${c.mode | c.modeFlags} ${kNodes(nodes)}`, []);
      }
      case 'move_pages': {
        const r = resolveRange(task, c.range);
        if (!c.node) return no('the query form of move_pages (nodes = NULL) is not translated');
        const node = nodeConst(c.node);
        if (!r) return no(`unknown mapping ${c.range.name}`);
        if (node === undefined) return no('target node is a loop variable');
        return yes(`move ${r.info.region} ${r.off} ${r.pages} ${toKernel(node)} ${c.flags}`, [r.info]);
      }
      case 'migrate_pages': {
        const from = nodeList(c.from);
        const to = nodeList(c.to);
        if (!from || !to) return no('node set uses a loop variable');
        return yes(`migrate ${kNodes(from)} ${kNodes(to)}`, taskMaps(task));
      }
      case 'madvise': {
        const r = resolveRange(task, c.range);
        if (!r) return no(`unknown mapping ${c.range.name}`);
        const adv: Record<string, number> = { MADV_DONTNEED: 4, MADV_COLD: 20, MADV_PAGEOUT: 21, MADV_POPULATE_READ: 22, MADV_POPULATE_WRITE: 23, MADV_WILLNEED: 3, MADV_NORMAL: 0 };
        if (!(c.advice in adv)) return no(`${c.advice}: THP, KSM and collapse are off on the oracle (deterministic placement)`);
        return yes(`madvise ${r.info.region} ${r.off} ${r.pages} ${adv[c.advice]}`, [r.info]);
      }
      case 'mlock':
      case 'munlock': {
        const r = resolveRange(task, c.range);
        if (!r) return no(`unknown mapping ${c.range.name}`);
        return yes(`${c.op} ${r.info.region} ${r.off} ${r.pages}`, [r.info]);
      }
      case 'mprotect': {
        const r = resolveRange(task, c.range);
        if (!r) return no(`unknown mapping ${c.range.name}`);
        const prot = c.prot === 'none' ? 0 : c.prot === 'read' ? 1 : 3;
        return yes(`mprotect ${r.info.region} ${r.off} ${r.pages} ${prot}`, []);
      }
      case 'exit':
        return yes('exit', []);
      case 'pin':
      case 'unpin':
        return no('GUP pins have no plain user-space equivalent on the oracle');
      case 'set_mempolicy_home_node': {
        const r = resolveRange(task, c.range);
        const node = nodeConst(c.node);
        if (!r) return no(`unknown mapping ${c.range.name}`);
        if (node === undefined) return no('home node is a loop variable');
        return yes(`home ${r.info.region} ${r.off} ${r.pages} ${toKernel(node)}`, []);
      }
      default:
        return no(`${c.op}: not a task operation the oracle runs`);
    }
  };

  const callInKernel = (st: CallStmt, prevHolder: { id?: string }) => {
    const c = st.call;
    const no = (reason: string) => {
      prevHolder.id = plan({ kind: 'call', op: c.op, span: st.span, comparable: false, reason }).id;
    };
    const all = taskMaps();
    const yes = (line: string) => {
      const p = plan({ kind: 'call', op: c.op, span: st.span, comparable: true, queries: all.map((q) => q.key) });
      script.push(`@${p.id} - ${line}`);
      for (const q of all) {
        const task = q.key.slice(0, q.key.indexOf(':'));
        script.push(`@${p.id} ${taskScript.get(task)} query ${q.region}`);
      }
      if (pressure) script.push(`@${p.id} - vmstat`);
      prevHolder.id = p.id;
    };
    if (c.op === 'offline_node' || c.op === 'online_node') {
      const nid = nodeConst(c.nid);
      if (nid === undefined) return no('node is a loop variable');
      if (c.op === 'offline_node') return yes(`offline ${toKernel(nid)}`);
      return yes(`online ${toKernel(nid)} ${byId.get(nid)?.zone === 'movable' ? 'online_movable' : 'online'}`);
    }
    if (c.op === 'set_cpuset_mems') {
      const mems = nodeList(c.mems);
      if (!mems || !cgroupNames.has(c.cgroup)) return no('unknown cgroup or loop variable');
      return yes(`cpuset ${cgroupNames.get(c.cgroup)} ${kNodes(mems)}`);
    }
    return no(`${c.op}: a kernel-internal operation with no user-space equivalent on the oracle`);
  };

  const expectPlan = (e: ExpectStmt, task: string | undefined, prev: string | undefined) => {
    const under = e.under;
    if (under && !under.includes('stock')) {
      plan({ kind: 'expect', op: e.expectation.form, task, span: e.span, comparable: false, reason: `checked only under ${under.join(', ')}` });
      return;
    }
    const x = e.expectation;
    if (x.form === 'ok' || x.form === 'error' || x.form === 'oom') {
      const prevPlan = statements.find((s) => s.id === prev);
      if (!prevPlan || !prevPlan.comparable) {
        plan({ kind: 'expect', op: x.form, task, span: e.span, comparable: false, reason: 'the statement it checks is not compared' });
        return;
      }
      plan({ kind: 'expect', op: x.form, task, span: e.span, comparable: true, prev, expect: x });
      return;
    }
    if (x.form === 'metric' && x.metric.name === 'pages' && task) {
      const node = nodeConst(x.metric.node);
      const r = resolveRange(task, x.metric.target);
      if (r && node !== undefined && x.unit !== 'bytes') {
        const p = plan({ kind: 'expect', op: 'pages', task, span: e.span, comparable: true, expect: x, queries: [r.info.key], range: { key: r.info.key, off: r.off, pages: r.pages, node } });
        script.push(`@${p.id} ${taskScript.get(task)} query ${r.info.region}`);
        return;
      }
    }
    const reason =
      x.form === 'leak' ? 'leaks exist only under private-node designs' :
      x.form === 'diagnostic' ? 'emulator diagnostics have no kernel counterpart' :
      x.form === 'metric' ? `${x.metric.name}(): not observed on the oracle` : 'not observed on the oracle';
    plan({ kind: 'expect', op: x.form, task, span: e.span, comparable: false, reason });
  };

  const walk = (body: Stmt[], ctx: { task?: string; kernel?: boolean; device?: boolean }, prevHolder: { id?: string }) => {
    for (const st of body) {
      if (st.kind === 'expect') expectPlan(st, ctx.task, prevHolder.id);
      else if (st.kind === 'error') prevHolder.id = plan({ kind: 'call', op: 'error', span: st.span, comparable: false, reason: 'does not parse' }).id;
      else if (st.kind === 'for_each' || st.kind === 'repeat') {
        prevHolder.id = plan({ kind: 'call', op: st.kind, span: st.span, comparable: false, reason: 'loops are not translated to the oracle' }).id;
      } else if (st.kind === 'scope') {
        prevHolder.id = plan({ kind: 'call', op: st.scope, span: st.span, comparable: false, reason: 'memalloc scopes and interrupts exist only in the private-node designs' }).id;
      } else if (ctx.device) {
        prevHolder.id = plan({ kind: 'call', op: st.call.op, span: st.span, comparable: false, reason: 'CXL device behaviour: no device on the oracle' }).id;
      } else if (ctx.kernel) callInKernel(st, prevHolder);
      else callInTask(ctx.task!, st, prevHolder);
    }
  };

  for (const item of program.items) {
    if (item.kind === 'task') {
      if (!spawned.has(item.name)) {
        spawned.add(item.name);
        const t = sanitize(item.name, 15);
        taskScript.set(item.name, t);
        taskNames[t] = item.name;
        const cg = item.cgroup && cgroupNames.has(item.cgroup) ? cgroupNames.get(item.cgroup)! : '-';
        script.push(`task ${t} ${cpuToVcpu(item.cpu)} ${cg}`);
      }
      walk(absoluteBody(item), { task: item.name }, {});
    } else if (item.kind === 'kernel') walk(absoluteBody(item), { kernel: true }, {});
    else if (item.kind === 'device') walk(absoluteBody(item), { device: true }, {});
    else if (item.kind === 'expect') expectPlan(item, undefined, undefined);
  }

  const guest = guestTopology(m, numbering, touchedPages);
  if (guest.problem) whole ??= guest.problem;
  const { topo, scaled, preSh } = guest;
  if (whole) for (const s of statements) if (s.comparable) Object.assign(s, { comparable: false, reason: whole });
  return { name: sanitize(name, 100), topo, script, preSh, mode: heavy ? 'share' : 'exact', statements, notes, whole, pressure, scaled, mappings, regionKeys, taskNames, kernelNodes: kernelOrder };
}
