import { Block, ErrorNode, ExpectBody, ExpectStmt, Expr, ForEachStmt, Ident, RepeatStmt, ScopeStmt, Stmt } from '../ast';
import { didYouMean } from '../suggest';
import { Cursor, MAX_DEPTH } from './cursor';
import { ident, isNumberToken, missing, parseCallRest, parsePrimary, parseValue } from './expressions';

/** Statements inside task/kernel/device blocks (language.md, statements). */

export const FOR_EACH_MACROS = new Set(['for_each_node', 'for_each_online_node', 'for_each_node_state']);
/** scoped blocks: `memalloc_private { }`, `memalloc_folio { }`, `interrupt { }` */
export const SCOPE_KEYWORDS = new Set(['memalloc_private', 'memalloc_folio', 'interrupt']);
const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);

/**
 * `{ STATEMENTS }`. With `implicit`, the `{` was missing (reported by the caller)
 * and the body runs to a stray `}` or the next top-level keyword line. A block
 * left open ends at the next top-level keyword line or the end of the file.
 */
export function parseBlock(c: Cursor, what: string, implicit = false): Block {
  const openTok = implicit ? undefined : c.next();
  const open = openTok ? openTok.span : { start: c.lastEnd, end: c.lastEnd };
  const stmts: Stmt[] = [];
  let close: Block['close'];
  for (;;) {
    while (c.atKind('newline') || c.atPunct(';')) c.next();
    if (c.atPunct('}')) {
      close = c.next().span;
      break;
    }
    if (c.atKind('eof') || c.atTopLevelLine()) {
      if (!implicit) {
        const where = c.atKind('eof') ? 'the end of the file' : `\`${c.peek().text}\` on a later line`;
        c.error(open, `unclosed \`{\` of the ${what}: missing \`}\` before ${where}`);
      }
      break;
    }
    stmts.push(parseStatement(c));
  }
  const start = open.start;
  return { kind: 'Block', open, close, stmts, span: { start, end: Math.max(start, c.lastEnd) } };
}

export function parseStatement(c: Cursor): Stmt {
  if (c.depth >= MAX_DEPTH) {
    const start = c.here();
    const err = c.errorNode(start, `nesting deeper than ${MAX_DEPTH} levels: this statement is skipped`);
    c.bailing = true;
    return err;
  }
  c.depth++;
  try {
    return parseStatementInner(c);
  } finally {
    c.depth--;
  }
}

function parseStatementInner(c: Cursor): Stmt {
  const t = c.peek();
  const start = t.span.start;
  if (t.kind !== 'ident') {
    return c.errorNode(start, `expected a statement (a call, an assignment, \`expect\`, \`for_each_node\` or \`repeat\`), found ${c.describe()}`, t.span);
  }
  if (t.text === 'expect') return parseExpect(c);
  if (FOR_EACH_MACROS.has(t.text) && c.atPunct('(', 1)) return parseForEach(c);
  if (t.text === 'repeat' && !c.atPunct('=', 1) && !c.atPunct('(', 1)) return parseRepeat(c);
  if (SCOPE_KEYWORDS.has(t.text) && !c.atPunct('=', 1) && !c.atPunct('(', 1) && !c.atPunct('[', 1)) return parseScope(c);

  if (c.atPunct('=', 1)) {
    const name = ident(c.next());
    c.next(); // =
    if (!(c.atKind('ident') && c.atPunct('(', 1))) {
      return c.errorNode(start, `expected a call after \`${name.name} =\` (such as \`mmap(1G)\`), found ${c.describe()}`, c.peek().span);
    }
    const call = parseCallRest(c, ident(c.next()));
    const end = c.endStatement(`the call to \`${call.callee.name}\``);
    return { kind: 'CallStmt', assign: name, call, span: { start, end } };
  }
  if (c.atPunct('(', 1)) {
    const call = parseCallRest(c, ident(c.next()));
    const end = c.endStatement(`the call to \`${call.callee.name}\``);
    return { kind: 'CallStmt', call, span: { start, end } };
  }
  if (c.atPunct('[', 1)) {
    const target = parsePrimary(c);
    if (target.kind !== 'Index' || !c.eat('=')) {
      return c.errorNode(start, `expected \`=\` and a value after \`${t.text}[...]\` (a one-byte write), found ${c.describe()}`, c.peek().span);
    }
    const value = parsePrimary(c);
    if (value.kind === 'Missing') c.error(value.span, `expected the value to write, found ${c.describe()}`);
    const end = c.endStatement('the write');
    return { kind: 'PokeStmt', target, value, span: { start, end } };
  }
  if (t.text === 'for_each_node' || t.text.startsWith('for_each')) {
    return c.errorNode(start, `expected \`(\` after \`${t.text}\``, t.span);
  }
  const hint = didYouMean(t.text, ['expect', 'repeat', ...FOR_EACH_MACROS, ...SCOPE_KEYWORDS]);
  return c.errorNode(start, `expected a statement: \`${t.text}\` is not followed by \`(\`, \`=\` or \`[\`${hint.text}`, t.span, hint.suggestion ? { suggestion: hint.suggestion } : undefined);
}

