/**
 * Statement-by-statement comparison of two observation lists of the same scenario: the kernel's
 * (a golden file or a fresh boot) against the emulator's, or a fresh boot against a golden.
 *
 *   exact mode (light scenarios): outcome, errno, OOM constraint and victim, per-node page counts of
 *     every mapping the statement touches, move_pages per-page status and return value.
 *   share mode (scenarios that fill memory): outcome and errno as above; placement only by which
 *     nodes hold at least SHARE_MIN of the mapping and their rank by page count, because fill counts
 *     vary by a few % between runs and the kernel itself uses part of node 0
 *     (a known pitfall of the oracle).
 */
import { ObservedOutcome, statusCounts, StmtObservation } from './observe';
import { CompareMode, StmtPlan, Translation } from './translate';

export const SHARE_MIN = 0.05;

export interface FieldDiff {
  field: string;
  kernel: unknown;
  emulator: unknown;
}

export type VerdictKind = 'agree' | 'differ' | 'nc';

export interface StmtVerdict {
  id: string;
  line: number;
  text: string;
  op: string;
  verdict: VerdictKind;
  /** not comparable: why */
  reason?: string;
  diffs?: FieldDiff[];
  /** short summaries of both sides for the report */
  kernel?: string;
  emulator?: string;
}

export interface Tally {
  statements: number;
  compared: number;
  agree: number;
  differ: number;
  notComparable: number;
}

export function tally(vs: StmtVerdict[]): Tally {
  const agree = vs.filter((v) => v.verdict === 'agree').length;
  const differ = vs.filter((v) => v.verdict === 'differ').length;
  return { statements: vs.length, compared: agree + differ, agree, differ, notComparable: vs.length - agree - differ };
}

export function addTally(a: Tally, b: Tally): Tally {
  return {
    statements: a.statements + b.statements,
    compared: a.compared + b.compared,
    agree: a.agree + b.agree,
    differ: a.differ + b.differ,
    notComparable: a.notComparable + b.notComparable,
  };
}

export function outcomeText(o: ObservedOutcome | undefined): string {
  if (!o) return 'no result';
  if (o.kind === 'error') return `error ${o.errno}`;
  if (o.kind === 'killed') return `killed${o.signal ? ` by signal ${o.signal}` : ''}`;
  if (o.kind === 'oom') return `oom${o.constraint ? ` (${o.constraint})` : ''}${o.victim ? ` killed ${(o.victims ?? [o.victim]).join(', ')}` : ''}`;
  return o.kind;
}

function placementText(p: Record<string, Record<string, number>> | undefined): string {
  if (!p) return '';
  return Object.entries(p)
    .map(([k, c]) => `${k.slice(k.indexOf(':') + 1)}{${Object.entries(c).filter(([, n]) => n > 0).map(([n, v]) => `${n}:${v}`).join(' ')}}`)
    .join(' ');
}

export function summary(o: StmtObservation | undefined): string {
  if (!o) return 'no result';
  const parts: string[] = [];
  if (o.outcome) parts.push(outcomeText(o.outcome));
  if (o.verdict !== undefined) parts.push(`${o.verdict ? 'holds' : 'fails'}${o.value !== undefined ? ` (${+o.value.toFixed(4)})` : ''}`);
  const pl = placementText(o.placement);
  if (pl) parts.push(pl);
  if (o.pressure) parts.push(`${o.pressure.swapout ? 'swapped out' : 'no swap-out'}, ${o.pressure.swapin ? 'swapped in' : 'no swap-in'}, ${o.pressure.demoted ? 'demoted' : 'no demotion'}`);
  if (o.status) parts.push(`status ${compressStatus(o.status)}`);
  else if (o.statusCounts) parts.push(`status {${Object.entries(o.statusCounts).map(([k, v]) => `${k}:${v}`).join(' ')}}`);
  return parts.join('; ');
}

export function compressStatus(st: number[]): string {
  const runs: string[] = [];
  let i = 0;
  while (i < st.length) {
    let j = i;
    while (j < st.length && st[j] === st[i]) j++;
    const v = st[i] === -999 ? 'unset' : st[i] < 0 ? `-${errnoShort(-st[i])}` : String(st[i]);
    runs.push(j - i > 1 ? `${v}x${j - i}` : v);
    i = j;
  }
  return runs.length > 12 ? `[${runs.slice(0, 12).join(',')},...]` : `[${runs.join(',')}]`;
}

