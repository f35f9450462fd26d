/**
 * Formatting over the lossless token stream: canonical indentation (one level
 * per block, one more for a continued line) and spacing, at most one blank line
 * in a row, no trailing whitespace, one final newline. Lines are never joined or
 * split and comments are copied verbatim, so nothing the user wrote is lost; as a
 * guard, the result must have exactly the same significant tokens and comments
 * as the input, else no edit is returned.
 */
import { lex } from '../syntax/lexer';
import { Token } from '../syntax/tokens';
import { FeatureContext, TextEditData } from './context';

export interface FormatOptions {
  tabSize: number;
  insertSpaces: boolean;
}

/**
 * Indentation stops growing at this many levels (and tabSize at MAX_TAB_SIZE): the output of N
 * unclosed blocks stays linear in N, where full indentation is quadratic (27,000 unclosed
 * `task t {` lines were 730 million spaces, past the longest string V8 makes). Capping keeps the
 * result idempotent: every line deeper than the cap gets the same indentation on every pass.
 */
export const MAX_INDENT_DEPTH = 64;
const MAX_TAB_SIZE = 32;
/** ... and at this many characters: 64 levels of 32 spaces would be 2,048 characters on every deep line */
export const MAX_INDENT_WIDTH = 256;

/**
 * The formatted text may be at most this long. Capped indentation still multiplies a document
 * of short lines (600 KB of one-character lines under 64 open blocks with tabSize 32 was 2,048
 * characters of indentation per line, 1.2 billion in all: `RangeError: Invalid string length`,
 * logged by the server as a failed request). No hand-written file comes near 16 times its own
 * size, so past this bound formatting is refused with a message (issue 17); the formatter stops
 * there, so its work stays linear in the document.
 */
export function maxFormattedLength(inputLength: number): number {
  return 16 * inputLength + (1 << 20);
}

export type FormatResult = { text: string; refused?: undefined } | { refused: string; text?: undefined };

const BLOCK_HEADS = /^(task|kernel|driver|design|device|repeat|memalloc_private|memalloc_folio|interrupt|for_each_node|for_each_online_node|for_each_node_state)\b/;

function tight(prev: Token, next: Token, st: { paren: number; bracket: number; setDepth: number; nodeLine: boolean; prevPrev?: Token }): boolean {
  const p = prev.kind === 'punct' ? prev.text : '';
  const n = next.kind === 'punct' ? next.text : '';
  // never glue tokens that would lex as one (`= =` -> `==`, `/ /` -> a comment)
  if (p && n && (['==', '!=', '<=', '>=', '//', '/*'].includes(p + n) || ['==', '!=', '<=', '>='].includes(p + n[0]))) return false;
  if (prev.kind !== 'punct' && next.kind !== 'punct' && prev.kind !== 'string' && next.kind !== 'string') return false;
  if (n === ',' || n === ';' || n === ')' || n === ']') return true;
  if (p === '(' || p === '[') return true;
  if (n === '(' ) return prev.kind === 'ident';
  if (n === '[') return prev.kind === 'ident';
  if (p === ':' || n === ':') return st.bracket > 0;
  if (p === '-' || n === '-') return true;
  if (p === '!') return true;
  if (p === '=' || n === '=') return st.paren > 0 || st.nodeLine;
  if (p === '{') return st.setDepth > 0;
  if (n === '}') return st.setDepth > 0;
  return false;
}

/** The formatted text; the document itself when formatting is refused (see formatDocument). */
export function formatText(text: string, opts: FormatOptions): string {
  return formatDocument(text, opts).text ?? text;
}

