import * as assert from 'assert';
import { callSiteAt } from '../../server/src/analysis/completion';
import { lex } from '../../server/src/syntax/lexer';

function site(textWithCursor: string) {
  const offset = textWithCursor.indexOf('¦');
  const text = textWithCursor.replace('¦', '');
  return callSiteAt(lex(text).tokens, offset);
}

describe('call context of the cursor (completion, signature help)', () => {
  it('finds the callee and the positional index', () => {
    assert.deepStrictEqual(
      (({ callee, index, named }) => ({ callee, index, named }))(site('kernel {\n  p = alloc_pages_node(0, ¦\n}')!),
      { callee: 'alloc_pages_node', index: 1, named: undefined },
    );
  });
  it('counts a node set as one argument', () => {
    assert.strictEqual(site('  mbind(buf, MPOL_BIND, {0, 2}, ¦)')!.index, 3);
  });
  it('inside an unfinished node set, the set is the argument', () => {
    const s = site('  mbind(buf, MPOL_BIND, {0, ¦')!;
    assert.strictEqual(s.callee, 'mbind');
    assert.strictEqual(s.index, 2);
  });
  it('sees a named argument', () => {
    assert.strictEqual(site('  p = alloc_pages(GFP_KERNEL, 0, nodemask=¦')!.named, 'nodemask');
  });
  it('ignores nested calls that are closed', () => {
    assert.strictEqual(site('  touch(buf, write, data=ratio(2.0), ¦')!.callee, 'touch');
  });
  it('follows a call continued on the next line after a comma', () => {
    assert.strictEqual(site('  mbind(buf,\n    MPOL_BIND, ¦')!.index, 2);
  });
  it('is undefined outside parentheses and after a block brace', () => {
    assert.strictEqual(site('task a {\n  ¦\n}'), undefined);
    assert.strictEqual(site('touch(buf)\n¦'), undefined);
  });
});