function errnoShort(n: number): string {
  return ({ 2: 'ENOENT', 14: 'EFAULT', 13: 'EACCES', 16: 'EBUSY', 19: 'ENODEV', 12: 'ENOMEM', 22: 'EINVAL' } as Record<number, string>)[n] ?? String(n);
}

function ranked(c: Record<string, number>): string[] {
  const total = Object.values(c).reduce((s, n) => s + n, 0);
  return Object.entries(c)
    .filter(([, n]) => total > 0 && n / total >= SHARE_MIN)
    .sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0]))
    .map(([k]) => k);
}

function nonZero(c: Record<string, number> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(c ?? {})) if (v > 0) out[k] = v;
  return out;
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

export function compareStatement(p: StmtPlan, mode: CompareMode, k: StmtObservation | undefined, e: StmtObservation | undefined): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  if (!k || !e) return [{ field: 'result', kernel: k ? summary(k) : 'missing', emulator: e ? summary(e) : 'missing' }];
  if (p.kind === 'expect') {
    if (k.verdict !== e.verdict) diffs.push({ field: 'expectation', kernel: k.verdict, emulator: e.verdict });
    return diffs;
  }
  const ko = k.outcome;
  const eo = e.outcome;
  if (ko?.kind !== eo?.kind || (ko?.kind === 'error' && ko.errno !== eo?.errno)) diffs.push({ field: 'outcome', kernel: outcomeText(ko), emulator: outcomeText(eo) });
  else if (ko?.kind === 'oom') {
    if (ko.constraint && eo?.constraint && ko.constraint !== eo.constraint) diffs.push({ field: 'oom constraint', kernel: ko.constraint, emulator: eo.constraint });
    if (ko.victim && eo?.victim && ko.victim !== eo.victim) diffs.push({ field: 'oom victim', kernel: ko.victim, emulator: eo.victim });
  }
  for (const key of p.queries) {
    const kc = nonZero(k.placement?.[key]);
    const ec = nonZero(e.placement?.[key]);
    if (mode === 'exact') {
      if (!sameCounts(kc, ec)) diffs.push({ field: `pages(${key})`, kernel: kc, emulator: ec });
    } else {
      const kr = ranked(kc);
      const er = ranked(ec);
      if (kr.join(',') !== er.join(',')) diffs.push({ field: `nodes by share (${key})`, kernel: kr, emulator: er });
    }
  }
  // pressure family: did the statement swap out, did it demote (only when both sides observed it)
  if (k.pressure && e.pressure) {
    if (k.pressure.swapout !== e.pressure.swapout) diffs.push({ field: 'swapped out', kernel: k.pressure.swapout, emulator: e.pressure.swapout });
    if (k.pressure.swapin !== e.pressure.swapin) diffs.push({ field: 'swapped in', kernel: k.pressure.swapin, emulator: e.pressure.swapin });
    if (k.pressure.demoted !== e.pressure.demoted) diffs.push({ field: 'demoted', kernel: k.pressure.demoted, emulator: e.pressure.demoted });
  }
  const ks = k.statusCounts ?? (k.status ? statusCounts(k.status) : undefined);
  const es = e.statusCounts ?? (e.status ? statusCounts(e.status) : undefined);
  if (mode === 'exact' && ks && es && !sameCounts(ks, es)) diffs.push({ field: 'move_pages status', kernel: ks, emulator: es });
  if (mode === 'exact' && k.ret !== undefined && e.ret !== undefined && k.ret !== e.ret && ko?.kind === 'ok')
    diffs.push({ field: 'return value', kernel: k.ret, emulator: e.ret });
  return diffs;
}

export function compareScenario(tr: Translation, kernel: StmtObservation[], other: StmtObservation[]): StmtVerdict[] {
  const kById = new Map(kernel.map((o) => [o.id, o]));
  const eById = new Map(other.map((o) => [o.id, o]));
  return tr.statements.map((p) => {
    const base = { id: p.id, line: p.line, text: p.text, op: p.op };
    if (!p.comparable) return { ...base, verdict: 'nc' as const, reason: p.reason };
    const k = kById.get(p.id);
    const e = eById.get(p.id);
    // the oracle's harness cut the statement (its op time limit): neither side has a kernel answer
    const cut = k?.cut ?? e?.cut;
    if (cut) return { ...base, verdict: 'nc' as const, reason: cut };
    const diffs = compareStatement(p, tr.mode, k, e);
    return { ...base, verdict: diffs.length ? ('differ' as const) : ('agree' as const), ...(diffs.length ? { diffs } : {}), kernel: summary(k), emulator: summary(e) };
  });
}
