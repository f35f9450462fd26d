/**
 * Issue 17 item 5: requests and settings are bounded. Design lists are deduplicated and capped,
 * budgets clamped, and the settings a cloned repository could abuse are restricted in untrusted
 * workspaces (package.json). The real server's side is in test/protocol/limits.test.ts.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseSettings } from '../../server/src/lsp/config';
import { boundDesigns, MAX_COMPARE_DESIGNS, MAX_DESIGN_ENTRIES, MAX_SETTING_MS, MAX_SETTING_STEPS } from '../../server/src/lsp/limits';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));

describe('lsp limits (issue 17 item 5)', () => {
  it('a design list is deduplicated: 10 or 1,000 copies of two designs run two designs', () => {
    for (const n of [10, 1_000]) {
      const list = Array.from({ length: n }, (_, i) => (i % 2 ? 'stock' : 'private_v4'));
      assert.deepEqual(boundDesigns(list), { designs: ['private_v4', 'stock'] });
    }
  });

  it('more entries than MAX_DESIGN_ENTRIES, or more distinct designs than MAX_COMPARE_DESIGNS, are refused with a sentence', () => {
    const many = boundDesigns(Array.from({ length: 100_000 }, () => 'stock'));
    assert.ok('error' in many && many.error.includes(`at most ${MAX_DESIGN_ENTRIES}`));
    const distinct = boundDesigns(Array.from({ length: MAX_COMPARE_DESIGNS + 1 }, (_, i) => `d${i}`));
    assert.ok('error' in distinct && distinct.error.includes(`at most ${MAX_COMPARE_DESIGNS}`));
  });

  it('settings: compareDesigns deduplicated and bounded, budgets clamped', () => {
    const s = parseSettings({ compareDesigns: Array.from({ length: 100_000 }, () => 'stock'), budget: { maxSteps: 1e15, maxMs: 1e12 } });
    assert.deepEqual(s.compareDesigns, ['stock']);
    assert.equal(s.budget.maxSteps, MAX_SETTING_STEPS);
    assert.equal(s.budget.maxMs, MAX_SETTING_MS);
  });

  it('package.json: untrusted workspaces are limited; the abusable settings are restricted and bounded in the schema', () => {
    const untrusted = pkg.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    const props = pkg.contributes.configuration.properties;
    for (const key of ['mmlab.compareDesigns', 'mmlab.budget.maxSteps', 'mmlab.budget.maxMs', 'mmlab.debounceMs']) assert.ok(untrusted.restrictedConfigurations.includes(key), key);
    for (const key of untrusted.restrictedConfigurations) assert.ok(props[key], `${key} is a contributed setting`);
    assert.equal(props['mmlab.compareDesigns'].maxItems, MAX_COMPARE_DESIGNS);
    assert.equal(props['mmlab.budget.maxSteps'].maximum, MAX_SETTING_STEPS);
    assert.equal(props['mmlab.budget.maxMs'].maximum, MAX_SETTING_MS);
  });
});
