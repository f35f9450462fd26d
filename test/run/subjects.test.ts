/**
 * run/interpreter.ts markNamed: the statements an expectation names as its subject are marked, and
 * the run keeps only their outcomes. It finds a subject by walking back from its expectation in
 * the body's plans (numbers, no "start:end" string per statement); the oracle here is the
 * string-keyed search of every plan it replaced. Checked on every sample, on a long generated
 * scenario and on programs made by the incremental front end after edits (moved blocks: new
 * spans), with the comparison shown to fail on a corrupted answer and a run shown to depend on
 * the marks.
 */
import * as assert from 'assert';
import { readFileSync } from 'node:fs';
import { analyzeStatic, designFor, runProgram } from '../../server/src/analysis/analyze';
import { analyzeStaticAfter } from '../../server/src/analysis/incrementalStatic';
import { Span } from '../../server/src/common/span';
import { prng } from '../../server/src/mm/machine';
import { absoluteItem, Block, bodyBase } from '../../server/src/model/blockSpans';
import { Expectation, Program, Stmt, TimelineItem } from '../../server/src/model/ir';
import { SUBJECT_FORMS } from '../../server/src/run/expectations';
import { markNamed } from '../../server/src/run/interpreter';
import { planBody, StepPlan } from '../../server/src/run/plan';
import { largeScenario } from '../../bench/scenarios';
import { randomEdit, sampleFiles } from './editSequences';

/**
 * The statements marked: every body's plans marked as a run marks them when it reaches the body
 * (the run calls markNamed on each body; nothing in the product collects the marks).
 */
function subjectStmts(program: Program): Set<StepPlan> {
  const out = new Set<StepPlan>();
  const collect = (plans: readonly StepPlan[]): void => {
    for (const p of plans) {
      if (p.named) out.add(p);
      if (p.body) collect(p.body);
    }
  };
  for (const it of program.items) {
    if (!('body' in it)) continue;
    const plans = planBody(it.body, bodyBase(it));
    markNamed(plans);
    collect(plans);
  }
  return out;
}

/** the search markNamed replaced: every plan whose span's "start:end" is an expectation's subject's */
function oracle(program: Program): Set<StepPlan> {
  const key = (s: Span) => `${s.start}:${s.end}`;
  const named = new Set<string>();
  const collect = (stmts: readonly (Stmt | TimelineItem)[]): void => {
    for (const s of stmts) {
      if (s.kind === 'expect') {
        if (s.subject) named.add(key(s.subject));
      } else if ('body' in s) collect(s.body);
    }
  };
  // the text's positions (a block an edit moved keeps its body's as lowered, ADR 0023)
  collect(program.items.map(absoluteItem));
  const out = new Set<StepPlan>();
  const mark = (plans: readonly StepPlan[]): void => {
    for (const p of plans) {
      if (named.has(key(p.span))) out.add(p);
      if (p.body) mark(p.body);
    }
  };
  for (const it of program.items) if ('body' in it) mark(planBody(it.body, bodyBase(it)));
  return out;
}

/** where two answers differ, or undefined */
function diff(got: Set<StepPlan>, want: Set<StepPlan>): string | undefined {
  for (const p of want) if (!got.has(p)) return `missing the statement at ${p.span.start}:${p.span.end}`;
  for (const p of got) if (!want.has(p)) return `an extra statement at ${p.span.start}:${p.span.end}`;
  return undefined;
}

function check(program: Program, label: string): number {
  const got = subjectStmts(program);
  const d = diff(got, oracle(program));
  assert.strictEqual(d, undefined, `${label}: ${d}`);
  // every plan's mark says whether it is found (the run reads the mark, not the set)
  const walk = (plans: readonly StepPlan[]): void => {
    for (const p of plans) {
      assert.strictEqual(p.named, got.has(p), `${label}: the statement at ${p.span.start}:${p.span.end} marked ${p.named}`);
      if (p.body) walk(p.body);
    }
  };
  for (const it of program.items) if ('body' in it) walk(planBody(it.body, bodyBase(it)));
  return got.size;
}

