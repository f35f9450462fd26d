import { Arg, CallExpr, Expr, Ident, IndexExpr, MissingExpr, NumberLit, SetExpr, StringLit } from '../ast';
import { Token } from '../tokens';
import { Cursor } from './cursor';

/**
 * Expressions: numbers, sizes, percentages, strings, names, `A | B` flag
 * expressions, id ranges `0-3`, sets `{0, 2-3}`, mapping ranges `buf[0:64M]`
 * and calls `name(arg, key=value)`. Newlines are skipped inside ( ), [ ], { }
 * and after `|`.
 */

export function missing(c: Cursor): MissingExpr {
  const at = c.here();
  return { kind: 'Missing', span: { start: at, end: at } };
}

export function ident(t: Token): Ident {
  return { kind: 'Ident', name: t.text, span: t.span };
}

export function isNumberToken(t: Token): boolean {
  return t.kind === 'int' || t.kind === 'decimal' || t.kind === 'size' || t.kind === 'percent' || t.kind === 'badNumber';
}

function numberLit(t: Token): NumberLit {
  const numKind = t.kind === 'badNumber' ? 'int' : (t.kind as NumberLit['numKind']);
  return { kind: 'Number', numKind, value: typeof t.value === 'number' ? t.value : 0, text: t.text, span: t.span };
}

/** `A | B | C` or a single primary. */
export function parseValue(c: Cursor): Expr {
  const first = parsePrimary(c);
  if (!c.atPunct('|')) return first;
  const operands: Expr[] = [first];
  while (c.eat('|')) {
    c.skipNewlines(); // a line ending in `|` continues
    const operand = parsePrimary(c);
    if (operand.kind === 'Missing') c.error(operand.span, `expected a flag name after \`|\`, found ${c.describe()}`);
    operands.push(operand);
  }
  return { kind: 'Flags', operands, span: { start: first.span.start, end: c.lastEnd } };
}

/** A single operand; returns a Missing node (consuming nothing) when the token cannot start one. */
export function parsePrimary(c: Cursor): Expr {
  if (c.tooDeep()) return missing(c);
  c.depth++;
  try {
    return parsePrimaryInner(c);
  } finally {
    c.depth--;
  }
}

function parsePrimaryInner(c: Cursor): Expr {
  const t = c.peek();
  if (isNumberToken(t)) {
    c.next();
    const lit = numberLit(t);
    if (c.atPunct('-') && isNumberToken(c.peek(1))) {
      c.next();
      const to = numberLit(c.next());
      return { kind: 'IdRange', from: lit, to, span: { start: lit.span.start, end: to.span.end } };
    }
    return lit;
  }
  if (t.kind === 'string') {
    c.next();
    const s: StringLit = { kind: 'String', value: String(t.value ?? ''), span: t.span };
    return s;
  }
  if (t.kind === 'ident') {
    c.next();
    const id = ident(t);
    if (c.atPunct('(')) return parseCallRest(c, id);
    if (c.atPunct('[')) return parseIndexRest(c, id);
    return id;
  }
  if (t.kind === 'punct' && t.text === '{') return parseSet(c);
  return missing(c);
}

/** `{a, b-c, ...}` */
export function parseSet(c: Cursor): SetExpr {
  const open = c.next();
  const elements: Expr[] = [];
  for (;;) {
    const beforeNl = c.pos;
    const crossed = c.skipNewlines();
    if (c.eat('}')) break;
    if (c.atKind('eof') || (crossed && elements.length > 0 && !c.atPunct(','))) {
      // an unclosed set: stop at the line end so the next line is not swallowed
      c.pos = beforeNl;
      c.error(open.span, 'unclosed `{` of a node set: missing `}`');
      break;
    }
    if (elements.length > 0) {
      if (!c.eat(',')) {
        if ((c.atStatementEnd() && !c.atPunct('}')) || c.atPunct(')') || c.atPunct(']')) {
          c.error(open.span, 'unclosed `{` of a node set: missing `}`');
          break;
        }
        c.error(c.peek().span, `expected \`,\` or \`}\` in a node set, found ${c.describe()}`);
        if (parsePrimary(c).kind === 'Missing') c.next();
        continue;
      }
      c.skipNewlines();
    }
    const el = parsePrimary(c);
    if (el.kind === 'Missing') {
      if (c.atPunct('}')) continue;
      c.error(c.peek().span, `expected a node id, range or name in a node set, found ${c.describe()}`);
      if (c.atStatementEnd() || c.atKind('eof')) break;
      c.next();
      continue;
    }
    elements.push(el);
  }
  return { kind: 'Set', elements, span: { start: open.span.start, end: c.lastEnd } };
}

