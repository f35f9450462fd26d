import { Span } from '../common/span';

/**
 * Token kinds of the lossless token stream. Trivia (whitespace, comments) are
 * tokens too, so concatenating every token's text gives back the input exactly.
 * Newlines are their own kind: they end statements except inside ( ), [ ] and
 * node-set braces, which only the parser can tell apart from block braces.
 */
export type TokenKind =
  | 'whitespace'
  | 'newline'
  | 'lineComment'
  | 'blockComment'
  | 'ident'
  | 'int'
  | 'decimal'
  | 'size'
  | 'percent'
  | 'string'
  /** a number with a suffix that is not a unit (`4X`, `0x`): kept, reported */
  | 'badNumber'
  | 'punct'
  /** a character no rule accepts: kept, reported */
  | 'unknown'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** the exact source text */
  text: string;
  span: Span;
  /**
   * int/decimal: the number; size: bytes; percent: the number written before
   * `%` (60 for `60%`); string: the unescaped contents.
   */
  value?: number | string;
}

export function isTrivia(t: Token): boolean {
  return t.kind === 'whitespace' || t.kind === 'lineComment' || t.kind === 'blockComment';
}

/** Binary size units (language.md, tokens): K, M, G, T with optional `iB`/`B`, and a bare trailing `B`. */
export const SIZE_UNITS: Record<string, number> = {
  B: 1,
  K: 1024,
  M: 1024 ** 2,
  G: 1024 ** 3,
  T: 1024 ** 4,
};

/** Parses a unit suffix (`K`, `KiB`, `KB`, `B`, case-insensitive letter) to its multiplier. */
export function unitMultiplier(suffix: string): number | undefined {
  if (suffix === 'B') return 1;
  const rest = suffix.slice(1);
  if (rest !== '' && rest !== 'B' && rest !== 'iB') return undefined;
  const unit = suffix[0].toUpperCase();
  return unit === 'B' ? undefined : SIZE_UNITS[unit];
}
