import { Diagnostic, diag } from '../../common/diagnostics';
import { Span } from '../../common/span';
import { ErrorNode } from '../ast';
import { isTrivia, Token } from '../tokens';

/** Top-level keywords: a line starting with one ends an unclosed block (recovery point). */
export const MAX_DEPTH = 64;

export const TOP_KEYWORDS = new Set(['scenario', 'design', 'node', 'distance', 'swap', 'cgroup', 'sysctl', 'param', 'task', 'kernel', 'driver', 'device']);

/**
 * A cursor over the significant tokens (trivia skipped, newlines kept: they end
 * statements). Tracks the end of the last consumed token so node spans never
 * include trailing trivia or newlines.
 */
export class Cursor {
  readonly toks: Token[];
  pos = 0;
  lastEnd = 0;
  readonly diagnostics: Diagnostic[] = [];
  /** nesting depth of sets, ranges, calls and loop bodies (recursion guard) */
  depth = 0;
  /** after a too-deep nesting was reported: silence the unwinding errors of this top-level item */
  bailing = false;

  /** `significant`: the tokens have no trivia (lexSignificant), so they are used as they are */
  constructor(
    readonly text: string,
    tokens: Token[],
    significant = false,
  ) {
    this.toks = significant ? tokens : tokens.filter((t) => !isTrivia(t));
  }

  /**
   * set once the parser looked at the last token (the `eof`): a parse of a region whose last token
   * stands in for text not lexed yet (syntax/reparse.ts) is then redone over more of the text
   */
  reachedEnd = false;

  peek(k = 0): Token {
    const i = this.pos + k;
    const last = this.toks.length - 1;
    if (i < last) return this.toks[i];
    this.reachedEnd = true;
    return this.toks[last];
  }

  next(): Token {
    const t = this.toks[this.pos];
    if (t.kind !== 'eof') {
      this.pos++;
      if (t.kind !== 'newline') this.lastEnd = t.span.end;
    }
    return t;
  }

  /** is the current token the punctuation or identifier `text`? */
  at(text: string, k = 0): boolean {
    const t = this.peek(k);
    return (t.kind === 'punct' || t.kind === 'ident') && t.text === text;
  }

  atPunct(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'punct' && t.text === text;
  }

  atKind(kind: Token['kind'], k = 0): boolean {
    return this.peek(k).kind === kind;
  }

  eat(text: string): Token | undefined {
    return this.atPunct(text) ? this.next() : undefined;
  }

  /** Skips newlines (inside ( ), [ ], node sets, and after a continuing `|` or `,`). Returns whether any was skipped. */
  skipNewlines(): boolean {
    let skipped = false;
    while (this.peek().kind === 'newline') {
      this.next();
      skipped = true;
    }
    return skipped;
  }

  /** Start offset of the current token. */
  here(): number {
    return this.peek().span.start;
  }

  spanFrom(start: number): Span {
    return { start, end: Math.max(start, this.lastEnd) };
  }

  /** true at the end of a statement: newline, `;`, `}` or end of file. */
  atStatementEnd(): boolean {
    const t = this.peek();
    return t.kind === 'newline' || t.kind === 'eof' || (t.kind === 'punct' && (t.text === ';' || t.text === '}'));
  }

  /** Is the current token the first significant token of its line? */
  atLineStart(): boolean {
    return this.pos === 0 || this.toks[this.pos - 1].kind === 'newline';
  }

  /**
   * A line that starts with a top-level keyword (`task`, `node`, ...) used as a
   * declaration, not as a variable (`node = ...`): where unclosed blocks end.
   */
  atTopLevelLine(): boolean {
    const t = this.peek();
    if (t.kind !== 'ident' || !TOP_KEYWORDS.has(t.text) || !this.atLineStart()) return false;
    const n = this.peek(1);
    return !(n.kind === 'punct' && (n.text === '=' || n.text === '[' || n.text === '('));
  }

  /** `data.suggestion` carries a replacement for the span when one is known (quick fixes). */
  error(span: Span, message: string, data?: Record<string, unknown>): void {
    if (this.bailing) return;
    this.diagnostics.push(diag('syntax', span, message, data ? { data } : {}));
  }

  /**
   * Recursion guard: true (and the rest of the line skipped, one diagnostic
   * reported) when nesting is deeper than MAX_DEPTH, so no input can overflow
   * the stack of the parser, the lowering or a tree walk.
   */
  tooDeep(): boolean {
    if (this.depth < MAX_DEPTH) return false;
    const start = this.here();
    while (!this.atKind('eof') && !this.atKind('newline')) this.next();
    this.error({ start, end: Math.max(start, this.lastEnd) }, `nesting deeper than ${MAX_DEPTH} levels: the rest of the line is skipped`);
    this.bailing = true;
    return true;
  }

  /** Describe the current token for messages. */
  describe(t: Token = this.peek()): string {
    if (t.kind === 'eof') return 'the end of the file';
    if (t.kind === 'newline') return 'the end of the line';
    return `\`${t.text}\``;
  }

  /**
   * Skips the rest of a broken statement: up to the end of its line (newline or
   * `;`) outside braces, or a `}` that closes the enclosing block. A `{` on the
   * line swallows its block so its `}` does not close the enclosing one; a
   * top-level keyword line ends that early (an unclosed brace).
   */
  skipStatement(): void {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return;
      if (t.kind === 'newline' || (t.kind === 'punct' && t.text === ';')) {
        if (depth === 0) return;
        this.next();
        if (this.atTopLevelLine()) return;
        continue;
      }
      if (t.kind === 'punct' && t.text === '{') depth++;
      if (t.kind === 'punct' && t.text === '}') {
        if (depth === 0) return;
        depth--;
      }
      this.next();
    }
  }

  /** Turns the text from `start` to the end of the statement into an Error node. */
  errorNode(start: number, message: string, reportSpan?: Span, data?: Record<string, unknown>): ErrorNode {
    this.skipStatement();
    const span = this.spanFrom(start);
    this.error(reportSpan ?? span, message, data);
    return { kind: 'Error', text: this.text.slice(span.start, span.end), message, span };
  }

  /**
   * Ends a statement: consumes one newline or `;` (a `}` or end of file is left
   * for the caller). Extra tokens are a syntax error; they are skipped and the
   * statement's span grows to cover them so diagnostics stay on its line.
   * Returns the end offset of the statement.
   */
  endStatement(what: string): number {
    // a block's closing line may already have been consumed (it ended at a top-level line)
    if (!this.atStatementEnd() && !this.atLineStart()) {
      const start = this.here();
      const first = this.describe();
      this.skipStatement();
      this.error(this.spanFrom(start), `unexpected ${first} after ${what}; expected the end of the statement (a newline or \`;\`)`);
    }
    const end = this.lastEnd;
    const t = this.peek();
    if (t.kind === 'newline' || (t.kind === 'punct' && t.text === ';')) this.next();
    return end;
  }
}
