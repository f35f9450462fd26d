import * as assert from 'assert';
import { prng } from '../../server/src/mm/machine';
import { isFlagLike } from '../../server/src/model/lowering/args';
import { oneLine } from '../../server/src/model/lowering/expect';

/**
 * The lowering's hand-written tests stand for regular expressions it ran on every argument and
 * every expectation (docs/adr, front-end throughput): each must answer as the expression does, on seeded inputs made of
 * the characters that matter to it.
 */
const FLAG_LIKE = /^(__GFP_|GFP_|MPOL_|MADV_|NP_OPS_)|^[A-Z][A-Z0-9_]*$/;
const oneLineByRegex = (s: string) => s.replace(/\s+/g, ' ').trim();

function strings(seed: number, alphabet: string[], count: number, maxLen: number): string[] {
  const next = prng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    const len = Math.floor(next() * maxLen);
    for (let j = 0; j < len; j++) s += alphabet[Math.floor(next() * alphabet.length)];
    out.push(s);
  }
  return out;
}

describe('lowering fast paths answer as the regular expressions they replace', () => {
  it('isFlagLike: flag-family prefixes and all-capital names', () => {
    const inputs = [...strings(7, ['A', 'Z', 'a', 'z', '0', '9', '_', '.', 'GFP_', '__GFP_', 'MPOL_', 'MADV_', 'NP_OPS_', 'NP_', '__', 'É'], 20_000, 8), 'GFP_KERNEL', 'MPOL_BIND', 'buf', 'A', '', '_A', 'A.B'];
    let yes = 0;
    for (const s of inputs) {
      assert.strictEqual(isFlagLike(s), FLAG_LIKE.test(s), JSON.stringify(s));
      if (FLAG_LIKE.test(s)) yes++;
    }
    // both answers are common in the sample, so a constant answer would fail
    assert.ok(yes > 2000 && yes < inputs.length - 2000, `${yes} of ${inputs.length} flag-like`);
  });

  it('oneLine: white space runs as one space, trimmed', () => {
    const inputs = [...strings(11, ['a', '=', '(', ' ', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2028', '\u3000', 'é', '%'], 20_000, 12), 'expect pages(a, 0) == 100%', ' x', 'x ', ''];
    let changed = 0;
    for (const s of inputs) {
      assert.strictEqual(oneLine(s), oneLineByRegex(s), JSON.stringify(s));
      if (oneLineByRegex(s) !== s) changed++;
    }
    assert.ok(changed > 2000 && changed < inputs.length - 2000, `${changed} of ${inputs.length} changed`);
  });
});
