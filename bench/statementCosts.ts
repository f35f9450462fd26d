/**
 * What one statement of each kind costs, warm, on the editor's path for a long file (lsp/runs.ts:
 * past 2,000 lines the diagnostics run keeps no step records and no trace): issue 15 asks for a
 * statement cost near the machine's limit, and a rewrite of the interpreter (ADR 0031) needs to
 * know which kinds to aim at. Each kind is a scenario of `n` statements of that kind after a fixed
 * setup; its cost is the difference between the run of `n` and the run of none, divided by the
 * statements the difference executed (the setup and the machine's boot cancel out). The static
 * analysis (parse, lower, check) is costed the same way, per line.
 */
import { analyzeStatic, designFor, runProgram } from '../server/src/analysis/analyze';
import { median } from './stats';

export interface StatementKind {
  name: string;
  /** the block the statements run in */
  block: 'task' | 'kernel';
  /** lines before the statements, inside the block (sized for `n`) */
  setup: (n: number) => string[];
  /** the i-th statement */
  stmt: (i: number) => string;
}

const KIB_PER_SLOT = 32;
/** a mapping with a slot for each of n statements */
const slots = (n: number): string => `buf = mmap(${(n + 1) * KIB_PER_SLOT}K)`;
/** the first half (4 pages) of slot i: 32 KiB apart, so that no two extents or ranges merge */
const slot = (i: number): string => `buf[${i * KIB_PER_SLOT}K:${i * KIB_PER_SLOT + 16}K]`;

/** every kind measured: user space (a fault, a range touched, a VMA made or given a policy, a protection or a lock, advice, an expectation) and the kernel's allocators */
export const STATEMENT_KINDS: readonly StatementKind[] = [
  // one page faulted a slot (the scattered row's statement)
  { name: 'poke (one fault)', block: 'task', setup: (n) => [slots(n)], stmt: (i) => `buf[${i * KIB_PER_SLOT}K] = 1` },
  { name: 'touch (4 pages)', block: 'task', setup: (n) => [slots(n)], stmt: (i) => `touch(${slot(i)})` },
  { name: 'mmap', block: 'task', setup: () => [], stmt: (i) => `m${i} = mmap(64K)` },
  { name: 'mbind (a range)', block: 'task', setup: (n) => [slots(n)], stmt: (i) => `mbind(${slot(i)}, MPOL_BIND, ${i % 2})` },
  { name: 'mprotect (a range)', block: 'task', setup: (n) => [slots(n)], stmt: (i) => `mprotect(${slot(i)}, read)` },
  { name: 'mlock (a range)', block: 'task', setup: (n) => [slots(n)], stmt: (i) => `mlock(${slot(i)})` },
  { name: 'madvise (4 pages)', block: 'task', setup: (n) => [slots(n), 'touch(buf)'], stmt: (i) => `madvise(${slot(i)}, MADV_COLD)` },
  { name: 'expect pages', block: 'task', setup: () => ['a = mmap(4M)', 'mbind(a, MPOL_BIND, 0)', 'touch(a)'], stmt: () => 'expect pages(a, 0) == 100%' },
  { name: 'alloc_pages_node', block: 'kernel', setup: () => [], stmt: (i) => `p${i} = alloc_pages_node(${i % 2}, GFP_KERNEL, 0)` },
  { name: 'kmalloc_node', block: 'kernel', setup: () => [], stmt: (i) => `s${i} = kmalloc_node(512, GFP_KERNEL, ${i % 2})` },
];

/** kind's scenario of n statements: a small machine, the setup, the statements, one block */
export function statementScenario(kind: StatementKind, n: number): string {
  const head = kind.block === 'task' ? 'task app cpu 0 {' : 'kernel "driver" {';
  const body = [...kind.setup(n), ...Array.from({ length: n }, (_, i) => kind.stmt(i))].map((l) => `  ${l}`);
  return [`scenario "${kind.name}"`, 'node 0 dram 64G cpus 0-7', 'node 1 dram 64G cpus 8-15', head, ...body, '}', ''].join('\n');
}

export interface StatementCost {
  kind: string;
  n: number;
  /** run: microseconds per statement executed */
  runUs: number;
  /** static analysis: microseconds per line */
  staticUs: number;
  /** statements the n statements executed (n, unless a kind runs more than one step a line) */
  executed: number;
  /** error diagnostics of the scenario of n (0: the statements measured are the ones meant) */
  errors: number;
}

/** the median wall time of `rounds` calls of f, after `warm` unmeasured ones */
function timed(f: () => void, warm: number, rounds: number): number {
  for (let i = 0; i < warm; i++) f();
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    f();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

/** the editor's diagnostics run of a text (no step records, no trace): its time, its executions, its error count */
function editorRun(text: string): { run: () => void; executed: number; errors: number } {
  const stat = analyzeStatic(text);
  const opts = { design: designFor(stat), trace: false, maxStepRecords: 0, maxSteps: 1e9, maxMs: 600_000, reportsWhenRead: true };
  const first = runProgram(stat.program, stat.diagnostics, opts);
  const errors = [...stat.diagnostics, ...first.diagnostics].filter((d) => d.severity === 'error').length;
  return { run: () => void runProgram(stat.program, stat.diagnostics, opts), executed: first.executed, errors };
}

/** each kind's cost per statement for n statements (rounds: the timed runs of each side) */
export function statementCosts(n: number, rounds = 15, kinds: readonly StatementKind[] = STATEMENT_KINDS): StatementCost[] {
  return kinds.map((kind) => {
    const full = statementScenario(kind, n);
    const empty = statementScenario(kind, 0);
    const a = editorRun(full);
    const b = editorRun(empty);
    // the two sides alternate in rounds of their own, so that a drift of the machine falls on both
    let runFull = 0;
    let runEmpty = 0;
    let staticFull = 0;
    let staticEmpty = 0;
    const halves = 3;
    for (let h = 0; h < halves; h++) {
      runFull += timed(a.run, h === 0 ? 3 : 1, rounds);
      runEmpty += timed(b.run, h === 0 ? 3 : 1, rounds);
      staticFull += timed(() => void analyzeStatic(full), 1, Math.max(3, rounds >> 2));
      staticEmpty += timed(() => void analyzeStatic(empty), 1, Math.max(3, rounds >> 2));
    }
    const executed = a.executed - b.executed;
    const lines = full.split('\n').length - empty.split('\n').length;
    return {
      kind: kind.name,
      n,
      runUs: (1000 * Math.max(0, runFull - runEmpty)) / halves / Math.max(1, executed),
      staticUs: (1000 * Math.max(0, staticFull - staticEmpty)) / halves / Math.max(1, lines),
      executed,
      errors: a.errors,
    };
  });
}
