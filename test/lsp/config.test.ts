import * as assert from 'assert';
import { DEFAULT_SETTINGS, parseSettings } from '../../server/src/lsp/config';

describe('lsp settings (section mmlab)', () => {
  it('defaults when the client sends nothing', () => {
    assert.deepStrictEqual(parseSettings(undefined), DEFAULT_SETTINGS);
    assert.deepStrictEqual(parseSettings(null), DEFAULT_SETTINGS);
  });
  it('reads nested and dotted keys', () => {
    const s = parseSettings({ design: 'stock', lenses: { run: false }, 'inlayHints.enabled': false, budget: { maxSteps: 10, maxMs: 20 }, debounceMs: 0, compareDesigns: ['stock', 'spm_v2'] });
    assert.strictEqual(s.design, 'stock');
    assert.deepStrictEqual(s.lenses, { run: false, expect: true, whatIf: true });
    assert.strictEqual(s.inlayHints.enabled, false);
    assert.deepStrictEqual(s.budget, { maxSteps: 10, maxMs: 20 });
    assert.strictEqual(s.debounceMs, 0);
    assert.deepStrictEqual(s.compareDesigns, ['stock', 'spm_v2']);
  });
  it('ignores ill-typed values and what cannot be a design\'s name', () => {
    const s = parseSettings({ design: 'not a design', lenses: { run: 'yes' }, budget: { maxSteps: -4, maxMs: 'x' }, compareDesigns: ['no pe', 7], debounceMs: Infinity });
    assert.strictEqual(s.design, DEFAULT_SETTINGS.design);
    assert.strictEqual(s.lenses.run, true);
    assert.strictEqual(s.budget.maxSteps, 1);
    assert.strictEqual(s.budget.maxMs, DEFAULT_SETTINGS.budget.maxMs);
    assert.deepStrictEqual(s.compareDesigns, DEFAULT_SETTINGS.compareDesigns);
    assert.strictEqual(s.debounceMs, DEFAULT_SETTINGS.debounceMs);
  });
  it('keeps a declared design\'s name (whether a scenario sees it is decided per document)', () => {
    const s = parseSettings({ design: 'my_variant', compareDesigns: ['stock', 'my_variant'] });
    assert.strictEqual(s.design, 'my_variant');
    assert.deepStrictEqual(s.compareDesigns, ['stock', 'my_variant']);
  });
});
