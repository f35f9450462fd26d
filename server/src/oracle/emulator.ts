/**
 * The emulator's side of the comparison: run the scenario under `stock` and reduce the run to the
 * same per-statement observations the kernel gives (observe.ts).
 *   outcome      <- the step record of the statement (ok / error ERRNO / oom / skipped)
 *   placement    <- the per-owner page counts of the step's node snapshots ("task:mapping")
 *   move status  <- the status counts of the step's decision path ("move_pages(buf → node 3): status 3 ×16")
 *   expectations <- the run's expectation results
 */
import { Program } from '../model/ir';
import { RunResult, StepRecord } from '../mm/result';
import { simulate } from '../run/simulate';
import { normaliseConstraint, pressureOf, StmtObservation } from './observe';
import { Translation } from './translate';

export function runEmulator(program: Program): RunResult {
  return simulate(program, { design: 'stock', trace: false, maxStepRecords: 1_000_000 });
}

function placementAt(step: StepRecord, key: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of step.nodes) {
    for (const o of n.owners) if (o.owner === key && o.pages > 0) out[String(n.id)] = (out[String(n.id)] ?? 0) + o.pages;
  }
  return out;
}

/** move_pages status counts from the step's decision path: "move_pages(buf → node 3): status 3 ×16, -ENOENT ×8" */
function statusFrom(step: StepRecord): Record<string, number> | undefined {
  for (const line of step.explain) {
    const m = /^move_pages\(.*\): status (.*)$/.exec(line);
    if (!m) continue;
    const out: Record<string, number> = {};
    for (const part of m[1].split(',')) {
      const kv = /^\s*(\S+)\s*×\s*(\d+)\s*$/.exec(part);
      if (kv) out[kv[1]] = (out[kv[1]] ?? 0) + Number(kv[2]);
    }
    return out;
  }
  return undefined;
}

export function emulatorObservations(tr: Translation, run: RunResult): StmtObservation[] {
  const lastStep = new Map<number, StepRecord>();
  for (const s of run.steps) lastStep.set(s.span.start, s);
  const out: StmtObservation[] = [];
  for (const p of tr.statements) {
    if (!p.comparable) continue;
    const o: StmtObservation = { id: p.id };
    if (p.kind === 'expect') {
      const r = run.expectations.find((e) => e.span.start === p.span.start);
      if (r) {
        o.verdict = r.passed;
        const v = r.actual !== undefined ? /=\s*(-?[\d.]+)(%?)/.exec(r.actual) : null;
        if (v) o.value = v[2] ? Number(v[1]) / 100 : Number(v[1]);
      }
      out.push(o);
      continue;
    }
    const step = lastStep.get(p.span.start);
    if (step) {
      const oc = step.outcome;
      if (oc.kind === 'ok') o.outcome = { kind: 'ok' };
      else if (oc.kind === 'error') o.outcome = { kind: 'error', errno: oc.errno };
      else if (oc.kind === 'oom') o.outcome = { kind: 'oom', constraint: normaliseConstraint(oc.constraint), victim: oc.victim };
      else if (oc.kind === 'killed') o.outcome = { kind: 'killed' };
      else o.outcome = { kind: 'skipped' };
      if (p.queries.length) {
        o.placement = {};
        for (const key of p.queries) o.placement[key] = placementAt(step, key);
      }
      if (tr.pressure && p.op !== 'mmap' && p.op !== 'malloc') o.pressure = pressureOf(step.stats);
      if (p.op === 'move_pages') o.statusCounts = statusFrom(step) ?? (o.outcome?.kind === 'error' ? {} : undefined);
    }
    out.push(o);
  }
  return out;
}
