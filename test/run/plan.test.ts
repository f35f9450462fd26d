/**
 * run/plan.ts: the interpreter runs statement plans, not the IR. A plan must be a faithful image
 * of its statement (the same kind, the same span object, the same assignment name, a call equal
 * to the IR's with the IR's own span objects inside, the plans of its body), and a run from
 * plans made earlier (cached) must give the same result as one from plans made afresh. The
 * goldens (samples, scenarios, conformance, oracle) check the results themselves; these tests
 * check the plans and the cache, each with a deliberate corruption the check must catch.
 */
import * as assert from 'assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeStatic, designFor, runProgram } from '../../server/src/analysis/analyze';
import { DESIGNS, Program, Stmt } from '../../server/src/model/ir';
import { planBody, StepPlan } from '../../server/src/run/plan';
import { largeScenario, faultScenario } from '../../bench/scenarios';

const SAMPLES = join(__dirname, '..', '..', 'sample-workspaces');

function mmlabFiles(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...mmlabFiles(p));
    else if (f.endsWith('.mmlab')) out.push(p);
  }
  return out;
}

/** where a value of the plan's call differs from the IR's (spans must be the IR's objects), or undefined */
function callDiff(ir: unknown, copy: unknown, at: string): string | undefined {
  if (typeof ir !== 'object' || ir === null) return Object.is(ir, copy) ? undefined : `${at}: ${String(copy)} != ${String(ir)}`;
  if (typeof copy !== 'object' || copy === null) return `${at}: not an object`;
  const keys = Object.keys(ir);
  if (keys.length === 2 && 'start' in ir && 'end' in ir) return ir === copy ? undefined : `${at}: a span that is not the IR's object`;
  if (Array.isArray(ir) !== Array.isArray(copy)) return `${at}: array mismatch`;
  const copyKeys = Object.keys(copy);
  if (copyKeys.join() !== keys.join()) return `${at}: keys ${copyKeys.join()} != ${keys.join()}`;
  if (ir === copy) return `${at}: shares the IR's object (not a copy)`;
  for (const k of keys) {
    const d = callDiff((ir as Record<string, unknown>)[k], (copy as Record<string, unknown>)[k], `${at}.${k}`);
    if (d) return d;
  }
  return undefined;
}

/** where the plans of a body differ from the body, or undefined */
function planDiff(body: readonly Stmt[], plans: readonly StepPlan[], at = 'body'): string | undefined {
  if (plans.length !== body.length) return `${at}: ${plans.length} plans for ${body.length} statements`;
  for (let i = 0; i < body.length; i++) {
    const s = body[i];
    const p = plans[i];
    const here = `${at}[${i}]`;
    if (p.stmt !== s) return `${here}: another statement`;
    if (p.kind !== s.kind) return `${here}: kind ${p.kind} != ${s.kind}`;
    if (p.span !== s.span) return `${here}: not the statement's span object`;
    if (s.kind === 'call') {
      if (p.assign !== s.assign?.name) return `${here}: assign ${p.assign} != ${s.assign?.name}`;
      const d = callDiff(s.call, p.call, `${here}.call`);
      if (d) return d;
    } else if (p.call !== undefined || p.assign !== undefined) return `${here}: a call on a ${s.kind}`;
    if ('body' in s) {
      if (!p.body) return `${here}: no body plans`;
      const d = planDiff(s.body, p.body, `${here}.body`);
      if (d) return d;
    } else if (p.body) return `${here}: body plans on a ${s.kind}`;
  }
  return undefined;
}

function programDiff(program: Program): string | undefined {
  for (const [i, it] of program.items.entries()) {
    if (!('body' in it)) continue;
    const d = planDiff(it.body, planBody(it.body), `items[${i}]`);
    if (d) return d;
  }
  return undefined;
}

const texts = (): [string, string][] => [
  ...mmlabFiles(SAMPLES).map((f): [string, string] => [f.slice(SAMPLES.length + 1), readFileSync(f, 'utf8')]),
  ['generated 400 lines', largeScenario(400)],
  ['scattered faults', faultScenario({ bulkGiB: 1, scattered: 200 })],
];

