/**
 * Every diagnostic page under docs/diagnostics/ shows an example scenario. The
 * example is the first thing a user copies from the page a squiggle links to, so it
 * must be a complete scenario that really produces the page's diagnostic, and whose
 * own expectations hold (except on the expect-failed page, whose point is a failing
 * expect). Pages of codes no scenario can provoke (an emulator bug, a reserved hint)
 * carry no example; the list of those is fixed here so a new page cannot skip one.
 */
import * as assert from 'assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFull } from '../../server/src/analysis/analyze';
import { DIAGNOSTIC_CODES } from '../../server/src/common/diagnostics';

const DOCS = join(__dirname, '..', '..', 'docs', 'diagnostics');
// time-budget-exceeded: no example can hit the wall clock on every machine without hanging it
// static-budget-exceeded: every metered path is linear, so no scenario reaches the budget unless mmlab has a bug
const WITHOUT_EXAMPLE = new Set(['internal-error', 'inferred', 'time-budget-exceeded', 'static-budget-exceeded']);

function exampleOf(code: string): string | undefined {
  const page = readFileSync(join(DOCS, `${code}.md`), 'utf8');
  return /```mmlab\n([\s\S]*?)```/.exec(page)?.[1];
}

describe('diagnostic page examples', function () {
  // runs the emulator: generous on a shared, noisy machine (a limit, not an assertion)
  this.timeout(60000);
  it('every page has an example, except the codes no scenario can provoke', () => {
    const missing = Object.keys(DIAGNOSTIC_CODES).filter((c) => !exampleOf(c));
    assert.deepStrictEqual(missing.sort(), [...WITHOUT_EXAMPLE].sort());
  });

  for (const code of Object.keys(DIAGNOSTIC_CODES).filter((c) => !WITHOUT_EXAMPLE.has(c))) {
    it(`${code}: the example produces it`, () => {
      const text = exampleOf(code);
      assert.ok(text, `docs/diagnostics/${code}.md has no mmlab example`);
      // a small step budget keeps the budget-exceeded example fast; the others need far less
      const a = analyzeFull(text, { maxSteps: 2000 });
      const codes = a.allDiagnostics.map((d) => d.code);
      assert.ok(codes.includes(code as never), `${code}.md example gives ${JSON.stringify([...new Set(codes)])} under ${a.design}`);
      assert.ok(!codes.includes('internal-error'), `${code}.md example crashes the emulator`);
      if (code !== 'expect-failed') {
        const failed = a.run.expectations.filter((x) => !x.skipped && !x.passed).map((x) => `${x.text} (${x.actual ?? ''})`);
        assert.deepStrictEqual(failed, [], `${code}.md example has failing expectations`);
      }
    });
  }
});
