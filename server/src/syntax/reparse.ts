import { Diagnostic } from '../common/diagnostics';
import { editBetween, ownStrings, withSpansShifted } from '../common/shiftSpans';
import { TopItem } from './ast';
import { lex, lexFrom } from './lexer';
import { itemAt, itemCount, itemSpan, lazyTokens, parseItems, ParseParts, ParseResult, partsOf, setParts, sortedDiagnostics } from './parser';
import { Cursor } from './parser/cursor';
import { spendSuggestionUnits, suggestionUnitsLeft } from './suggest';
import { Token } from './tokens';

/**
 * Incremental parsing (docs/adr/0017-incremental-front-end.md): the parse of an edited text made
 * from the parse of the text before the edit, re-lexing and re-parsing only the top-level items
 * around the edit. The result is the one `parse` gives from scratch (test/syntax/reparse.test.ts
 * replays random edit sequences and compares).
 *
 * Why it is exact:
 *  - The lexer keeps no state between tokens, and a token's extent depends only on the characters
 *    up to its end and the one after it. So tokens that end before the edit are unchanged, and from
 *    a token boundary in the common suffix on the tokens are the old ones moved.
 *  - The parser keeps no state between top-level items (the depth is 0 and the bail flag is reset
 *    at each), and parsing an item reads the tokens from its first one to where it stops, plus a
 *    few tokens of lookahead past its end (at most the next item's first three: `task` followed
 *    by `=`, a list continued on the next line). Items before the re-parsed ones are kept when the
 *    first four significant tokens of the first re-parsed item end before the edit.
 *  - Re-parsing stops after an item whose successor starts exactly where an old item in the
 *    common suffix starts (moved): from there on the tokens and the parser's state are the old
 *    ones, so the old items follow, moved. An edit that opens a brace, a string or a comment just
 *    runs the re-parse further (to the end of the file at worst).
 */
export interface Reparse {
  parse: ParseResult;
  /** the edit: the old text's [p, q) is the new text's [p, q + delta) */
  p: number;
  q: number;
  delta: number;
  /** items before `first` are the old ones (the same objects) */
  first: number;
  /** old items [first, oldEnd) were replaced by new items [first, newEnd); the rest are the old ones from oldEnd, moved by delta */
  oldEnd: number;
  newEnd: number;
}

/** test only: reuse the items after the edit without moving them (the equivalence test shows it is caught) */
export const reparseTestHooks = { unmoved: false };

/** significant tokens of an item's start that must be unchanged for the items before it to stand */
const LOOKAHEAD = 4;

