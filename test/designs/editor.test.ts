/**
 * Editor features inside design declarations: hovers say what a choice and a value stand
 * for (kernel code and source), completion offers choices and their values, the
 * formatter keeps a design body indented and idempotent.
 */
import * as assert from 'assert';
import { analyzeStatic } from '../../server/src/analysis/analyze';
import { completionsAt } from '../../server/src/analysis/completion';
import { FeatureContext } from '../../server/src/analysis/context';
import { formatText } from '../../server/src/analysis/formatting';
import { hoverAt } from '../../server/src/analysis/hover';

const TEXT = `design mine extends private_v4 {
  gate none
  own_fallback self_only inferred
}
design mine
node 0 dram 1G cpus 0
`;
const ctx = (text: string) => ({ stat: analyzeStatic(text) }) as unknown as FeatureContext;
const hover = (needle: string, text = TEXT) => hoverAt(ctx(text), text.indexOf(needle) + 1)?.markdown ?? '';

describe('design declarations in the editor', () => {
  it('hovers: a choice lists its values, a value names its kernel code, a design its changes', () => {
    assert.match(hover('gate'), /design choice `gate`[\s\S]*`__GFP_PRIVATE`: numa_zone_alloc_allowed/);
    assert.match(hover('self_only'), /`own_fallback self_only`[\s\S]*Kernel code: .*Apr 13 2026/);
    assert.match(hover('private_v4'), /design `private_v4`\*\* \(built-in\)[\s\S]*\| `gate` \| __GFP_PRIVATE \|/);
    assert.match(hover('mine\n'), /declared in this file, extends `private_v4`[\s\S]*\| `own_fallback` \| self_only \(inferred\) \|/);
  });

  it('completion: choice names at the start of a body line, the choice\'s values after it, user designs after `under`', () => {
    const text = 'design mine extends private_v4 {\n  \n  own_fallback \n}\nkernel {\n  expect ok under \n}\n';
    const at = (line: number, col: number) => {
      const off = text.split('\n').slice(0, line).join('\n').length + 1 + col;
      return completionsAt(ctx(text), off).map((c) => c.label);
    };
    assert.ok(at(1, 2).includes('private_zonelist'));
    assert.deepStrictEqual(at(2, 15), ['self_then_normal', 'self_only', 'normal_only', 'none']);
    const under = at(5, 18);
    assert.ok(under.includes('mine') && under.includes('private_latest'), under.join(','));
  });

  it('formatting keeps a design body indented and is idempotent', () => {
    const messy = 'design mine extends private_v4 {\ngate none\n      own_fallback self_only\n}\n';
    const opts = { tabSize: 2, insertSpaces: true };
    const once = formatText(messy, opts);
    assert.strictEqual(formatText(once, opts), once);
    assert.match(once, /\n {2}gate none\n {2}own_fallback self_only\n\}/);
  });
});
