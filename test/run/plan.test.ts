/**
 * run/plan.ts: the interpreter runs statement plans, not the IR. A plan must be a faithful image
 * of its statement (the same kind, the same span object, the same assignment name, a call equal
 * to the IR's with the IR's own span objects inside, the plans of its body); in a block an edit
 * moved (ADR 0023: the body as lowered before the move, `bodyShift` away from the text) a call's plan
 * keeps the IR statement and a call like it, its span an object of its own placed where the text
 * has the statement (ADR 0033), an expectation's a copy of the statement alone with its span and
 * subject placed, any other plan's statement a copy with every position placed there. The run reads
 * no position inside a call or an expectation (checked below with poisoned ones). A run from plans made
 * earlier (cached) must give the same result as one from plans made afresh. The goldens (samples,
 * scenarios, conformance, oracle) check the results themselves; these tests check the plans and
 * the cache, each with a deliberate corruption the check must catch.
 */
import * as assert from 'assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeStatic, designFor, runProgram } from '../../server/src/analysis/analyze';
import { Span } from '../../server/src/common/span';
import { isTextSpan } from '../../server/src/common/shiftSpans';
import { bodyBase, Block } from '../../server/src/model/blockSpans';
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

/** where a value of a placed copy differs from the IR's moved by `shift` (its own objects), or undefined */
function placedDiff(ir: unknown, copy: unknown, shift: number, at: string): string | undefined {
  if (typeof ir !== 'object' || ir === null) return Object.is(ir, copy) ? undefined : `${at}: ${String(copy)} != ${String(ir)}`;
  if (typeof copy !== 'object' || copy === null) return `${at}: not an object`;
  if (ir === copy) return `${at}: shares the IR's object (not a copy)`;
  const keys = Object.keys(ir);
  if (keys.length === 2 && 'start' in ir && 'end' in ir) {
    const s = ir as Span;
    const c = copy as Span;
    return c.start === s.start + shift && c.end === s.end + shift && Object.keys(c).length === 2 ? undefined : `${at}: span ${c.start}-${c.end} is not ${s.start}-${s.end} placed ${shift} on`;
  }
  if (Array.isArray(ir) !== Array.isArray(copy)) return `${at}: array mismatch`;
  const copyKeys = Object.keys(copy);
  if (copyKeys.join() !== keys.join()) return `${at}: keys ${copyKeys.join()} != ${keys.join()}`;
  for (const k of keys) {
    const d = placedDiff((ir as Record<string, unknown>)[k], (copy as Record<string, unknown>)[k], shift, `${at}.${k}`);
    if (d) return d;
  }
  return undefined;
}