/** The parse of `text`, made from `old` (the parse of an earlier version); undefined when `old` has no parts kept. */
export function reparse(old: ParseResult, text: string): Reparse | undefined {
  const parts = partsOf(old);
  if (!parts) return undefined;
  const budgeted = suggestionUnitsLeft() !== undefined;
  if (budgeted && !parts.itemSuggestionUnits) return undefined;
  const oldText = old.text;
  const n = parts.base.length;
  const startOf = (i: number): number => itemSpan(old, i).start;
  const { p, q, delta } = editBetween(oldText, text);

  const first = firstReparsed(old, p, startOf, n);
  const from = first === 0 ? 0 : startOf(first);
  // the first old item in the common suffix: where the re-parse may hand over
  const k0 = lowerBound(startOf, n, q);
  for (let reach = 1; ; reach *= 4) {
    const lastOld = Math.min(n, k0 + reach);
    const until = lastOld < n ? startOf(lastOld) + delta : text.length;
    const lexed = lexFrom(text, from, until);
    const complete = lexed.tokens.length > 0 && lexed.tokens[lexed.tokens.length - 1].kind === 'eof';
    const end = complete ? text.length : lexed.tokens.length ? lexed.tokens[lexed.tokens.length - 1].span.end : from;
    // a stand-in end of file: a parse that looks at it has read past what was lexed, and is redone over more
    const toks: Token[] = complete ? lexed.tokens : [...lexed.tokens, { kind: 'eof', text: '', span: { start: end, end } }];
    const c = new Cursor(text, toks);
    c.lastEnd = from;
    let k = k0;
    let handOver = -1;
    const ranOut = () => c.reachedEnd && !complete;
    const region = parseItems(c, () => {
      const at = c.peek().span.start;
      if (ranOut()) return true;
      while (k < n && startOf(k) + delta < at) k++;
      if (k < n && startOf(k) + delta === at) handOver = k;
      return handOver >= 0;
    });
    if (ranOut()) {
      // lexing up to the last item always reaches the end of the text (`complete`): never loops forever
      if (lastOld >= n) return undefined;
      continue;
    }
    // the re-parsed items outlive this version's text: their strings must not keep it alive
    ownStrings(region.items);
    ownStrings(region.itemDiagnostics);
    ownStrings(lexed.diagnostics);
    const oldEnd = handOver >= 0 ? handOver : n;
    const handAt = handOver >= 0 ? startOf(handOver) : oldText.length;
    // the items after the edit are the old ones, to be moved by delta when read (itemAt)
    const base: TopItem[] = [...parts.base.slice(0, first), ...region.items, ...parts.base.slice(oldEnd)];
    const newEnd = first + region.items.length;
    const oldMoved = (i: number): number => parts.moved?.[i] ?? 0;
    const moved: number[] = new Array(base.length);
    for (let i = 0; i < first; i++) moved[i] = oldMoved(i);
    for (let i = first; i < newEnd; i++) moved[i] = 0;
    for (let i = oldEnd; i < n; i++) moved[newEnd + i - oldEnd] = oldMoved(i) + (reparseTestHooks.unmoved ? 0 : delta);
    const itemDiagnostics: Diagnostic[][] = [...parts.itemDiagnostics.slice(0, first), ...region.itemDiagnostics];
    for (let i = oldEnd; i < n; i++) itemDiagnostics.push(parts.itemDiagnostics[i].length ? withSpansShifted(parts.itemDiagnostics[i], delta) : []);
    const lexDiagnostics = [
      ...parts.lexDiagnostics.filter((d) => d.span.start < from),
      ...lexed.diagnostics.filter((d) => d.span.start < handAt + delta),
      ...withSpansShifted(
        parts.lexDiagnostics.filter((d) => d.span.start >= handAt),
        delta,
      ),
    ];
    let itemSuggestionUnits: number[] | undefined;
    if (budgeted && parts.itemSuggestionUnits && region.itemSuggestionUnits) {
      const kept = [...parts.itemSuggestionUnits.slice(0, first), ...parts.itemSuggestionUnits.slice(oldEnd)];
      // the reused items spend what they spent: the budget runs out where it would from scratch
      spendSuggestionUnits(kept.reduce((a, b) => a + b, 0));
      itemSuggestionUnits = [...parts.itemSuggestionUnits.slice(0, first), ...region.itemSuggestionUnits, ...parts.itemSuggestionUnits.slice(oldEnd)];
    }
    // `tokens` keeps its place among the keys (a parse from scratch serialises in this order)
    // the tokens are made (a whole lexing, the same tokens as a parse from scratch) when a feature first
    // reads them: the simulation worker never does, and moving the old ones would cost more than the re-parse
    const parse = lazyTokens({ file: { kind: 'File', items: [], span: { start: 0, end: text.length } }, tokens: [], diagnostics: sortedDiagnostics(lexDiagnostics, itemDiagnostics), text }, lexerOf(text));
    const newParts: ParseParts = { lexDiagnostics, itemDiagnostics, ...(itemSuggestionUnits ? { itemSuggestionUnits } : {}), base, moved };
    setParts(parse, newParts);
    lazyItems(parse);
    return { parse, p, q, delta, first, oldEnd, newEnd };
  }
}

/**
 * The lexing of `text` as a thunk, made outside `reparse`: V8 gives the closures of one function
 * one shared context, so a thunk made there would hold everything its siblings capture, `old`
 * among them, and with it the parse before, whose own thunk holds the one before: nothing reads
 * the tokens in the simulation worker, so every version of an edited document stayed in memory
 * (its live heap grew 20 -> 212 MiB over the bench's 1,000 edits, 2026-12-05).
 */
function lexerOf(text: string): () => Token[] {
  return () => lex(text).tokens;
}

/**
 * The first item to re-parse for an edit at `p`: the last item starting before p whose first
 * LOOKAHEAD significant tokens all end before p (the items before it never read past those), or 0.
 */
function firstReparsed(old: ParseResult, p: number, startOf: (i: number) => number, n: number): number {
  for (let i = lowerBound(startOf, n, p) - 1; i > 0; i--) {
    const start = startOf(i);
    let seen = 0;
    for (const t of lexFrom(old.text, start, p, false).tokens) {
      if (t.kind === 'eof' || t.span.end >= p) break;
      if (++seen === LOOKAHEAD) return i;
    }
  }
  return 0;
}

/** the index of the first item starting at or after `offset` */
function lowerBound(startOf: (i: number) => number, n: number, offset: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (startOf(mid) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `file.items` of a re-parsed text: every item's moved copy is made when the list is first read */
function lazyItems(p: ParseResult): void {
  let items: TopItem[] | undefined;
  Object.defineProperty(p.file, 'items', {
    enumerable: true,
    configurable: true,
    get: () => {
      if (!items) {
        const n = itemCount(p);
        items = new Array(n);
        for (let i = 0; i < n; i++) items[i] = itemAt(p, i);
      }
      return items;
    },
    set: (v: TopItem[]) => void (items = v),
  });
}