/** The formatted text, or why formatting is refused (the result would pass maxFormattedLength). */
export function formatDocument(text: string, opts: FormatOptions): FormatResult {
  const limit = maxFormattedLength(text.length);
  let length = 0;
  const tokens = lex(text).tokens;
  const tabSize = Number.isFinite(opts.tabSize) ? Math.min(MAX_TAB_SIZE, Math.max(1, Math.floor(opts.tabSize))) : 4;
  const unit = opts.insertSpaces ? ' '.repeat(tabSize) : '\t';
  const maxLevels = Math.min(MAX_INDENT_DEPTH, Math.floor(MAX_INDENT_WIDTH / unit.length));
  const lines: Token[][] = [[]];
  for (const t of tokens) {
    if (t.kind === 'eof') break;
    if (t.kind === 'newline') lines.push([]);
    else lines[lines.length - 1].push(t);
  }
  const out: string[] = [];
  let depth = 0; // block braces
  let paren = 0;
  let bracket = 0;
  const braceStack: boolean[] = []; // true = node-set brace
  let setBraces = 0; // node-set braces on braceStack, counted on push/pop (recounting per token is quadratic)
  let continued = false;
  let blank = 0;
  let openComment = false;
  for (const line of lines) {
    const sig = line.filter((t) => t.kind !== 'whitespace');
    if (!sig.length) {
      blank++;
      continue;
    }
    if (out.length && blank > 0) out.push('');
    blank = 0;
    // leading closers dedent this line
    let lead = 0;
    for (const t of sig) {
      if (t.kind === 'punct' && t.text === '}' && braceStack.length && !braceStack[braceStack.length - 1 - lead]) lead++;
      else break;
    }
    const inParens = paren > 0 || bracket > 0;
    const indent = Math.max(0, depth - lead) + (continued || inParens ? 1 : 0);
    const firstText = sig[0].text;
    const nodeLine = firstText === 'node' || firstText === 'cgroup';
    const isBlockHead = BLOCK_HEADS.test(firstText);
    let s = unit.repeat(Math.min(indent, maxLevels));
    let prev: Token | undefined;
    let wsBefore = false;
    for (const t of line) {
      if (t.kind === 'whitespace') {
        wsBefore = true;
        continue;
      }
      if (prev) {
        if (t.kind === 'lineComment' || t.kind === 'blockComment') s += wsBefore ? ' ' : prev.kind === 'blockComment' ? '' : ' ';
        else if (prev.kind === 'blockComment') s += wsBefore ? ' ' : '';
        else if (!tight(prev, t, { paren, bracket, setDepth: setBraces, nodeLine })) s += ' ';
      }
      s += t.text;
      wsBefore = false;
      if (t.kind === 'punct') {
        switch (t.text) {
          case '(':
            paren++;
            break;
          case ')':
            paren = Math.max(0, paren - 1);
            break;
          case '[':
            bracket++;
            break;
          case ']':
            bracket = Math.max(0, bracket - 1);
            break;
          case '{': {
            const isSet = paren > 0 || bracket > 0 || (!isBlockHead && prev !== undefined && !(prev.kind === 'punct' && prev.text === ')'));
            braceStack.push(isSet);
            if (isSet) setBraces++;
            if (!isSet) depth++;
            break;
          }
          case '}': {
            const isSet = braceStack.pop();
            if (isSet) setBraces--;
            if (isSet === false) depth = Math.max(0, depth - 1);
            break;
          }
        }
      }
      prev = t;
    }
    const lastSig = [...sig].reverse().find((t) => t.kind !== 'lineComment' && t.kind !== 'blockComment');
    continued = !!lastSig && lastSig.kind === 'punct' && (lastSig.text === '|' || lastSig.text === ',') && paren === 0 && bracket === 0 && setBraces === 0;
    const lastTok = sig[sig.length - 1];
    // `/*/` ends in `*/` but is still open: a closed comment is at least `/**/`
    openComment = lastTok.kind === 'blockComment' && !(lastTok.text.length >= 4 && lastTok.text.endsWith('*/'));
    // whitespace tokens are never copied, so a line cannot end in blanks unless a token (an
    // unterminated string or comment) contains them: those are kept as written
    out.push(s);
    // stop as soon as the bound is passed: the work stays linear in the document
    length += s.length + 2;
    if (length > limit)
      return {
        refused: `mmlab: not formatted: the result would pass ${limit.toLocaleString('en-US')} characters (16 times this document, plus 1 MiB), because deeply nested open blocks indent every line after them; close the open blocks or use a smaller tab size`,
      };
  }
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  if (openComment) return { text: out.join(eol) };
  return { text: out.length ? out.join(eol) + eol : '' };
}

function fingerprint(text: string): string {
  return lex(text)
    .tokens.filter((t) => t.kind !== 'whitespace' && t.kind !== 'newline' && t.kind !== 'eof')
    .map((t) => t.text)
    .join('\u0000');
}

/** The edits that format the document: one replacement of the changed middle, or none. */
export function formatEdits(ctx: FeatureContext, opts: FormatOptions): TextEditData[] {
  return formatDocumentEdits(ctx, opts).edits;
}

/** formatEdits, with the reason when formatting is refused (the server shows it to the user). */
export function formatDocumentEdits(ctx: FeatureContext, opts: FormatOptions): { edits: TextEditData[]; refused?: string } {
  const before = ctx.stat.text;
  const result = formatDocument(before, opts);
  if (result.refused !== undefined) return { edits: [], refused: result.refused };
  const after = result.text;
  if (after === before || fingerprint(after) !== fingerprint(before)) return { edits: [] };
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  return { edits: [{ span: { start, end: endB }, newText: after.slice(start, endA) }] };
}
