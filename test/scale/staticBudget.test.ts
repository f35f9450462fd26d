/**
 * Issue 17: static analysis has its own budget (common/staticBudget.ts), linear in the document;
 * spending it stops lowering with `static-budget-exceeded` on the statement where it stopped.
 * The budget is also the work meter of the growth-ratio tests below: each shape that was
 * super-linear (found by profiling large generated files) is lowered at two sizes and the work
 * units must grow about as the input does. Asserted as counts, never as times.
 */
import { strict as assert } from 'assert';
import { analyzeStatic } from '../../server/src/analysis/analyze';
import { StaticBudget, staticUnitsFor, withStaticBudget } from '../../server/src/common/staticBudget';
import { MAX_EXTENDS_DEPTH } from '../../server/src/model/designs/lower';
import { lower } from '../../server/src/model/lower';
import { parse } from '../../server/src/syntax/parser';
import { SuggestionBudget, withSuggestionBudget } from '../../server/src/syntax/suggest';

const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n') + '\n';

/** work units of lowering `text` (no limit), and its diagnostics */
function work(text: string): { units: number; codes: string[]; messages: string[] } {
  const budget = new StaticBudget(Number.MAX_SAFE_INTEGER);
  // as analyzeStatic does: "did you mean" searches have their own budget
  const r = withStaticBudget(budget, () => withSuggestionBudget(new SuggestionBudget(), () => lower(parse(text))));
  assert.equal(budget.cut, undefined, 'the wall-clock safety net cut the analysis');
  return { units: budget.used, codes: r.diagnostics.map((d) => d.code), messages: r.diagnostics.map((d) => d.message) };
}

/** the shapes that were super-linear, with the cost before the fix (CPU, measured once, for the record) */
const SHAPES: Record<string, { was: string; text: (n: number) => string }> = {
  'N designs, each under a comment (the doc comment split the whole text before each one)': {
    was: '16,000 designs: 15.4 s',
    text: (n) => lines(n, (i) => `// design number ${i}\ndesign d${i} extends private_v4 {\n  gate none\n}`) + 'node 0 dram 4G\n',
  },
  'N tasks that each use a name another task assigns (every scope was searched per use)': {
    was: '8,000 tasks: 0.84 s, ×8.7 for 4×',
    text: (n) => 'node 0 dram 4G\ntask t {\n  zz = malloc(4K)\n}\n' + lines(n, (i) => `task t${i} {\n  b = malloc(4K)\n  touch(zz)\n}`),
  },
  'N expectations broken by syntax errors (every syntax error was filtered per expectation)': {
    was: '8,000 lines: 0.89 s, ×6.3 for 4×',
    text: (n) => 'node 0 dram 4G\ntask t {\n  b = malloc(4K)\n' + lines(n, () => '  expect pages(b, ) == 0 )') + '}\n',
  },
  'N designs in one `extends` chain written base-last (resolving recursed once per link)': {
    was: '2,000 links: RangeError: Maximum call stack size exceeded',
    text: (n) => lines(n - 1, (i) => `design d${i} extends d${i + 1} {\n  gate none\n}`) + `design d${n - 1} extends private_v4 {\n  gate none\n}\n` + 'node 0 dram 4G\n',
  },
  'N designs that extend an unknown one (each message listed every design)': {
    was: 'O(N) characters per message',
    text: (n) => lines(n, (i) => `design d${i} extends nowhere {\n  gate none\n}`) + 'node 0 dram 4G\n',
  },
};

describe('scale: the static-analysis budget (issue 17)', () => {
  for (const [name, shape] of Object.entries(SHAPES)) {
    it(`${name}: 4× the input, about 4× the work (was ${shape.was})`, () => {
      const small = work(shape.text(1_000));
      const large = work(shape.text(4_000));
      const ratio = large.units / small.units;
      assert.ok(ratio < 4.6, `work grew ${ratio.toFixed(2)}× (${small.units} -> ${large.units} units)`);
      assert.ok(!large.codes.includes('static-budget-exceeded'));
      const longest = Math.max(...large.messages.map((m) => m.length));
      assert.ok(longest < 2_000, `a ${longest}-character message`);
    });
  }

  it(`an \`extends\` chain longer than ${MAX_EXTENDS_DEPTH} designs is refused with a diagnostic on each design past it, without recursing`, () => {
    const r = work(SHAPES['N designs in one `extends` chain written base-last (resolving recursed once per link)'].text(2_000));
    const deep = r.messages.filter((m) => /`extends` away from a built-in design; chains stop at 64/.test(m));
    assert.equal(deep.length, 2_000 - MAX_EXTENDS_DEPTH);
    assert.ok(r.messages.some((m) => m.startsWith('design `d0` is 2000 `extends` away')));
  });

  it('a cycle of 5,000 designs is reported, not a stack overflow', () => {
    const text = lines(5_000, (i) => `design d${i} extends d${(i + 1) % 5_000} {\n  gate none\n}`) + 'node 0 dram 4G\n';
    const r = work(text);
    assert.ok(r.codes.includes('invalid-argument'));
    assert.ok(r.messages.some((m) => /passes 64 designs without reaching a built-in one|extends itself/.test(m)));
  });

  it('a duplicate distance is still found when the pair is written the other way round (distances are looked up by pair)', () => {
    const text = 'node 0 dram 4G\nnode 1 dram 4G\nnode 2 dram 4G\ndistance 0 1 20\ndistance 1 2 30\ndistance 1 0 25\n';
    const d = analyzeStatic(text).diagnostics.filter((x) => /given twice/.test(x.message));
    assert.equal(d.length, 1);
    assert.equal(text.slice(d[0].span.start, d[0].span.end), 'distance 1 0 25');
    assert.equal(text.slice(d[0].related![0].span.start, d[0].related![0].span.end), 'distance 0 1 20');
  });

  it('spending the budget stops lowering with `static-budget-exceeded` on the statement where it stopped; nothing after it runs', () => {
    const text = 'node 0 dram 4G\ntask t {\n' + lines(200, (i) => `  b${i} = malloc(4K)`) + '}\ntask u {\n  c = malloc(4K)\n}\n';
    const stat = analyzeStatic(text, { staticUnits: 100 });
    const cut = stat.diagnostics.filter((d) => d.code === 'static-budget-exceeded');
    assert.equal(cut.length, 1, 'one diagnostic, where it stopped');
    assert.equal(cut[0].severity, 'warning');
    assert.match(text.slice(cut[0].span.start, cut[0].span.end), /^b\d+ = malloc\(4K\)$/);
    assert.match(cut[0].message, /spent its budget of 100 work units/);
    // task u (after the cut) is not lowered: it does not run
    assert.equal(stat.program.items.filter((i) => i.kind === 'task').length, 1);
    const t = stat.program.items.find((i) => i.kind === 'task') as { body: unknown[] };
    assert.ok(t.body.length > 0 && t.body.length < 200, `${t.body.length} statements lowered`);
  });

  it('the default budget is linear in the document and far above what a large real file uses', () => {
    const text = SHAPES['N tasks that each use a name another task assigns (every scope was searched per use)'].text(4_000);
    const used = work(text).units;
    assert.ok(used * 10 < staticUnitsFor(text.length), `${used} units of ${staticUnitsFor(text.length)}`);
    assert.ok(!analyzeStatic(text).diagnostics.some((d) => d.code === 'static-budget-exceeded'));
  });
});
