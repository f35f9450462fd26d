import { Diagnostic } from '../common/diagnostics';
import { withSpansShifted } from '../common/shiftSpans';
import { shiftedSpan } from '../common/span';
import { SourceFile, TopItem } from './ast';
import { lex, lexSignificant } from './lexer';
import { Cursor } from './parser/cursor';
import { parseTopItem } from './parser/declarations';
import { suggestionUnitsLeft } from './suggest';
import { Token } from './tokens';

/**
 * Entry point of the syntax layer: text -> lossless tokens + syntax tree +
 * `syntax` diagnostics. Never throws; a statement that does not parse becomes an
 * `Error` node and parsing resumes at the next statement. Linear in the input.
 */
export interface ParseResult {
  file: SourceFile;
  /** every token, trivia included: their texts concatenate to the input */
  tokens: Token[];
  diagnostics: Diagnostic[];
  /** the parsed text (lowering slices statement texts from it) */
  text: string;
}

/**
 * What the incremental parser (syntax/reparse.ts) needs of a parse besides its result, kept
 * beside it (not in it: a ParseResult is plain data that tests and features compare). Every
 * array is parallel to `file.items`.
 */
export interface ParseParts {
  /** the lexer's diagnostics, in text order */
  lexDiagnostics: Diagnostic[];
  /** the parser's diagnostics of each item, in the order the parser reported them */
  itemDiagnostics: Diagnostic[][];
  /** "did you mean" units each item's parse spent (syntax/suggest.ts), undefined when no budget was active */
  itemSuggestionUnits?: number[];
  /**
   * the items as kept: item i is `base[i]` with every position moved by `moved[i]` (absent: 0).
   * A re-parse reuses the items after the edit without copying them; `file.items` (and `itemAt`)
   * make the moved copies when first read, so the simulation worker, which reads only the
   * re-parsed items' trees, never pays for them.
   */
  base: TopItem[];
  moved?: number[];
}

const parts = new WeakMap<ParseResult, ParseParts>();

export function partsOf(p: ParseResult): ParseParts | undefined {
  return parts.get(p);
}

export function setParts(p: ParseResult, x: ParseParts): void {
  parts.set(p, x);
}

export function forgetParts(p: ParseResult): void {
  parts.delete(p);
}

/** how many top-level items (without making the moved copies) */
export function itemCount(p: ParseResult): number {
  return parts.get(p)?.base.length ?? p.file.items.length;
}

export function itemKind(p: ParseResult, i: number): TopItem['kind'] {
  return (parts.get(p)?.base ?? p.file.items)[i].kind;
}

/** item i's span, without making its moved copy */
export function itemSpan(p: ParseResult, i: number): { start: number; end: number } {
  const x = parts.get(p);
  if (!x) return p.file.items[i].span;
  const m = x.moved?.[i] ?? 0;
  return shiftedSpan(x.base[i].span, m);
}

/** item i's tree (its moved copy is made once, here or by `file.items`) */
export function itemAt(p: ParseResult, i: number): TopItem {
  const x = parts.get(p);
  if (!x) return p.file.items[i];
  const m = x.moved?.[i] ?? 0;
  if (m !== 0) {
    x.base[i] = withSpansShifted(x.base[i], m);
    x.moved![i] = 0;
  }
  return x.base[i];
}

/**
 * The parser reads only the significant tokens; the whole list (trivia included) is lexed again
 * when a feature first reads `tokens` (the simulation worker never does, nor does the CLI's check):
 * the tokens were half of what a parse kept, and every scavenge during the analysis copied them.
 */
export function parse(text: string): ParseResult {
  const lexed = lexSignificant(text);
  const c = new Cursor(text, lexed.tokens, true);
  const { items, itemDiagnostics, itemSuggestionUnits } = parseItems(c);
  const result = lazyTokens({ file: { kind: 'File', items, span: { start: 0, end: text.length } }, tokens: [], diagnostics: sortedDiagnostics(lexed.diagnostics, itemDiagnostics), text }, () => lex(text).tokens);
  parts.set(result, { lexDiagnostics: lexed.diagnostics, itemDiagnostics, ...(itemSuggestionUnits ? { itemSuggestionUnits } : {}), base: items });
  return result;
}

/**
 * The top-level loop: items until the end of the cursor's tokens (or until `stop` says so, after an
 * item: the incremental parser stops where the old parse takes over again), with each item's own
 * diagnostics and suggestion units.
 */
export function parseItems(c: Cursor, stop?: () => boolean): { items: TopItem[]; itemDiagnostics: Diagnostic[][]; itemSuggestionUnits?: number[] } {
  const items: TopItem[] = [];
  const itemDiagnostics: Diagnostic[][] = [];
  const units: number[] | undefined = suggestionUnitsLeft() === undefined ? undefined : [];
  for (;;) {
    while (c.atKind('newline') || c.atPunct(';')) c.next();
    if (c.atKind('eof') || stop?.()) break;
    const before = c.pos;
    const diagsBefore = c.diagnostics.length;
    const left = units ? suggestionUnitsLeft()! : 0;
    c.bailing = false;
    items.push(parseTopItem(c));
    if (c.pos === before) c.next(); // defensive: always make progress
    itemDiagnostics.push(c.diagnostics.slice(diagsBefore));
    if (units) units.push(left - suggestionUnitsLeft()!);
  }
  return units ? { items, itemDiagnostics, itemSuggestionUnits: units } : { items, itemDiagnostics };
}

/** the lexer's diagnostics then the parser's, by position (a stable sort: equal positions keep that order) */
export function sortedDiagnostics(lexDiagnostics: Diagnostic[], itemDiagnostics: Diagnostic[][]): Diagnostic[] {
  return [...lexDiagnostics, ...itemDiagnostics.flat()].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

/**
 * `tokens` made by `make` when first read (a parse keeps them out of the way of the analysis; a
 * re-parse lexes the new text whole: syntax/reparse.ts). The key keeps its place among the keys,
 * so a lazy parse serialises as one made eagerly.
 */
export function lazyTokens(r: ParseResult, make: () => Token[]): ParseResult {
  let tokens: Token[] | undefined;
  Object.defineProperty(r, 'tokens', {
    enumerable: true,
    configurable: true,
    get: () => (tokens ??= make()),
    set: (v: Token[]) => void (tokens = v),
  });
  return r;
}