/** After `name`: `[X]` or `[X:Y]`. */
function parseIndexRest(c: Cursor, base: Ident): IndexExpr {
  const open = c.next();
  c.skipNewlines();
  let start: Expr | undefined;
  let end: Expr | undefined;
  let slice = false;
  if (!c.atPunct(':')) {
    start = parsePrimary(c);
    if (start.kind === 'Missing') c.error(start.span, `expected an offset in \`${base.name}[...]\`, found ${c.describe()}`);
    c.skipNewlines();
  }
  if (c.eat(':')) {
    slice = true;
    c.skipNewlines();
    end = parsePrimary(c);
    if (end.kind === 'Missing') c.error(end.span, `expected an end offset after \`:\`, found ${c.describe()}`);
    c.skipNewlines();
  }
  if (!c.eat(']')) {
    c.error(open.span, `unclosed \`[\` in \`${base.name}[...]\`: expected \`]\`, found ${c.describe()}`);
    // skip to `]` on this line if there is one
    while (!c.atStatementEnd() && !c.atPunct(']') && !c.atPunct(')') && !c.atPunct(',')) c.next();
    c.eat(']');
  }
  return { kind: 'Index', base, start, end, slice, span: { start: base.span.start, end: c.lastEnd } };
}

/**
 * After `name`: `(args)`. Recovery: a missing `,` between two arguments on one
 * line is reported and the arguments are kept; a missing `)` ends the call at
 * the end of its line (the next line is not swallowed).
 */
export function parseCallRest(c: Cursor, callee: Ident): CallExpr {
  const open = c.next();
  const args: Arg[] = [];
  let closed = false;
  c.skipNewlines();
  if (c.eat(')')) closed = true;
  args: while (!closed) {
    const arg = parseArg(c);
    if (!arg) {
      if (c.eat(')')) {
        closed = true;
        break;
      }
      if (c.atPunct(',')) {
        c.error(c.peek().span, `empty argument in \`${callee.name}(...)\``);
        c.next();
        c.skipNewlines();
        continue;
      }
      if (c.atKind('newline') || atBoundary(c)) {
        unclosed(c, open, callee, c.pos);
        break;
      }
      c.error(c.peek().span, `unexpected ${c.describe()} in the arguments of \`${callee.name}\``);
      c.next();
      continue;
    }
    args.push(arg);
    // the separator after an argument
    for (;;) {
      const beforeNl = c.pos;
      const crossed = c.skipNewlines();
      if (c.eat(',')) {
        c.skipNewlines();
        if (c.eat(')')) closed = true; // a trailing comma is harmless
        continue args;
      }
      if (c.eat(')')) {
        closed = true;
        break args;
      }
      if (crossed || atBoundary(c)) {
        unclosed(c, open, callee, beforeNl);
        break args;
      }
      if (canStartPrimary(c)) {
        // two arguments side by side on one line: a missing comma
        c.error(c.peek().span, `missing \`,\` between arguments of \`${callee.name}\` before ${c.describe()}`);
        continue args;
      }
      c.error(c.peek().span, `unexpected ${c.describe()} in the arguments of \`${callee.name}\``);
      c.next();
    }
  }
  const argsSpan = { start: open.span.start, end: Math.max(open.span.end, c.lastEnd) };
  return { kind: 'Call', callee, args, argsSpan, closed, span: { start: callee.span.start, end: argsSpan.end } };
}

function unclosed(c: Cursor, open: Token, callee: Ident, rewindTo: number): void {
  c.pos = rewindTo;
  c.error(open.span, `unclosed \`(\` of \`${callee.name}(...)\`: missing \`)\``);
}

function atBoundary(c: Cursor): boolean {
  return c.atKind('eof') || c.atPunct(';') || c.atPunct('}') || c.atPunct('{');
}

function canStartPrimary(c: Cursor): boolean {
  const t = c.peek();
  return isNumberToken(t) || t.kind === 'string' || t.kind === 'ident' || (t.kind === 'punct' && t.text === '{');
}

/** `value` or `name=value`; undefined when nothing could be parsed. */
function parseArg(c: Cursor): Arg | undefined {
  const start = c.here();
  if (c.atKind('ident') && c.atPunct('=', 1)) {
    const name = ident(c.next());
    c.next(); // =
    c.skipNewlines();
    const value = parseValue(c);
    if (value.kind === 'Missing') c.error(value.span, `expected a value for \`${name.name}=\`, found ${c.describe()}`);
    return { kind: 'Arg', name, value, span: c.spanFrom(start) };
  }
  const value = parseValue(c);
  if (value.kind === 'Missing') return undefined;
  return { kind: 'Arg', value, span: c.spanFrom(start) };
}
