import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lex, lexNumber, lexSignificant } from '../../server/src/syntax/lexer';
import { Diagnostic } from '../../server/src/common/diagnostics';
import { parse } from '../../server/src/syntax/parser';
import { Token } from '../../server/src/syntax/tokens';
import { prng as rng } from '../../server/src/mm/machine';
import { outsideFiles } from '../outside';

function joined(tokens: Token[]): string {
  return tokens.map((t) => t.text).join('');
}

function assertLossless(text: string): Token[] {
  const { tokens } = lex(text);
  assert.strictEqual(joined(tokens), text);
  let at = 0;
  for (const t of tokens) {
    assert.strictEqual(t.span.start, at, `token ${JSON.stringify(t.text)} starts at ${t.span.start}, expected ${at}`);
    assert.strictEqual(text.slice(t.span.start, t.span.end), t.text);
    at = t.span.end;
  }
  assert.strictEqual(tokens[tokens.length - 1].kind, 'eof');
  return tokens;
}

const significant = (text: string) => lex(text).tokens.filter((t) => !['whitespace', 'newline', 'eof', 'lineComment', 'blockComment'].includes(t.kind));

describe('lexer', () => {
  it('is lossless on every fixture and conformance scenario', () => {
    // the outside scenarios join the corpus when they are beside the checkout (test/outside.ts)
    const dir = path.resolve(__dirname, '../fixtures/parser');
    const files = [...fs.readdirSync(dir).filter((x) => x.endsWith('.mmlab')).map((f) => path.join(dir, f)), ...outsideFiles()];
    for (const f of files) assertLossless(fs.readFileSync(f, 'utf8'));
    assert.ok(files.length > 40, `${files.length} files`);
  });

  it('is lossless on random text (seeded property check, 2000 inputs)', () => {
    const next = rng(0xc0ffee);
    const alphabet = ['a', 'Z', '_', '.', '0', '9', 'x', 'K', 'G', 'i', 'B', '%', '"', '\\', '/', '*', '{', '}', '(', ')', '[', ']', ',', ';', '=', '|', ':', '-', '<', '>', '!', ' ', '\t', '\n', '\r', '\r\n', '€', '😀', '\u0000', '#'];
    for (let i = 0; i < 2000; i++) {
      const len = Math.floor(next() * 60);
      let s = '';
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(next() * alphabet.length)];
      assertLossless(s);
    }
  });

  it('lexes the significant tokens (what the parser reads) exactly as the whole lexing has them, with the same diagnostics; a parse lexes its whole list on demand', () => {
    // the parser reads lexSignificant's tokens and a parse makes `tokens` when first read: both
    // must be what the whole lexing gives (seeded inputs full of comments, strings and broken numbers)
    const next = rng(0x5eed);
    const alphabet = ['a', 'x', '_', '.', '0', '9', 'K', 'G', 'iB', '%', '"', '\\', '/', '*', '//', '/*', '*/', '{', '}', '(', ')', ',', '=', '==', '|', '-', ' ', '  ', '\t', '\n', '\r', '\r\n', '€', '😀', '\u00a0'];
    const trivia = ['whitespace', 'lineComment', 'blockComment'];
    const inputs = [...Array.from({ length: 1500 }, () => Array.from({ length: Math.floor(next() * 80) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('')), fs.readFileSync(path.resolve(__dirname, '../fixtures/parser/c01-unknown-names.mmlab'), 'utf8')];
    let compared = 0;
    for (const text of inputs) {
      const whole = lex(text);
      const sig = lexSignificant(text);
      assert.deepStrictEqual(sig.tokens, whole.tokens.filter((t) => !trivia.includes(t.kind)), JSON.stringify(text));
      assert.deepStrictEqual(sig.diagnostics, whole.diagnostics, JSON.stringify(text));
      assert.deepStrictEqual(parse(text).tokens, whole.tokens, JSON.stringify(text));
      compared += whole.tokens.length - sig.tokens.length;
    }
    assert.ok(compared > 4000, `${compared} trivia tokens left out`);
  });

  it('reads plain integers and sizes without regular expressions exactly as lexNumber reads any number (seeded, 20,000 inputs)', () => {
    // lexFrom's fast paths (an integer, digits then a unit) against the general reader, token and diagnostics
    const next = rng(0x512e);
    const heads = ['0', '1', '4', '9', '00', '12', '4096', '123456789012345', '1234567890123456', '99999999999999999'];
    const tails = ['', 'K', 'k', 'KiB', 'KB', 'kB', 'Ki', 'M', 'MiB', 'G', 'GiB', 'T', 'TB', 'B', 'b', 'bB', 'iB', 'x', 'X', 'xB', 'x1f', 'Kx', 'K1', 'K_', 'M.', '.5G', '.', '%', 'Q', '_', 'KiBB', 'Gi'];
    const after = ['', ' ', ')', ',', '\n', '%', '.', 'K', '(', '"'];
    let sizes = 0;
    for (let i = 0; i < 20_000; i++) {
      const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)];
      const text = pick(heads) + pick(tails) + pick(after);
      const fast = lex(text);
      const slowDiagnostics: Diagnostic[] = [];
      const slow = lexNumber(text, 0, slowDiagnostics);
      assert.deepStrictEqual(fast.tokens[0], slow, JSON.stringify(text));
      assert.deepStrictEqual(fast.diagnostics.filter((d) => d.span.start === 0), slowDiagnostics, JSON.stringify(text));
      if (slow.kind === 'size') sizes++;
    }
    assert.ok(sizes > 3000, `${sizes} sizes`);
  });

  it('reads sizes in bytes with every unit spelling', () => {
    const sizes = significant('4K 4KiB 4KB 1M 2G 1T 1GiB 3MiB 512B 1.5G 4k');
    assert.deepStrictEqual(
      sizes.map((t) => [t.kind, t.value]),
      [
        ['size', 4096], ['size', 4096], ['size', 4096], ['size', 1 << 20], ['size', 2 * 2 ** 30], ['size', 2 ** 40],
        ['size', 2 ** 30], ['size', 3 * 2 ** 20], ['size', 512], ['size', 1.5 * 2 ** 30], ['size', 4096],
      ],
    );
  });

  it('reads integers, hex, decimals and percentages', () => {
    const toks = significant('42 0xdeadbeef 2.5 60% 12.5%');
    assert.deepStrictEqual(toks.map((t) => [t.kind, t.value]), [['int', 42], ['int', 0xdeadbeef], ['decimal', 2.5], ['percent', 60], ['percent', 12.5]]);
  });

  it('reads identifiers with dots and underscores, and two-character operators', () => {
    const toks = significant('kernel.numa_balancing __GFP_PRIVATE == != <= >= < >');
    assert.deepStrictEqual(toks.map((t) => t.text), ['kernel.numa_balancing', '__GFP_PRIVATE', '==', '!=', '<=', '>=', '<', '>']);
    assert.deepStrictEqual(toks.map((t) => t.kind), ['ident', 'ident', 'punct', 'punct', 'punct', 'punct', 'punct', 'punct']);
  });

  it('unescapes \\" and \\\\ in strings', () => {
    const [s] = significant('"a \\"b\\" c\\\\d"');
    assert.strictEqual(s.kind, 'string');
    assert.strictEqual(s.value, 'a "b" c\\d');
  });

  it('keeps comments as trivia tokens', () => {
    const { tokens } = lex('a // line\n/* block\n */b');
    assert.deepStrictEqual(tokens.map((t) => t.kind), ['ident', 'whitespace', 'lineComment', 'newline', 'blockComment', 'ident', 'eof']);
  });

  it('treats \\n, \\r\\n and \\r each as one newline token', () => {
    const { tokens } = lex('a\r\nb\rc\n');
    assert.deepStrictEqual(tokens.filter((t) => t.kind === 'newline').map((t) => t.text), ['\r\n', '\r', '\n']);
  });

  it('reports an unterminated string and stops it at the end of the line', () => {
    const r = lex('"abc\nnext');
    assert.strictEqual(r.diagnostics.length, 1);
    assert.strictEqual(r.diagnostics[0].code, 'syntax');
    assert.match(r.diagnostics[0].message, /unterminated string/);
    assert.deepStrictEqual(r.tokens.map((t) => t.kind), ['string', 'newline', 'ident', 'eof']);
  });

  it('reports an unterminated block comment running to the end of the file', () => {
    const r = lex('a /* never closed\nb');
    assert.strictEqual(r.diagnostics.length, 1);
    assert.match(r.diagnostics[0].message, /unterminated block comment/);
    assert.deepStrictEqual(r.diagnostics[0].span, { start: 2, end: 19 });
  });

  it('reports a number with a bad suffix, keeping one token for it', () => {
    const r = lex('4X 0x');
    assert.deepStrictEqual(r.tokens.map((t) => [t.kind, t.text]), [['badNumber', '4X'], ['whitespace', ' '], ['badNumber', '0x'], ['eof', '']]);
    assert.strictEqual(r.diagnostics.length, 2);
  });

  it('keeps surrogate pairs in one unknown token', () => {
    const r = lex('😀');
    assert.deepStrictEqual(r.tokens.map((t) => [t.kind, t.text]), [['unknown', '😀'], ['eof', '']]);
  });
});