function parseForEach(c: Cursor): ForEachStmt {
  const start = c.here();
  const macro: Ident = ident(c.next());
  const callLike = parseCallRest(c, macro);
  const variable: ForEachStmt['variable'] =
    callLike.args[0] && !callLike.args[0].name && callLike.args[0].value.kind === 'Ident'
      ? callLike.args[0].value
      : { kind: 'Missing', span: callLike.args[0]?.span ?? callLike.argsSpan };
  if (variable.kind === 'Missing') c.error(variable.span, `\`${macro.name}\` needs a loop variable name, as in \`${macro.name}(n)\``);
  const state: Expr | undefined = callLike.args[1]?.value;
  const wantArgs = macro.name === 'for_each_node_state' ? 2 : 1;
  if (callLike.args.length > wantArgs) c.error(callLike.args[wantArgs].span, `\`${macro.name}\` takes ${wantArgs} argument${wantArgs > 1 ? 's' : ''}`);
  if (macro.name === 'for_each_node_state' && !state) c.error(callLike.argsSpan, '`for_each_node_state` needs a node state, as in `for_each_node_state(n, N_MEMORY)`');

  let body: ForEachStmt['body'];
  const beforeNl = c.pos;
  c.skipNewlines();
  if (c.atPunct('{')) body = parseBlock(c, `\`${macro.name}\` loop`);
  else if (c.pos !== beforeNl && indentedBody(c, macro.span.start)) {
    // C style: the body is the next line, indented deeper than the macro
    body = parseStatement(c);
  } else {
    c.pos = beforeNl;
    if (c.atStatementEnd()) c.error(macro.span, `\`${macro.name}(...)\` needs a body: a statement on the same line, an indented statement on the next line, or a \`{ ... }\` block`);
    else body = parseStatement(c);
  }
  const span = c.spanFrom(start);
  if (body && body.kind === 'Block') c.endStatement(`the \`${macro.name}\` block`);
  return { kind: 'ForEach', macro, variable, state: macro.name === 'for_each_node_state' ? state : undefined, body, span };
}

/** Is the current token (first of its line) indented deeper than the line holding `anchor`, and able to start a statement? */
function indentedBody(c: Cursor, anchor: number): boolean {
  const t = c.peek();
  if (t.kind !== 'ident' || c.atTopLevelLine()) return false;
  return columnOf(c.text, t.span.start) > columnOf(c.text, lineIndent(c.text, anchor));
}

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** offset of the first non-blank character of the line holding `offset` */
function lineIndent(text: string, offset: number): number {
  let i = lineStart(text, offset);
  while (text[i] === ' ' || text[i] === '\t') i++;
  return i;
}

/** visual column (tabs to 8) */
function columnOf(text: string, offset: number): number {
  let col = 0;
  for (let i = lineStart(text, offset); i < offset; i++) col = text[i] === '\t' ? (col + 8) & ~7 : col + 1;
  return col;
}

function parseRepeat(c: Cursor): RepeatStmt {
  const start = c.here();
  const keyword = c.next().span;
  const count = parsePrimary(c);
  if (count.kind === 'Missing') c.error(count.span, `\`repeat\` needs a count, as in \`repeat 10 { ... }\`; found ${c.describe()}`);
  let body: Block | undefined;
  const beforeNl = c.pos;
  c.skipNewlines();
  if (c.atPunct('{')) body = parseBlock(c, '`repeat` block');
  else {
    c.pos = beforeNl;
    c.error(c.peek().span, `expected \`{\` after \`repeat ${count.kind === 'Number' ? count.text : 'N'}\`, found ${c.describe()}`);
    c.skipStatement();
  }
  const span = c.spanFrom(start);
  c.endStatement('the `repeat` block');
  return { kind: 'Repeat', keyword, count, body, span };
}