/** where the plans of a body differ from the body (its positions `shift` from the text's), or undefined */
function planDiff(body: readonly Stmt[], plans: readonly StepPlan[], shift = 0, at = 'body'): string | undefined {
  if (plans.length !== body.length) return `${at}: ${plans.length} plans for ${body.length} statements`;
  for (let i = 0; i < body.length; i++) {
    const s = body[i];
    const p = plans[i];
    const here = `${at}[${i}]`;
    if (p.kind !== s.kind || p.stmt.kind !== s.kind) return `${here}: kind ${p.kind} != ${s.kind}`;
    if (shift === 0) {
      if (p.stmt !== s) return `${here}: another statement`;
      if (p.span !== s.span) return `${here}: not the statement's span object`;
    } else if (s.kind === 'call') {
      // the IR's statement (no copy), its span an object of its own placed at the text's position
      if (p.stmt !== s) return `${here}: another statement`;
      if (p.span === s.span) return `${here}: shares the IR's span object`;
      const d = placedDiff(s.span, p.span, shift, `${here}.span`);
      if (d) return d;
    } else if (s.kind === 'expect') {
      // a copy of the statement alone: its span and subject placed, its expectation the IR's
      const e = p.stmt as typeof s;
      if (e === s) return `${here}: shares the IR's statement`;
      if (Object.keys(e).join() !== Object.keys(s).join()) return `${here}: keys in another order`;
      if (e.expectation !== s.expectation) return `${here}: another expectation object`;
      if (e.text !== s.text || e.under !== s.under) return `${here}: another text or under`;
      const d = placedDiff(s.span, e.span, shift, `${here}.span`) ?? (s.subject || e.subject ? placedDiff(s.subject, e.subject, shift, `${here}.subject`) : undefined);
      if (d) return d;
      if (p.span !== e.span) return `${here}: not the statement's span object`;
    } else {
      // a copy of the statement placed at the text's positions, with the IR's own body array
      const { body: _b, ...own } = s as Stmt & { body?: Stmt[] };
      const { body: pb, ...pown } = p.stmt as Stmt & { body?: Stmt[] };
      if (pb !== (s as { body?: Stmt[] }).body) return `${here}: another body array`;
      const d = placedDiff(own, pown, shift, `${here}.stmt`);
      if (d) return d;
      if (Object.keys(p.stmt).join() !== Object.keys(s).join()) return `${here}: keys in another order`;
      if (p.span !== p.stmt.span) return `${here}: not the statement's span object`;
    }
    if (s.kind === 'call') {
      if (p.assign !== s.assign?.name) return `${here}: assign ${p.assign} != ${s.assign?.name}`;
      // at any shift a copy of the IR's call with the IR's span objects (a moved call's as lowered)
      const d = callDiff(s.call, p.call, `${here}.call`);
      if (d) return d;
    } else if (p.call !== undefined || p.assign !== undefined) return `${here}: a call on a ${s.kind}`;
    if ('body' in s) {
      if (!p.body) return `${here}: no body plans`;
      const d = planDiff(s.body, p.body, shift, `${here}.body`);
      if (d) return d;
    } else if (p.body) return `${here}: body plans on a ${s.kind}`;
  }
  return undefined;
}

