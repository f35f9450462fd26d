import { Diagnostic, diag } from '../common/diagnostics';
import { Token, TokenKind, unitMultiplier } from './tokens';

/**
 * The lexer (language.md, tokens). Lossless: every character of the input belongs to
 * exactly one token, trivia included, and the last token is a zero-width `eof`.
 * It never throws; unterminated strings/comments and malformed numbers become
 * `syntax` diagnostics and still produce a token covering their text.
 */
export interface LexResult {
  tokens: Token[];
  diagnostics: Diagnostic[];
}

const HEX = /0[xX][0-9A-Fa-f]*/y;
const DEC = /[0-9]+(\.[0-9]+)?/y;
const TAIL = /[A-Za-z0-9_.]*/y;
const PUNCT2 = new Set(['==', '!=', '<=', '>=']);
/** one-character punctuation, by character code */
const PUNCT1: boolean[] = [];
for (const ch of '(){}[],;=|:-<>+*/%.!&') PUNCT1[ch.charCodeAt(0)] = true;

/** space, tab, vertical tab, form feed, no-break space, BOM */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff;
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 46;
}

function matchAt(re: RegExp, text: string, pos: number): string | undefined {
  re.lastIndex = pos;
  const m = re.exec(text);
  return m ? m[0] : undefined;
}

export function lex(text: string): LexResult {
  return lexFrom(text, 0, text.length);
}

/**
 * The significant tokens only (newlines and the `eof` included, whitespace and comments left
 * out), with every diagnostic the whole lexing reports: what the parser reads. `parse` makes the
 * whole token list only when a feature reads it (syntax/parser.ts).
 */
export function lexSignificant(text: string): LexResult {
  return lexFrom(text, 0, text.length, false);
}

/**
 * Lexes `text` from `from` (which must be a token boundary of the whole text's lexing, as 0 is)
 * up to the first token boundary at or after `until`; the zero-width `eof` comes last only when
 * the end of the text was reached. The lexer keeps no state between tokens and a token's extent
 * depends only on the characters up to its end and the one after it, so these are exactly the
 * tokens (and diagnostics) the whole text's lexing has there (the incremental parser re-lexes an
 * edited region this way: syntax/reparse.ts). Without `trivia`, whitespace and comments are
 * lexed (and reported) but make no token.
 *
 * One loop with no closure over the position (a `push` helper closing over `pos` kept it in a
 * context slot, read and written on every token).
 */
