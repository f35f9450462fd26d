import { Diagnostic } from '../common/diagnostics';
import { SourceFile, TopItem } from './ast';
import { lex } from './lexer';
import { Cursor } from './parser/cursor';
import { parseTopItem } from './parser/declarations';
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

export function parse(text: string): ParseResult {
  const lexed = lex(text);
  const c = new Cursor(text, lexed.tokens);
  const items: TopItem[] = [];
  for (;;) {
    while (c.atKind('newline') || c.atPunct(';')) c.next();
    if (c.atKind('eof')) break;
    const before = c.pos;
    c.bailing = false;
    items.push(parseTopItem(c));
    if (c.pos === before) c.next(); // defensive: always make progress
  }
  const diagnostics = [...lexed.diagnostics, ...c.diagnostics].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { file: { kind: 'File', items, span: { start: 0, end: text.length } }, tokens: lexed.tokens, diagnostics, text };
}
