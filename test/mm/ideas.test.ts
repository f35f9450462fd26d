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
import { assertScenarioHolds } from './helpers';

const dir = path.join(__dirname, 'ideas');
const cramDir = path.join(__dirname, '../cram/scenarios');

/**
 * §12 ideas the language of language.md §6 cannot state, and why. Everything else must have a
 * scenario here or with the CRAM tests; the coverage test below keeps this list honest.
 */
const NOT_EXPRESSIBLE: Record<number, string> = {
  11: 'node_private_unregister and per-memory-block offline are not statements: offline_node takes the whole node down',
  52: 'no interrupt context: every kernel block runs in process context with a cpuset',
};

/** the idea numbers a folder's scenario files cover (file names start with the number) */
const ideaNumbers = (d: string): number[] => readdirSync(d).filter((f) => f.endsWith('.mmlab')).map((f) => parseInt(f, 10)).filter((n) => n > 0);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.mmlab'))
  .sort();

describe('§12 scenario ideas', () => {
  it('covers every idea 1-52: a scenario here or with the CRAM tests, or stated as not expressible', () => {
    const covered = new Set([...ideaNumbers(dir), ...ideaNumbers(cramDir)]);
    const missing = Array.from({ length: 52 }, (_, i) => i + 1).filter((n) => !covered.has(n) && !(n in NOT_EXPRESSIBLE));
    assert.deepStrictEqual(missing, [], 'ideas with no scenario and no reason');
    const both = Object.keys(NOT_EXPRESSIBLE).map(Number).filter((n) => covered.has(n));
    assert.deepStrictEqual(both, [], 'listed as not expressible but a scenario exists: remove it from NOT_EXPRESSIBLE');
  });
  for (const f of files) {
    const text = readFileSync(path.join(dir, f), 'utf8');
    const title = /\/\/ (idea [^\n]*)/.exec(text)?.[1] ?? f;
    const designs = (/\/\/ designs: ([^\n]*)/.exec(text)?.[1] ?? 'private_v4').trim().split(/\s+/) as DesignName[];
    for (const d of designs) {
      it(`${title} [${d}]`, () => {
        assertScenarioHolds(text, d);
      });
    }
  }
});
