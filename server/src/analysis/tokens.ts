/** Token lookups over the lossless token stream. */
import { lexFrom } from '../syntax/lexer';
import { ParseResult } from '../syntax/parser';
import { Token } from '../syntax/tokens';

function isSignificant(t: Token): boolean {
  return t.kind !== 'whitespace' && t.kind !== 'newline' && t.kind !== 'eof';
}

/** Index of the last of `xs` (sorted by start) starting at or before offset; -1 when none does. */
function lastStartingBy(xs: readonly { span: { start: number } }[], offset: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid].span.start <= offset) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** Index of the last token starting at or before offset (0 when none does). */
export function tokenIndexAt(tokens: Token[], offset: number): number {
  return Math.max(0, lastStartingBy(tokens, offset));
}

/** The significant token under the cursor; a cursor just after a word finds the word. */
export function tokenAt(tokens: Token[], offset: number): Token | undefined {
  const i = tokenIndexAt(tokens, offset);
  const t = tokens[i];
  if (t && isSignificant(t) && offset >= t.span.start && offset < t.span.end) return t;
  const prev = tokens[t && t.span.start === offset ? i - 1 : i];
  if (prev && isSignificant(prev) && prev.span.end === offset) return prev;
  return t && isSignificant(t) && offset <= t.span.end ? t : undefined;
}

/**
 * The tokens around `offset`, trivia included: those of the top-level item it falls in, of the
 * item before and of the gap up to the next item, lexed from the text on demand. They are exactly
 * the whole lexing's tokens there: an item starts at a token boundary and the lexer keeps no state
 * between tokens (syntax/lexer.ts lexFrom). `from` is where the window starts (0: the text's start).
 *
 * Why: a parse keeps only the significant tokens and makes the whole list when a feature first
 * reads it (ADR 0019). A hover or a signature help needs a few tokens near the cursor; reading the
 * whole list lexed a 1 MB document on the server's main thread (about 300 ms, under a hover, while
 * every other request waited: hover p99 10 -> 590 ms in the bench's responsiveness section).
 */
export function tokensAround(parse: ParseResult, offset: number): { tokens: Token[]; from: number } {
  const items = parse.file.items;
  const k = lastStartingBy(items, offset);
  // from the item before (a token starting at offset looks at the one ending there)
  const from = k >= 1 ? items[k - 1].span.start : 0;
  const until = k + 1 < items.length ? items[k + 1].span.start : parse.text.length;
  return { tokens: lexFrom(parse.text, from, until).tokens, from };
}

/** The significant token under the cursor, from the tokens around it (tokensAround). */
export function tokenNear(parse: ParseResult, offset: number): Token | undefined {
  return tokenAt(tokensAround(parse, offset).tokens, offset);
}

/** A dashed word such as a diagnostic code (`gfp-private-oom`) around offset in raw text. */
export function dashedWordAt(text: string, offset: number): { start: number; end: number; word: string } | undefined {
  const re = /[A-Za-z0-9_.-]/;
  let s = offset;
  while (s > 0 && re.test(text[s - 1])) s--;
  let e = offset;
  while (e < text.length && re.test(text[e])) e++;
  return e > s ? { start: s, end: e, word: text.slice(s, e) } : undefined;
}
