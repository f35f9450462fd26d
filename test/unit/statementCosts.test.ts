import * as assert from 'assert';
import { analyzeFull } from '../../server/src/analysis/analyze';
import { statementCosts, STATEMENT_KINDS, statementScenario } from '../../bench/statementCosts';

/**
 * The bench's cost of a statement by kind (bench/statementCosts.ts) measures the statements it
 * means only while each kind's scenario is valid and runs them: a statement the front end or the
 * run refused would be costed as an error path.
 */
describe('bench: statement cost by kind (bench/statementCosts.ts)', () => {
  for (const kind of STATEMENT_KINDS) {
    it(`${kind.name}: its scenario has no error and runs one step a statement`, () => {
      const full = analyzeFull(statementScenario(kind, 5));
      const empty = analyzeFull(statementScenario(kind, 0));
      const errors = full.allDiagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
      assert.deepStrictEqual(errors.map((d) => `${d.code}: ${d.message}`), []);
      assert.strictEqual(full.run.executed - empty.run.executed, 5);
    });
  }
  it('costs every kind, per statement and per line, with no error', () => {
    const costs = statementCosts(20, 1);
    assert.deepStrictEqual(costs.map((c) => c.kind), STATEMENT_KINDS.map((k) => k.name));
    for (const c of costs) {
      assert.strictEqual(c.errors, 0, c.kind);
      assert.strictEqual(c.executed, 20, c.kind);
      assert.ok(Number.isFinite(c.runUs) && c.runUs >= 0 && Number.isFinite(c.staticUs) && c.staticUs >= 0, JSON.stringify(c));
    }
  });
});
