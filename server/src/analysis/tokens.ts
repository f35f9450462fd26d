/** Token lookups over the lossless token stream. */
import { Token } from '../syntax/tokens';

function isSignificant(t: Token): boolean {
  return t.kind !== 'whitespace' && t.kind !== 'newline' && t.kind !== 'eof';
}

/** Index of the last token starting at or before offset. */
export function tokenIndexAt(tokens: Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  let best = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].span.start <= offset) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
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

/** A dashed word such as a diagnostic code (`gfp-private-oom`) around offset in raw text. */
export function dashedWordAt(text: string, offset: number): { start: number; end: number; word: string } | undefined {
  const re = /[A-Za-z0-9_.-]/;
  let s = offset;
  while (s > 0 && re.test(text[s - 1])) s--;
  let e = offset;
  while (e < text.length && re.test(text[e])) e++;
  return e > s ? { start: s, end: e, word: text.slice(s, e) } : undefined;
}
