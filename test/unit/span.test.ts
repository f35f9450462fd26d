import * as assert from 'assert';
import { LineIndex } from '../../server/src/common/span';

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
});