function programDiff(program: Program): string | undefined {
  for (const [i, it] of program.items.entries()) {
    if (!('body' in it)) continue;
    const d = planDiff(it.body, planBody(it.body, bodyBase(it)), bodyBase(it), `items[${i}]`);
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

  it('the plans of a body are made once and kept; another body, or the body of a moved block, gets its own', () => {
    const { program } = analyzeStatic(largeScenario(60));
    const block = program.items.find((it) => 'body' in it && it.body.length > 3) as Block;
    const a = planBody(block.body, 0);
    assert.strictEqual(planBody(block.body, 0), a);
    const copy = structuredClone(block.body);
    const b = planBody(copy, 0);
    assert.notStrictEqual(b, a);
    assert.strictEqual(planDiff(copy, b), undefined);
    // the same body in a block an edit moved 7 characters on: placed there
    const moved = planBody(block.body, 7);
    assert.notStrictEqual(moved, a);
    assert.strictEqual(planDiff(block.body, moved, 7), undefined);
    // (its first statement, a call, keeps the IR statement: its placed span is what differs)
    assert.match(planDiff(block.body, moved, 0) ?? '', /not the statement's span object/);
    assert.match(planDiff(block.body, moved, 6) ?? '', /placed 6 on/);
    assert.strictEqual(planDiff(block.body, planBody(block.body, 0)), undefined);
    // the shift before is kept (a keystroke undone moves the block back): both shifts answer
    // their own plans, the last two placed; a third shift drops the older
    assert.strictEqual(planBody(block.body, 0), a);
    assert.strictEqual(planBody(block.body, 7), moved);
    assert.strictEqual(planBody(block.body, 0), a);
    const further = planBody(block.body, 9);
    assert.strictEqual(planDiff(block.body, further, 9), undefined);
    assert.strictEqual(planBody(block.body, 0), a);
    assert.strictEqual(planBody(block.body, 9), further);
    const again = planBody(block.body, 7);
    assert.notStrictEqual(again, moved);
    assert.strictEqual(planDiff(block.body, again, 7), undefined);
    assert.strictEqual(planBody(block.body, 9), further);
    assert.notStrictEqual(planBody(block.body, 0), a);
    // every shift answered, in any order, is placed at that shift (a cache answering another
    // shift's plans fails here: planDiff reads the offsets)
    for (const s of [0, 3, 0, 3, 5, 3, 0, 5, 5, 0, -2, 0, -2]) assert.strictEqual(planDiff(block.body, planBody(block.body, s), s), undefined, `shift ${s}`);
  });

  it('a corrupted plan is caught: a changed call value, a copied span, a shared call object, a wrong body; in a moved block an unplaced span, the IR\'s span, a shared call, another statement, an unplaced expectation', () => {
    const { program } = analyzeStatic(faultScenario({ bulkGiB: 0, scattered: 8 }));
    const task = program.items[0] as { body: Stmt[] };
    const call = (i: number) => planBody(task.body, 0)[i].call as unknown as { range: { sel: { offset: number }; span: object } };
    // the poke at index 3: its page, then its range's span, each restored after the check
    const sel = call(3).range.sel;
    sel.offset += 4096;
    assert.match(planDiff(task.body, planBody(task.body, 0)) ?? '', /offset/);
    sel.offset -= 4096;
    const range = call(3).range;
    const span = range.span;
    range.span = { ...span };
    assert.match(planDiff(task.body, planBody(task.body, 0)) ?? '', /span that is not the IR's object/);
    range.span = span;
    const plans = planBody(task.body, 0);
    const kept = plans[3];
    const stmt = task.body[3] as Extract<Stmt, { kind: 'call' }>;
    plans[3] = new StepPlan(stmt, 'call', stmt.span, undefined, stmt.call, undefined);
    assert.match(planDiff(task.body, plans) ?? '', /shares the IR's object/);
    plans[3] = new StepPlan(task.body[4], 'call', stmt.span, undefined, kept.call, undefined);
    assert.match(planDiff(task.body, plans) ?? '', /another statement/);
    plans[3] = kept;
    assert.strictEqual(planDiff(task.body, plans), undefined);
    // placed plans (a moved block): the call shared with the plans of the other shift (no copy);
    // an unplaced span, the IR's span object, a call shared with the IR, another statement
    const placed = planBody(task.body, 11);
    assert.strictEqual(placed[3].call, planBody(task.body, 0)[3].call);
    const keptPlaced = placed[3];
    placed[3] = new StepPlan(stmt, 'call', { start: stmt.span.start + 10, end: stmt.span.end + 10 }, undefined, keptPlaced.call, keptPlaced.assign);
    assert.match(planDiff(task.body, placed, 11) ?? '', /placed 11 on/);
    placed[3] = new StepPlan(stmt, 'call', stmt.span, undefined, keptPlaced.call, keptPlaced.assign);
    assert.match(planDiff(task.body, placed, 11) ?? '', /shares the IR's span object/);
    placed[3] = new StepPlan(stmt, 'call', keptPlaced.span, undefined, stmt.call, keptPlaced.assign);
    assert.match(planDiff(task.body, placed, 11) ?? '', /shares the IR's object/);
    placed[3] = new StepPlan(task.body[4], 'call', keptPlaced.span, undefined, keptPlaced.call, keptPlaced.assign);
    assert.match(planDiff(task.body, placed, 11) ?? '', /another statement/);
    placed[3] = keptPlaced;
    assert.strictEqual(planDiff(task.body, placed, 11), undefined);
    // an expectation's plan in a moved block is a placed copy: an unplaced span inside it is caught
    const withExpect = (analyzeStatic(largeScenario(60)).program.items.find((it) => 'body' in it && it.body.some((st) => st.kind === 'expect')) as { body: Stmt[] }).body;
    const placedE = planBody(withExpect, 11);
    const e = placedE.findIndex((p) => p.kind === 'expect');
    const keptExpect = placedE[e];
    assert.strictEqual(planDiff(withExpect, placedE, 11), undefined);
    placedE[e] = new StepPlan({ ...keptExpect.stmt, span: { start: keptExpect.span.start - 11, end: keptExpect.span.end - 11 } } as Stmt, 'expect', keptExpect.span, undefined, undefined, undefined);
    assert.match(planDiff(withExpect, placedE, 11) ?? '', /placed 11 on/);
    const ke = keptExpect.stmt as Extract<Stmt, { kind: 'expect' }>;
    assert.ok(ke.subject, 'the expectation names no subject');
    placedE[e] = new StepPlan({ ...ke, subject: { start: ke.subject.start - 11, end: ke.subject.end - 11 } } as Stmt, 'expect', keptExpect.span, undefined, undefined, undefined);
    assert.match(planDiff(withExpect, placedE, 11) ?? '', /subject: span .* placed 11 on/);
    placedE[e] = new StepPlan({ ...ke, expectation: structuredClone(ke.expectation) } as Stmt, 'expect', keptExpect.span, undefined, undefined, undefined);
    assert.match(planDiff(withExpect, placedE, 11) ?? '', /another expectation object/);
    placedE[e] = keptExpect;
    assert.strictEqual(planDiff(withExpect, placedE, 11), undefined);
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

  it('the run reads no position inside a call or an expectation (a moved one keeps the IR\'s, ADR 0033): every sample, their inner spans poisoned, runs the same', () => {
    /** every span inside a call or an expectation made NaN, the statement's own spans left (a copy of the program) */
    const poison = (v: unknown): number => {
      if (typeof v !== 'object' || v === null) return 0;
      let n = 0;
      for (const [k, x] of Object.entries(v)) {
        if (typeof x !== 'object' || x === null) continue;
        if (isTextSpan(x as Record<string, unknown>)) {
          (v as Record<string, unknown>)[k] = { start: NaN, end: NaN };
          n++;
        } else n += poison(x);
      }
      return n;
    };
    const poisonBodies = (body: Stmt[]): number =>
      body.reduce((n, st) => n + (st.kind === 'call' ? poison(st.call) : st.kind === 'expect' ? poison(st.expectation) : 'body' in st ? poisonBodies(st.body) : 0), 0);
    let poisoned = 0;
    for (const [name, text] of texts()) {
      const stat = analyzeStatic(text);
      const opts = { design: designFor(stat), maxMs: 600_000 };
      const clean = JSON.stringify(runProgram(structuredClone(stat.program), stat.diagnostics, opts));
      const program = structuredClone(stat.program);
      for (const it of program.items) if ('body' in it) poisoned += poisonBodies(it.body);
      assert.strictEqual(JSON.stringify(runProgram(program, stat.diagnostics, opts)), clean, name);
    }
    assert.ok(poisoned > 500, `only ${poisoned} spans poisoned`);
    // the poison shows where it is read: a statement's own span poisoned changes the run
    const stat = analyzeStatic(largeScenario(60));
    const program = structuredClone(stat.program);
    const first = (program.items.find((it) => 'body' in it) as { body: Stmt[] }).body[0];
    first.span = { start: NaN, end: NaN };
    const opts = { design: designFor(stat), maxMs: 600_000 };
    assert.notStrictEqual(JSON.stringify(runProgram(program, stat.diagnostics, opts)), JSON.stringify(runProgram(structuredClone(stat.program), stat.diagnostics, opts)));
  });

  it('a corrupted cached plan changes the run (the run reads the plans, so the comparison above can fail)', () => {
    const text = faultScenario({ bulkGiB: 0, scattered: 8 });
    const stat = analyzeStatic(text);
    const opts = { design: designFor(stat), maxMs: 600_000 };
    const before = JSON.stringify(runProgram(stat.program, stat.diagnostics, opts));
    const task = stat.program.items[0] as { body: Stmt[] };
    const sel = (planBody(task.body, 0)[3].call as unknown as { range: { sel: { offset: number } } }).range.sel;
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
