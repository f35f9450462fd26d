/**
 * Issue 17 item 3: formatting N unclosed blocks is linear in N. Indentation stops growing at
 * MAX_INDENT_DEPTH levels (27,000 unclosed `task t {` lines threw `RangeError: Invalid string
 * length`), and a client's tabSize is clamped. Asserted as output sizes, never as times.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { formatDocument, formatText, maxFormattedLength, MAX_INDENT_DEPTH } from '../../server/src/analysis/formatting';
import { lex } from '../../server/src/syntax/lexer';
import { applyMutation, Mutation } from '../fuzz/arbitraries';

const opts = { tabSize: 2, insertSpaces: true };
const CASES = path.join(__dirname, '../regressions/cases');
/** `n` one-character lines under 64 open blocks: indentation multiplies the document */
const amplified = (n: number) => 'task t {\n'.repeat(MAX_INDENT_DEPTH) + 'x\n'.repeat(n);
/** the long fuzz's slowest case (format #5907), rebuilt from its recipe */
function fuzz5907(): string {
  const r = JSON.parse(fs.readFileSync(path.join(CASES, 'format-5907.recipe.json'), 'utf8')) as { seed: string; length: number; mutations: Mutation[] };
  const text = r.mutations.reduce(applyMutation, fs.readFileSync(path.join(CASES, r.seed), 'utf8'));
  assert.equal(text.length, r.length, 'the recipe no longer rebuilds the fuzz case');
  return text;
}
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

  it('indentation cannot multiply a document: 4× the lines under 64 open blocks stay within 16× the text + 1 MiB, and past it formatting is refused with a message', () => {
    // work is one pass over the tokens plus the characters written, so a bounded output is a bounded cost
    const small = formatDocument(amplified(5_000), opts);
    assert.ok(small.text !== undefined, small.refused);
    assert.ok(small.text.length <= maxFormattedLength(amplified(5_000).length));
    const large = formatDocument(amplified(20_000), opts);
    assert.equal(large.text, undefined, `4× the lines gave ${large.text?.length} characters, ${(large.text?.length ?? 0) / small.text.length}× (bound ${maxFormattedLength(amplified(20_000).length)})`);
    assert.match(large.refused!, /not formatted: the result would pass [\d,]+ characters/);
  });

  it('the reproducer (600 KB of one-character lines under 64 open blocks, tabSize 32: was RangeError: Invalid string length) is refused, and formatText leaves it as it is', () => {
    const text = amplified(300_000);
    const wide = { tabSize: 32, insertSpaces: true };
    assert.match(formatDocument(text, wide).refused ?? '', /close the open blocks or use a smaller tab size/);
    assert.equal(formatText(text, wide), text);
  });

  it('the long fuzz\'s slowest case (format #5907, 3.5 MB on 48 lines) formats linearly: 4× its lines, about 4× the output', () => {
    const text = fuzz5907();
    const lines = text.split('\n');
    const part = (k: number) => lines.slice(0, k).join('\n');
    const small = formatText(part(12), opts).length;
    const large = formatText(part(48), opts).length;
    const ratio = large / small;
    assert.ok(ratio > 3.5 && ratio < 4.5, `output grew ${ratio.toFixed(2)}× for 4× the lines (${small} -> ${large})`);
    const once = formatText(text, opts);
    assert.equal(formatText(once, opts), once, 'not idempotent');
    assert.deepEqual(significant(once), significant(text));
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