describe('statement plans (run/plan.ts)', () => {
  it('every statement of every sample has a faithful plan (kind, span object, assignment, call copy, body)', () => {
    let n = 0;
    for (const [name, text] of texts()) {
      const { program } = analyzeStatic(text);
      assert.strictEqual(programDiff(program), undefined, name);
      n++;
    }
    assert.ok(n > 40, `only ${n} scenarios`);
  });

  it('the plans of a body are made once and kept; another body gets its own', () => {
    const { program } = analyzeStatic(largeScenario(60));
    const block = program.items.find((it) => 'body' in it && it.body.length > 3) as { body: Stmt[] };
    const a = planBody(block.body);
    assert.strictEqual(planBody(block.body), a);
    const copy = structuredClone(block.body);
    const b = planBody(copy);
    assert.notStrictEqual(b, a);
    assert.strictEqual(planDiff(copy, b), undefined);
  });

  it('a corrupted plan is caught: a changed call value, a copied span, a shared call object, a wrong body', () => {
    const { program } = analyzeStatic(faultScenario({ bulkGiB: 0, scattered: 8 }));
    const task = program.items[0] as { body: Stmt[] };
    const call = (i: number) => planBody(task.body)[i].call as unknown as { range: { sel: { offset: number }; span: object } };
    // the poke at index 3: its page, then its range's span, each restored after the check
    const sel = call(3).range.sel;
    sel.offset += 4096;
    assert.match(planDiff(task.body, planBody(task.body)) ?? '', /offset/);
    sel.offset -= 4096;
    const range = call(3).range;
    const span = range.span;
    range.span = { ...span };
    assert.match(planDiff(task.body, planBody(task.body)) ?? '', /span that is not the IR's object/);
    range.span = span;
    const plans = planBody(task.body);
    const kept = plans[3];
    const stmt = task.body[3] as Extract<Stmt, { kind: 'call' }>;
    plans[3] = new StepPlan(stmt, 'call', stmt.span, undefined, stmt.call, undefined);
    assert.match(planDiff(task.body, plans) ?? '', /shares the IR's object/);
    plans[3] = new StepPlan(task.body[4], 'call', stmt.span, undefined, kept.call, undefined);
    assert.match(planDiff(task.body, plans) ?? '', /another statement/);
    plans[3] = kept;
    assert.strictEqual(planDiff(task.body, plans), undefined);
  });

  it('every sample under every design: a run from cached plans equals a run from fresh plans (IR cloned), byte for byte', () => {
    let runs = 0;
    for (const [name, text] of texts()) {
      const stat = analyzeStatic(text);
      for (const design of DESIGNS) {
        const opts = { design: designFor(stat, design), maxMs: 600_000 };
        runProgram(stat.program, stat.diagnostics, opts); // makes (or finds) the plans
        const cached = JSON.stringify(runProgram(stat.program, stat.diagnostics, opts));
        const fresh = JSON.stringify(runProgram(structuredClone(stat.program), stat.diagnostics, opts));
        assert.strictEqual(cached, fresh, `${name} under ${design}`);
        runs++;
      }
    }
    assert.ok(runs > 200, `only ${runs} runs`);
  });

  it('a corrupted cached plan changes the run (the run reads the plans, so the comparison above can fail)', () => {
    const text = faultScenario({ bulkGiB: 0, scattered: 8 });
    const stat = analyzeStatic(text);
    const opts = { design: designFor(stat), maxMs: 600_000 };
    const before = JSON.stringify(runProgram(stat.program, stat.diagnostics, opts));
    const task = stat.program.items[0] as { body: Stmt[] };
    const sel = (planBody(task.body)[3].call as unknown as { range: { sel: { offset: number } } }).range.sel;
    sel.offset += 4096; // the poke lands on the next page: one more extent, other stamps
    try {
      const corrupted = JSON.stringify(runProgram(stat.program, stat.diagnostics, opts));
      const fresh = JSON.stringify(runProgram(structuredClone(stat.program), stat.diagnostics, opts));
      assert.notStrictEqual(corrupted, fresh);
      assert.strictEqual(fresh, before);
    } finally {
      sel.offset -= 4096;
    }
    assert.strictEqual(JSON.stringify(runProgram(stat.program, stat.diagnostics, opts)), before);
  });
});
