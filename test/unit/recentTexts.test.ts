import * as assert from 'assert';
import { keepRecent, RECENT_TEXT_CHARS, RECENT_VERSIONS, takeRecent } from '../../server/src/common/recentTexts';

/** what a document keeps of its earlier versions (ADR 0039) */
describe('common/recentTexts: the earlier versions kept', () => {
  const t = (s: string) => s;
  it('the newest first, each text once', () => {
    assert.deepStrictEqual(keepRecent('c', ['b', 'c', 'a', 'b'], t), ['c', 'b', 'a']);
    assert.deepStrictEqual(keepRecent(undefined, ['b', 'a'], t), ['b', 'a']);
  });

  it('at most RECENT_VERSIONS', () => {
    const many = Array.from({ length: RECENT_VERSIONS + 5 }, (_, i) => `v${i}`);
    const kept = keepRecent('new', many, t);
    assert.strictEqual(kept.length, RECENT_VERSIONS);
    assert.deepStrictEqual(kept, ['new', ...many.slice(0, RECENT_VERSIONS - 1)]);
  });

  it('past the newest, no more than RECENT_TEXT_CHARS of text together; the newest always, however long', () => {
    const big = (c: string) => c.repeat(Math.ceil(RECENT_TEXT_CHARS / 3));
    assert.deepStrictEqual(keepRecent(big('x'), [big('y'), big('z'), big('w')], t).map((s) => s[0]), ['x', 'y']);
    const huge = 'h'.repeat(RECENT_TEXT_CHARS + 1);
    assert.deepStrictEqual(keepRecent(huge, ['a'], t), [huge]);
  });

  it('a version without a text is not kept', () => {
    assert.deepStrictEqual(keepRecent<{ text?: string }>({}, [{ text: 'a' }], (v) => v.text), [{ text: 'a' }]);
  });

  it('takeRecent: the version found is taken out, the newest joins the others; none found, all kept', () => {
    assert.deepStrictEqual(takeRecent('d', ['c', 'b', 'a'], (v) => v === 'b', t), { found: 'b', kept: ['d', 'c', 'a'] });
    assert.deepStrictEqual(takeRecent('d', ['c', 'a'], (v) => v === 'x', t), { kept: ['d', 'c', 'a'] });
  });
});
