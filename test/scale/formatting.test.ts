/**
 * Issue 17 item 3: formatting N unclosed blocks is linear in N. Indentation stops growing at
 * MAX_INDENT_DEPTH levels (27,000 unclosed `task t {` lines threw `RangeError: Invalid string
 * length`), and a client's tabSize is clamped. Asserted as output sizes, never as times.
 */
import { strict as assert } from 'assert';
import { formatText, MAX_INDENT_DEPTH } from '../../server/src/analysis/formatting';
import { lex } from '../../server/src/syntax/lexer';

const opts = { tabSize: 2, insertSpaces: true };
const unclosed = (n: number) => 'node 0 dram 4G\n' + 'task t {\n'.repeat(n);
const significant = (text: string) =>
  lex(text)
    .tokens.filter((t) => t.kind !== 'whitespace' && t.kind !== 'newline' && t.kind !== 'eof')
    .map((t) => t.text);

describe('scale: formatting (issue 17 item 3)', () => {
  it('output grows linearly with nesting depth: 4× the unclosed blocks, about 4× the text (was 16×)', () => {
    const small = formatText(unclosed(1_000), opts).length;
    const large = formatText(unclosed(4_000), opts).length;
    const ratio = large / small;
    assert.ok(ratio < 4.5, `output grew ${ratio.toFixed(2)}× (${small} -> ${large})`);
  });

  it('the reproducer (27,000 unclosed `task t {` lines) formats, keeps every token, is idempotent', () => {
    const text = unclosed(27_000);
    const once = formatText(text, opts);
    assert.deepEqual(significant(once), significant(text));
    assert.equal(formatText(once, opts), once);
    const deepest = once.split('\n').reduce((m, l) => Math.max(m, l.length - l.trimStart().length), 0);
    assert.equal(deepest, MAX_INDENT_DEPTH * opts.tabSize);
  });

  it('a huge or invalid tabSize from the client is clamped', () => {
    const text = 'task t {\n  repeat 2 {\n    b = malloc(4K)\n  }\n}\n';
    for (const tabSize of [1e9, Infinity, NaN, -5]) {
      const out = formatText(text, { tabSize, insertSpaces: true });
      assert.ok(out.length < 200, `tabSize ${tabSize}: ${out.length} characters`);
      assert.deepEqual(significant(out), significant(text));
    }
  });
});
