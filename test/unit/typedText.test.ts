import * as assert from 'assert';
import { editBetween } from '../../server/src/common/shiftSpans';
import { analyzeStatic } from '../../server/src/analysis/analyze';
import { lspBenchScenario, TYPED_STATEMENT, typedText, typingLine } from '../../bench/scenarios';

/**
 * The typing measurements (`npm run bench`'s typing rows, bench/editJobs.ts TYPING=1) must type: one
 * character more per version, at one place, never one removed, on a line of its own after a
 * statement, and a whole statement once typed.
 */
describe('bench: the typed texts of the typing rows (bench/scenarios.ts typedText)', () => {
  const base = lspBenchScenario(300);
  const lines = base.split('\n');
  const at = typingLine(lines, lines.length >> 1);

  it('types after a statement with a size, one character a version at one place', () => {
    assert.match(lines[at], /mmap\(4M\)/);
    // the first version opens the line (a line break) with its first character
    assert.strictEqual(editBetween(base, typedText(lines, at, 1)).delta, 2);
    let before = typedText(lines, at, 1);
    let place = -1;
    for (let n = 2; n <= 3 * TYPED_STATEMENT.length; n++) {
      const now = typedText(lines, at, n);
      const e = editBetween(before, now);
      assert.strictEqual(e.delta, 1, `keystroke ${n} adds one character`);
      assert.strictEqual(e.q - e.p, 0, `keystroke ${n} removes nothing`);
      assert.ok(e.p >= place, `keystroke ${n} types at or after the one before`);
      place = e.p;
      before = now;
    }
  });

  it('a whole statement typed is one more statement of the program; half of one an error line', () => {
    const count = (text: string) => analyzeStatic(text).program.items.reduce((n, it) => n + ('body' in it ? it.body.length : 0), 0);
    const stmts = count(base);
    assert.strictEqual(count(typedText(lines, at, TYPED_STATEMENT.length)), stmts + 1);
    const half = analyzeStatic(typedText(lines, at, 7));
    assert.ok(half.diagnostics.some((d) => d.severity === 'error'), 'a statement half typed is an error');
    assert.strictEqual(count(typedText(lines, at, 2 * TYPED_STATEMENT.length)), stmts + 2);
  });
});
