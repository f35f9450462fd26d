import * as assert from 'assert';
import { LineIndex } from '../../server/src/common/span';
import { prng } from '../../server/src/mm/machine';

describe('LineIndex', () => {
  it('maps offsets to positions and back across \\n and \\r\\n', () => {
    const text = 'ab\ncd\r\nef';
    const idx = new LineIndex(text);
    assert.deepStrictEqual(idx.positionAt(0), { line: 0, character: 0 });
    assert.deepStrictEqual(idx.positionAt(4), { line: 1, character: 1 });
    assert.deepStrictEqual(idx.positionAt(7), { line: 2, character: 0 });
    assert.strictEqual(idx.offsetAt({ line: 2, character: 1 }), 8);
    assert.strictEqual(idx.lineCount, 3);
  });

  it('finds the same lines with and without carriage returns as a split on every newline form (seeded texts)', () => {
    // texts without \r take the indexOf path, the others the character loop: both against a split
    const next = prng(0x11ae);
    let fast = 0;
    for (let i = 0; i < 3000; i++) {
      const alphabet = i % 2 ? ['a', ' ', '\n', '\n\n'] : ['a', '\n', '\r', '\r\n'];
      let text = '';
      for (let j = Math.floor(next() * 40); j > 0; j--) text += alphabet[Math.floor(next() * alphabet.length)];
      if (!text.includes('\r')) fast++;
      const idx = new LineIndex(text);
      const lines = text.split(/\r\n|\r|\n/);
      assert.strictEqual(idx.lineCount, lines.length, JSON.stringify(text));
      let offset = 0;
      for (let line = 0; line < lines.length; line++) {
        assert.deepStrictEqual(idx.positionAt(offset), { line, character: 0 }, JSON.stringify(text));
        offset = text.indexOf(lines[line], offset) + lines[line].length;
        offset += text.startsWith('\r\n', offset) ? 2 : 1;
      }
    }
    assert.ok(fast > 1000, `${fast} texts without \\r`);
  });
});
