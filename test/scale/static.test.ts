/**
 * Issue 17 item 2: static analysis is linear in the input. One name assigned N times keeps one
 * definitions list (Scopes.define copied it per assignment: 40,000 lines took 16.8 s and 643 MB),
 * and "did you mean" searches draw on a per-analysis budget of candidate comparisons (40,000
 * unknown flags took 22.8 s). Asserted as counts, never as times.
 */
import { strict as assert } from 'assert';
import { analyzeStatic } from '../../server/src/analysis/analyze';
import { lower } from '../../server/src/model/lower';
import { Scopes, VarInfo } from '../../server/src/model/scope';
import { editDistance, suggest, SuggestionBudget, withSuggestionBudget } from '../../server/src/syntax/suggest';
import { parse } from '../../server/src/syntax/parser';

describe('scale: static analysis (issue 17 item 2)', () => {
  it('Scopes.define: N reassignments of one name keep one constant-size variable (a list per assignment was N²/2)', () => {
    // (the list of every assignment was copied per assignment, then shared; nothing read it, and it is gone)
    for (const n of [1_000, 8_000]) {
      const scopes = new Scopes();
      let last: VarInfo | undefined;
      for (let i = 0; i < n; i++) last = scopes.define('t', 'b', 'mapping', { start: i, end: i + 1 });
      assert.ok(last && Object.values(last).every((v) => !Array.isArray(v)), 'a variable holds no list that grows with its assignments');
      assert.equal(last!.seq, n - 1);
      assert.deepEqual(scopes.lookup('t', 'b')!.span, { start: n - 1, end: n });
    }
  });

  function budgetUsed(text: string): { used: number; suggested: number; unknown: number } {
    const budget = new SuggestionBudget();
    const start = budget.left;
    const diags = withSuggestionBudget(budget, () => {
      const p = parse(text);
      return [...p.diagnostics, ...lower(p).diagnostics];
    });
    return {
      used: start - Math.max(0, budget.left),
      suggested: diags.filter((d) => /did you mean/.test(d.message)).length,
      unknown: diags.filter((d) => d.code === 'unknown-flag' || d.code === 'unknown-name').length,
    };
  }

  const flags = (n: number) => 'node 0 dram 4G\n' + Array.from({ length: n }, () => `kernel { p = alloc_pages_node(0, GFP_KERNL | __GFP_PRIVATX, 0) }\n`).join('');

  it('unknown flags: suggestion work is capped by the budget (15× the typos, at most the budget), the first ones still get suggestions', () => {
    const small = budgetUsed(flags(200));
    const large = budgetUsed(flags(3_000));
    assert.equal(small.unknown, 400);
    assert.equal(small.suggested, 400, 'every typo of a small file gets its suggestion');
    assert.equal(large.unknown, 6_000, 'every unknown flag still gets its diagnostic');
    assert.ok(large.used <= new SuggestionBudget().left, `used ${large.used}`);
    assert.ok(large.suggested > 400 && large.suggested < 6_000, `${large.suggested} suggestions`);
  });

  it('unknown names against many variables: comparisons are capped (was names × variables)', () => {
    const vars = (n: number) => 'node 0 dram 4G\ntask t {\n' + Array.from({ length: n }, (_, i) => `  v${i} = malloc(4K)\n`).join('') + Array.from({ length: n }, (_, i) => `  free(w${i}x)\n`).join('') + '}\n';
    const r = budgetUsed(vars(3_000)); // 9 million comparisons without the budget
    assert.equal(r.unknown, 3_000);
    assert.ok(r.used <= new SuggestionBudget().left);
  });

  it('analyzeStatic gives every analysis its own budget (a second analysis suggests again)', () => {
    const text = flags(2_500);
    const a = analyzeStatic(text).diagnostics.filter((d) => /did you mean/.test(d.message)).length;
    const b = analyzeStatic(text).diagnostics.filter((d) => /did you mean/.test(d.message)).length;
    assert.ok(a > 0);
    assert.equal(a, b);
  });

  it('names longer than any vocabulary word get no suggestion and cost nothing', () => {
    const budget = new SuggestionBudget(10);
    withSuggestionBudget(budget, () => assert.equal(suggest('X'.repeat(100_000), ['X', 'XX']), undefined));
    assert.equal(budget.left, 10);
  });

  it('the bounded edit distance agrees with the full one within the bound', () => {
    const words = ['GFP_KERNEL', 'GFP_KERNL', '__GFP_PRIVATE', '__GFP_PRIVATX', 'MIGRATION', 'MIGRATON', 'IMGRATION', '', 'A'];
    for (const a of words)
      for (const b of words)
        for (const max of [0, 1, 2, 3, 3.25]) {
          const full = editDistance(a, b);
          const bounded = editDistance(a, b, max);
          if (full <= max) assert.equal(bounded, full, `${a} ${b} ${max}`);
          else assert.ok(bounded > max, `${a} ${b} ${max}: ${bounded}`);
        }
    assert.equal(suggest('MIGRATON', ['MIGRATION', 'MEMPOLICY']), 'MIGRATION');
    assert.equal(suggest('GFP_KERNL', ['GFP_KERNEL', 'GFP_USER']), 'GFP_KERNEL');
  });
});