function parseScope(c: Cursor): ScopeStmt {
  const start = c.here();
  const keyword = ident(c.next());
  let body: Block | undefined;
  const beforeNl = c.pos;
  c.skipNewlines();
  if (c.atPunct('{')) body = parseBlock(c, `\`${keyword.name}\` block`);
  else {
    c.pos = beforeNl;
    c.error(c.peek().span, `expected \`{\` after \`${keyword.name}\`, found ${c.describe()}`);
    c.skipStatement();
  }
  const span = c.spanFrom(start);
  c.endStatement(`the \`${keyword.name}\` block`);
  return { kind: 'Scope', keyword, body, span };
}

/** `expect FORM [under D1, D2]` */
export function parseExpect(c: Cursor): ExpectStmt | ErrorNode {
  const start = c.here();
  const keyword = c.next().span;
  const body = parseExpectBody(c);
  if (!body) {
    return c.errorNode(
      start,
      `expected what to expect after \`expect\`: ok, error ERRNO, oom, leak, no leak, diagnostic CODE, or a metric comparison such as \`pages(buf, 0) == 100%\`; found ${c.describe()}`,
      c.peek().span,
    );
  }
  let under: ExpectStmt['under'];
  if (c.at('under') && c.atKind('ident')) {
    const kw = c.next().span;
    const designs: Ident[] = [];
    for (;;) {
      if (c.atKind('ident')) designs.push(ident(c.next()));
      else {
        c.error(c.peek().span, `expected a design name after \`under\`, found ${c.describe()}`);
        break;
      }
      if (!c.eat(',')) break;
      c.skipNewlines(); // a line ending in `,` continues
    }
    under = { keyword: kw, designs };
  }
  const end = c.endStatement('the expectation');
  return { kind: 'Expect', keyword, body, under, span: { start, end } };
}

function parseExpectBody(c: Cursor): ExpectBody | undefined {
  const t = c.peek();
  if (t.kind !== 'ident') return undefined;
  const start = t.span.start;
  switch (t.text) {
    case 'ok':
    case 'oom':
      if (c.atPunct('(', 1)) break;
      c.next();
      return { form: t.text, span: t.span };
    case 'leak':
      c.next();
      return { form: 'leak', negated: false, span: t.span };
    case 'no':
      if (!c.at('leak', 1)) break;
      c.next();
      c.next();
      return { form: 'leak', negated: true, span: c.spanFrom(start) };
    case 'error': {
      c.next();
      const errno = c.atKind('ident') ? ident(c.next()) : missing(c);
      if (errno.kind === 'Missing') c.error(t.span, `\`expect error\` needs an errno name, as in \`expect error ENOMEM\`; found ${c.describe()}`);
      return { form: 'error', errno, span: c.spanFrom(start) };
    }
    case 'diagnostic': {
      c.next();
      const code = parseDashedName(c);
      if (!code) c.error(t.span, `\`expect diagnostic\` needs a diagnostic code, as in \`expect diagnostic ops-rejected\`; found ${c.describe()}`);
      return { form: 'diagnostic', code: code ?? { text: '', span: { start: c.lastEnd, end: c.lastEnd } }, span: c.spanFrom(start) };
    }
  }
  if (!c.atPunct('(', 1)) return undefined;
  const metric = parseCallRest(c, ident(c.next()));
  const opTok = c.peek();
  if (opTok.kind !== 'punct' || !COMPARE_OPS.has(opTok.text)) {
    c.error(opTok.span, `expected a comparison (==, !=, <, <=, >, >=) after \`${metric.callee.name}(...)\`, found ${c.describe()}`);
    c.skipStatement();
    const at = { start: c.lastEnd, end: c.lastEnd };
    return { form: 'metric', metric, op: { text: '', span: at }, value: { kind: 'Missing', span: at }, span: c.spanFrom(start) };
  }
  c.next();
  const value = isNumberToken(c.peek()) ? parsePrimary(c) : parseValue(c);
  if (value.kind === 'Missing') c.error(value.span, `expected a value to compare with, found ${c.describe()}`);
  return { form: 'metric', metric, op: { text: opTok.text, span: opTok.span }, value, span: c.spanFrom(start) };
}

/** A diagnostic code: identifiers joined by `-` with no space (`gfp-private-oom`). */
function parseDashedName(c: Cursor): { text: string; span: { start: number; end: number } } | undefined {
  if (!c.atKind('ident')) return undefined;
  const first = c.next();
  let end = first.span.end;
  while (c.atPunct('-') && c.peek().span.start === end) {
    const after = c.peek(1);
    if (after.span.start !== end + 1 || !(after.kind === 'ident' || after.kind === 'int')) break;
    c.next();
    end = c.next().span.end;
  }
  return { text: c.text.slice(first.span.start, end), span: { start: first.span.start, end } };
}