describe('run: the statements expectations name (markNamed)', () => {
  it('equals the string-keyed search on every sample, a long scenario and edited versions of them', function () {
    this.timeout(300_000);
    let found = 0;
    const texts = sampleFiles().map((f) => [f, readFileSync(f, 'utf8')] as const);
    texts.push(['largeScenario(600)', largeScenario(600)]);
    // one body with many subjects (each named by two expectations in a row), a loop's among them
    const many = Array.from({ length: 24 }, (_, i) => `  a${i} = mmap(${i + 1}M)\n  touch(a${i})\n  expect pages(a${i}, 0) == 100%\n  expect no leak\n`).join('');
    texts.push(['many subjects', `node 0 dram 4G cpus 0\ntask t cpu 0 {\n${many}  repeat 2 {\n    b = malloc(1M)\n    expect ok\n  }\n  expect ok\n}\n`]);
    for (const [name, text] of texts) {
      let prev = analyzeStaticAfter(undefined, text);
      const n = check(prev.program, name);
      // 24 touches, the malloc and the loop
      if (name === 'many subjects') assert.strictEqual(n, 26);
      found += n;
      // edits through the incremental front end: blocks after an edit moved (their plans placed anew, ADR 0023)
      const r = prng(name.length * 7919 + 13);
      let cur = text;
      for (let i = 0; i < 6; i++) {
        cur = randomEdit(cur, r);
        prev = analyzeStaticAfter(prev, cur);
        found += check(prev.program, `${name} after edit ${i + 1}`);
      }
    }
    assert.ok(found > 500, `only ${found} subject statements seen: the check would pass vacuously`);
  });

  it('the comparison fails on a corrupted answer (a subject dropped, a statement added)', () => {
    const stat = analyzeStatic(largeScenario(200));
    const want = oracle(stat.program);
    assert.ok(want.size > 2);
    const dropped = new Set(want);
    dropped.delete([...want][1]);
    assert.match(diff(dropped, want) ?? '', /missing/);
    const extra = new Set(want);
    const block = stat.program.items.find((it) => 'body' in it) as Block;
    const other = planBody(block.body, bodyBase(block)).find((p) => !want.has(p))!;
    extra.add(other);
    assert.match(diff(extra, want) ?? '', /extra/);
  });

  it('a run depends on the marks: after a cut, an expectation reads the kept outcome of its subject', () => {
    // the step budget cuts the run at the expectation after the failing allocation and an invalid
    // expectation line (the run's latest outcome, not a subject); the expectation, which names the
    // allocation, still observes and reads the outcome the run kept (ENOMEM)
    const text = 'node 0 dram 64M cpus 0\nkernel "k" {\n  p = alloc_pages_node(0, GFP_KERNEL, 10, count=1000)\n  expect pages(zz, 0) == 0\n  expect ok\n}\n';
    const stat = analyzeStatic(text);
    const o = { design: designFor(stat), maxStepRecords: 0, trace: false, maxSteps: 2 };
    const good = runProgram(stat.program, stat.diagnostics, o);
    assert.strictEqual(subjectStmts(stat.program).size, 1, 'the allocation is named');
    assert.match(JSON.stringify(good.expectations), /ENOMEM/);
    // corrupt: the marks gone (a plan without one is taken as named by no expectation; its array is marked already)
    const again = analyzeStatic(text);
    for (const p of subjectStmts(again.program)) p.named = false;
    const bad = runProgram(again.program, again.diagnostics, o);
    assert.doesNotMatch(JSON.stringify(bad.expectations), /ENOMEM/);
  });
});

/**
 * One subject rule for every kind of statement (language.md: an expectation observes the previous
 * statement; expectation lines, valid or not, are not statements). Each construct is followed by
 * an expectation line that does not lower (`zz` is no name) and then the expectation under test:
 * it must read what it reads with the invalid line removed. Before the rule was one, a `repeat`
 * kept no outcome, and the invalid line (which the run counts as its latest outcome) hid it:
 * "no statement before".
 */
