/**
 * Issue 14 ("fidelity under pressure") opened it: one scenario file per fixed disagreement under
 * test/mm/fidelity/, each naming the issue and item that asked for it (`// issue 14 item N: ...`), the kernel rule it rests on
 * (`// rule: ...`) and the designs it runs under (`// designs: ...`). Every expectation checked
 * under a listed design must hold, and each design must check at least one.
 */
import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { DesignName } from '../../server/src/model/ir';
import { assertScenarioHolds } from './helpers';

const dir = path.join(__dirname, 'fidelity');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.mmlab'))
  .sort();

describe('kernel rules under pressure (test/mm/fidelity)', () => {
  it('every scenario names its item and the rule it rests on', () => {
    assert.ok(files.length > 0);
    for (const f of files) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      // the issue that asked for it (issue 14 opened this folder; a later one adds its own items)
      assert.match(text, /^\/\/ issue \d+ (item \d+|also found):/m, `${f}: no "// issue N item M:" line`);
      assert.match(text, /^\/\/ rule: .{20,}/m, `${f}: no "// rule:" line`);
    }
  });
  for (const f of files) {
    const text = readFileSync(path.join(dir, f), 'utf8');
    const title = /\/\/ (issue \d+ [^\n]*)/.exec(text)?.[1] ?? f;
    const designs = (/\/\/ designs: ([^\n]*)/.exec(text)?.[1] ?? 'private_v4').trim().split(/\s+/) as DesignName[];
    for (const d of designs) {
      it(`${title} [${d}]`, () => {
        assertScenarioHolds(text, d);
      });
    }
  }
});
