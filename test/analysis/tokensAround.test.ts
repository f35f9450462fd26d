import * as assert from 'assert';
import { readFileSync } from 'fs';
import { analyzeStatic, designFor, StaticAnalysis } from '../../server/src/analysis/analyze';
import { callSiteAt, callSiteNear, completionsAt } from '../../server/src/analysis/completion';
import { FeatureContext } from '../../server/src/analysis/context';
import { hoverAt } from '../../server/src/analysis/hover';
import { signatureAt } from '../../server/src/analysis/signatureHelp';
import { tokenAt, tokenNear, tokensAround } from '../../server/src/analysis/tokens';
import { prng } from '../../server/src/mm/machine';
import { lexFrom } from '../../server/src/syntax/lexer';
import { ParseResult } from '../../server/src/syntax/parser';
import { randomEdit, sampleFiles, triviaEdit } from '../run/editSequences';

/**
 * Hover, signature help and completion read the tokens around the cursor (tokensAround), not a
 * whole lexing of the document: the answers must be those of the whole token list at every
 * offset, on the samples and on randomly damaged versions of them (unclosed calls and blocks,
 * stray braces), and none of those features may read the parse's whole list (on a 1 MB document
 * that lexing blocked the server's main thread for about 300 ms under a hover).
 */
const samples = sampleFiles().map((f) => readFileSync(f, 'utf8'));

function damaged(text: string, seed: number): string {
  const r = prng(seed);
  let t = text;
  for (let i = 0; i < 3; i++) {
    const at = Math.floor(r() * (t.length + 1));
    const pick = ['(', ')', '{', '}', ',', '\n', '"', '/*', 'x = alloc_pages_node(2, ', '|'][Math.floor(r() * 10)];
    t = i === 0 ? (r() < 0.5 ? randomEdit(t, r) : triviaEdit(t, r)) : t.slice(0, at) + pick + t.slice(at);
  }
  return t;
}

/** every offset of a short text, else a seeded sample of 400 (and the text's ends) */
function offsets(text: string, seed: number): number[] {
  if (text.length <= 1500) return Array.from({ length: text.length + 1 }, (_, i) => i);
  const r = prng(seed);
  return [0, text.length, ...Array.from({ length: 400 }, () => Math.floor(r() * (text.length + 1)))];
}

/** a parse whose whole token list throws when read (the features under test must not read it) */
function guarded(stat: StaticAnalysis): StaticAnalysis {
  const parse: ParseResult = { ...stat.parse };
  Object.defineProperty(parse, 'tokens', { get: () => assert.fail('the whole token list was read') });
  return { ...stat, parse };
}

const ctxOf = (stat: StaticAnalysis): FeatureContext => ({ stat, design: designFor(stat), diagnostics: stat.diagnostics });

describe('tokens around the cursor (hover, signature help, completion)', function () {
  this.timeout(300000);

  const texts = [...samples, ...samples.map((t, i) => damaged(t, 1000 + i)), ...samples.map((t, i) => damaged(t, 5000 + i))];

  it('tokenNear and callSiteNear answer as the whole token list at every offset', () => {
    let checked = 0;
    texts.forEach((text, n) => {
      const stat = analyzeStatic(text);
      const whole = stat.parse.tokens;
      for (const o of offsets(text, n)) {
        assert.deepStrictEqual(tokenNear(stat.parse, o), tokenAt(whole, o), `text ${n}, offset ${o}: token`);
        assert.deepStrictEqual(callSiteNear(stat.parse, o), callSiteAt(whole, o), `text ${n}, offset ${o}: call site`);
        checked++;
      }
    });
    assert.ok(checked > 20000, `${checked} offsets`);
  });

  it('the window is exactly the whole lexing there (a window lexed one character late is caught)', () => {
    const text = samples[0];
    const stat = analyzeStatic(text);
    const whole = stat.parse.tokens;
    const at = text.indexOf('(') + 1;
    const near = tokensAround(stat.parse, at);
    const i = whole.findIndex((t) => t.span.start === near.from);
    assert.ok(i >= 0, 'the window starts at a token boundary');
    assert.deepStrictEqual(near.tokens, whole.slice(i, i + near.tokens.length));
    // the corruption: lexing from one character later splits the first token, and the answers differ somewhere
    const late = lexFrom(text, near.from + 1, near.tokens.at(-1)!.span.end).tokens;
    assert.notDeepStrictEqual(late, whole.slice(i, i + late.length));
  });

  it('hover, signature help and completion never read the whole token list', () => {
    for (const [n, text] of texts.slice(0, samples.length).entries()) {
      const stat = analyzeStatic(text);
      const safe = guarded(stat);
      for (const o of offsets(text, n).slice(0, 300)) {
        assert.deepStrictEqual(hoverAt(ctxOf(safe), o), hoverAt(ctxOf(stat), o), `sample ${n}, offset ${o}: hover`);
        assert.deepStrictEqual(signatureAt(ctxOf(safe), o), signatureAt(ctxOf(stat), o), `sample ${n}, offset ${o}: signature`);
      }
      for (const o of offsets(text, n).slice(0, 60)) assert.deepStrictEqual(completionsAt(ctxOf(safe), o), completionsAt(ctxOf(stat), o), `sample ${n}, offset ${o}: completion`);
    }
  });
});