describe('run: every kind of statement keeps the outcome its expectation reads', () => {
  const head = 'node 0 dram 64M cpus 0\n';
  const constructs: [string, string][] = [
    ['a call', 'p = alloc_pages_node(0, GFP_KERNEL, 10, count=1000)'],
    ['a repeat', 'repeat 2 { p = alloc_pages_node(0, GFP_KERNEL, 0) }'],
    ['a failing repeat', 'repeat 2 { p = alloc_pages_node(0, GFP_KERNEL, 10, count=1000) }'],
    ['a for_each loop', 'for_each_node(n) { p = alloc_pages_node(n, GFP_KERNEL, 0) }'],
    ['a scope', 'memalloc_private { p = alloc_pages_node(0, GFP_KERNEL, 10, count=1000) }'],
    ['a line that does not parse', 'p = alloc_pages_node(0, GFP_KERNEL,, 0'],
    ['a call that does not lower', 'p = no_such_call(0)'],
  ];
  const answers = (text: string): string[] => {
    const stat = analyzeStatic(text);
    const r = runProgram(stat.program, stat.diagnostics, { design: designFor(stat), maxStepRecords: 0, trace: false });
    return r.expectations.filter((e) => !e.invalid).map((e) => `${e.text}: ${e.passed} ${e.actual ?? ''}`);
  };
  for (const [name, stmt] of constructs) {
    it(`${name}, an invalid expectation line between`, () => {
      for (const form of ['expect ok', 'expect error ENOMEM', 'expect diagnostic syntax']) {
        const plain = answers(`${head}kernel "k" {\n  ${stmt}\n  ${form}\n}\n`);
        const between = answers(`${head}kernel "k" {\n  ${stmt}\n  expect pages(zz, 0) == 0\n  ${form}\n}\n`);
        assert.strictEqual(plain.length, 1, `${name} / ${form}: one expectation`);
        assert.doesNotMatch(plain[0], /no statement before/, `${name} / ${form}`);
        assert.deepStrictEqual(between, plain, `${name} / ${form}`);
      }
    });
  }

  it('after a budget cut, an expectation past an invalid line reads "not run" for its statement', () => {
    const text = `${head}kernel "k" {\n  p = alloc_pages_node(0, GFP_KERNEL, 0)\n  q = alloc_pages_node(0, GFP_KERNEL, 0)\n  expect pages(zz, 0) == 0\n  expect ok\n}\n`;
    const stat = analyzeStatic(text);
    const r = runProgram(stat.program, stat.diagnostics, { design: designFor(stat), maxStepRecords: 0, trace: false, maxSteps: 1 });
    const last = r.expectations[r.expectations.length - 1];
    assert.strictEqual(last.text, 'expect ok');
    assert.match(last.actual ?? '', /not run/);
  });

  it('after a panic, the statement that panicked keeps its outcome (it ran), for an expectation naming it or reading the latest', () => {
    const text = 'node 0 dram 256M cpus 0\nsysctl vm.panic_on_oom = 1\ntask app cpu 0 {\n  a = malloc(512M)\n  touch(a)\n  expect pages(zz, 0) == 0\n  expect ok\n}\ntask b cpu 0 {\n  expect ok\n}\n';
    const r = answers(text);
    assert.strictEqual(r.length, 2);
    for (const line of r) {
      assert.match(line, /panic/, line);
      assert.doesNotMatch(line, /not run|not finished/, line);
    }
  });

  it('SUBJECT_FORMS (what the hover says observes a statement) are the forms whose answer follows the statement before them', () => {
    // the same machine either way (an mmap places no page): only the statement before differs
    const forms: [Expectation['form'], string][] = [
      ['ok', 'expect ok'],
      ['error', 'expect error ENOMEM'],
      ['oom', 'expect oom'],
      ['diagnostic', 'expect diagnostic syntax'],
      ['leak', 'expect no leak'],
      ['metric', 'expect used(0) == 0'],
    ];
    for (const [form, line] of forms) {
      const [first, after] = answers(`${head}task t cpu 0 {\n  ${line}\n  b = mmap(4M)\n  ${line}\n}\n`);
      assert.strictEqual(first !== after, SUBJECT_FORMS.has(form), `${form}: "${first}" / "${after}"`);
    }
    assert.deepStrictEqual([...SUBJECT_FORMS].sort(), ['diagnostic', 'error', 'ok', 'oom']);
  });

  it('a top-level expectation after a block says the block has no outcome', () => {
    const r = answers(`${head}kernel "k" {\n  p = alloc_pages_node(0, GFP_KERNEL, 0)\n}\nexpect ok\n`);
    assert.match(r[0], /false no outcome: the line it observes is a declaration or a block/);
  });
});