export function lexFrom(text: string, from: number, until: number, trivia = true): LexResult {
  const tokens: Token[] = [];
  const diagnostics: Diagnostic[] = [];
  const n = text.length;
  let pos = from;

  while (pos < n && pos < until) {
    const c = text.charCodeAt(pos);
    // newlines: \r\n, \n, \r
    if (c === 10) {
      tokens.push(token('newline', text, pos, pos + 1));
      pos++;
      continue;
    }
    if (c === 13) {
      const end = text.charCodeAt(pos + 1) === 10 ? pos + 2 : pos + 1;
      tokens.push(token('newline', text, pos, end));
      pos = end;
      continue;
    }
    if (isSpace(c)) {
      let end = pos + 1;
      while (end < n && isSpace(text.charCodeAt(end))) end++;
      if (trivia) tokens.push(token('whitespace', text, pos, end));
      pos = end;
      continue;
    }
    if (c === 47 /* / */ && text.charCodeAt(pos + 1) === 47) {
      let end = pos + 2;
      while (end < n && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
      if (trivia) tokens.push(token('lineComment', text, pos, end));
      pos = end;
      continue;
    }
    if (c === 47 && text.charCodeAt(pos + 1) === 42 /* * */) {
      const close = text.indexOf('*/', pos + 2);
      let end = close + 2;
      if (close < 0) {
        diagnostics.push(diag('syntax', { start: pos, end: n }, 'unterminated block comment: `/*` has no closing `*/`'));
        end = n;
      }
      if (trivia) tokens.push(token('blockComment', text, pos, end));
      pos = end;
      continue;
    }
    if (c === 34 /* " */) {
      const t = lexString(text, pos, diagnostics);
      tokens.push(t);
      pos = t.span.end;
      continue;
    }
    if (c >= 48 && c <= 57) {
      // fast path: a plain decimal integer
      let end = pos + 1;
      let value = c - 48;
      while (end < n) {
        const d = text.charCodeAt(end);
        if (d < 48 || d > 57) break;
        value = value * 10 + (d - 48);
        end++;
      }
      const next = end < n ? text.charCodeAt(end) : 0;
      let t: Token | undefined;
      if (end - pos < 16) {
        if (!isIdentPart(next) && next !== 37 /* % */) t = valued('int', text, pos, end, value);
        // a size (`4M`, `64GiB`): digits then a unit, what lexNumber makes of them without its
        // regular expressions (not `0x…`, a hex number; not `1.5G`, a decimal one)
        else if (isIdentStart(next) && !(end === pos + 1 && c === 48 && (next === 120 || next === 88))) {
          let tailEnd = end + 1;
          while (tailEnd < n && isIdentPart(text.charCodeAt(tailEnd))) tailEnd++;
          const mult = unitMultiplier(text.slice(end, tailEnd));
          if (mult !== undefined) t = valued('size', text, pos, tailEnd, Math.round(value * mult));
        }
      }
      t ??= lexNumber(text, pos, diagnostics);
      tokens.push(t);
      pos = t.span.end;
      continue;
    }
    if (isIdentStart(c)) {
      let end = pos + 1;
      while (end < n && isIdentPart(text.charCodeAt(end))) end++;
      tokens.push(token('ident', text, pos, end));
      pos = end;
      continue;
    }
    if (text.charCodeAt(pos + 1) === 61 /* = */ && PUNCT2.has(text.slice(pos, pos + 2))) {
      tokens.push(token('punct', text, pos, pos + 2));
      pos += 2;
      continue;
    }
    if (c < 128 && PUNCT1[c]) {
      tokens.push(token('punct', text, pos, pos + 1));
      pos++;
      continue;
    }
    // one code point (keep surrogate pairs together so spans stay on character boundaries)
    const cp = text.codePointAt(pos) ?? c;
    const end = pos + (cp > 0xffff ? 2 : 1);
    tokens.push(token('unknown', text, pos, end));
    pos = end;
  }
  if (pos >= n) tokens.push({ kind: 'eof', text: '', span: { start: n, end: n } });
  return { tokens, diagnostics };
}

function token(kind: TokenKind, text: string, start: number, end: number): Token {
  return { kind, text: text.slice(start, end), span: { start, end } };
}

function valued(kind: TokenKind, text: string, start: number, end: number, value: number | string): Token {
  return { kind, text: text.slice(start, end), span: { start, end }, value };
}

function lexString(text: string, start: number, diagnostics: Diagnostic[]): Token {
  let i = start + 1;
  let value = '';
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') return valued('string', text, start, i + 1, value);
    if (ch === '\n' || ch === '\r') break;
    if (ch === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
      value += text[i + 1];
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  diagnostics.push(diag('syntax', { start, end: i }, 'unterminated string: missing closing `"` before the end of the line'));
  return valued('string', text, start, i, value);
}

/**
 * A number starting at `start`, by regular expressions: every spelling (hex, decimals, percentages,
 * sizes, bad suffixes with their diagnostic). lexFrom reads plain integers and sizes without it;
 * exported for the test that compares the two.
 */
export function lexNumber(text: string, start: number, diagnostics: Diagnostic[]): Token {
  const hex = matchAt(HEX, text, start);
  let numEnd: number;
  let value: number;
  let isDecimal = false;
  if (hex) {
    numEnd = start + hex.length;
    value = hex.length > 2 ? parseInt(hex.slice(2), 16) : NaN;
  } else {
    const dec = matchAt(DEC, text, start)!;
    numEnd = start + dec.length;
    isDecimal = dec.includes('.');
    value = Number(dec);
  }
  const tail = matchAt(TAIL, text, numEnd) ?? '';
  const tailEnd = numEnd + tail.length;
  if (Number.isNaN(value)) {
    diagnostics.push(diag('syntax', { start, end: tailEnd }, `malformed hex number \`${text.slice(start, tailEnd)}\`: no digits after 0x`));
    return valued('badNumber', text, start, tailEnd, 0);
  }
  if (tail === '') {
    if (text[numEnd] === '%') return valued('percent', text, start, numEnd + 1, value);
    return valued(isDecimal ? 'decimal' : 'int', text, start, numEnd, value);
  }
  const mult = unitMultiplier(tail);
  if (mult !== undefined) {
    return valued('size', text, start, tailEnd, Math.round(value * mult));
  }
  diagnostics.push(
    diag('syntax', { start, end: tailEnd }, `malformed number \`${text.slice(start, tailEnd)}\`: \`${tail}\` is not a size unit (K, M, G, T, KiB, MiB, GiB, TiB, B)`),
  );
  return valued('badNumber', text, start, tailEnd, value);
}
