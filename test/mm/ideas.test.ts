/**
 * kernel-semantics.md §12 scenario ideas, one scenario file each under
 * test/mm/ideas/ (the header names the idea and the designs it is run under;
 * V4 = private_v4, SOFT = private_soft, self-only = private_nofallback,
 * SPM = spm_v2). Every expectation checked under a design must hold, and each
 * listed design must check at least one. CRAM ideas (31-39, 46) live with the
 * CRAM tests.
 */
import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { DesignName } from '../../server/src/model/ir';
import { lineOf, runText } from './helpers';

const dir = path.join(__dirname, 'ideas');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.mmlab'))
  .sort();

describe('§12 scenario ideas', () => {
  it('covers the expressible non-CRAM ideas', () => {
    assert.ok(files.length >= 35, `${files.length} idea scenarios`);
  });
  for (const f of files) {
    const text = readFileSync(path.join(dir, f), 'utf8');
    const title = /\/\/ (idea [^\n]*)/.exec(text)?.[1] ?? f;
    const designs = (/\/\/ designs: ([^\n]*)/.exec(text)?.[1] ?? 'private_v4').trim().split(/\s+/) as DesignName[];
    for (const d of designs) {
      it(`${title} [${d}]`, () => {
        const r = runText(text, d);
        const syntax = r.staticDiagnostics.filter((x) => ['syntax', 'unknown-name', 'unknown-flag', 'invalid-argument'].includes(x.code));
        assert.deepStrictEqual(syntax.map((x) => `${x.code}: ${x.message}`), [], 'the scenario is valid');
        const checked = r.run.expectations.filter((e) => !e.skipped);
        assert.ok(checked.length > 0, 'some expectation is checked under this design');
        const bad = checked.filter((e) => !e.passed).map((e) => `line ${lineOf(text, e.span.start)}: ${e.text.trim()} — ${e.actual}`);
        assert.deepStrictEqual(bad, []);
      });
    }
  }
});
