/**
 * Random edit sequences over the protocol (shared by test/fuzz/protocol.test.ts and the long
 * fuzz mode, test/fuzz/protocolLong.ts): didOpen, then incremental didChange edits interleaved
 * with requests sent without waiting; every request must be answered and the server's text must
 * equal the client's at the end.
 */
import fc from 'fast-check';
import { analyzeStatic } from '../../server/src/analysis/analyze';
import { LineIndex } from '../../server/src/common/span';
import { LspClient } from '../protocol/harness';
import { NASTY_CHARS, VOCAB_TOKENS } from './arbitraries';
import { Seed } from './corpus';

export type Op =
  | { kind: 'edit'; at: number; del: number; text: string }
  | { kind: 'request'; method: string; at: number }
  | { kind: 'pause'; ms: number };

const REQUESTS = [
  'textDocument/hover',
  'textDocument/completion',
  'textDocument/signatureHelp',
  'textDocument/semanticTokens/full',
  'textDocument/documentSymbol',
  'textDocument/foldingRange',
  'textDocument/codeLens',
  'textDocument/inlayHint',
  'textDocument/formatting',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/codeAction',
  'textDocument/documentHighlight',
  'textDocument/prepareRename',
  'mmlab/stepAt',
];

const insertText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...VOCAB_TOKENS) },
  { weight: 2, arbitrary: fc.constantFrom('\n', '\r\n', ' ', '{', '}', '(', ')', '"', '/*', '//', 'repeat 1000000000 {\n', '1023T') },
  { weight: 1, arbitrary: fc.constantFrom(...NASTY_CHARS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('edit' as const), at: fc.nat(), del: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 })), text: fc.oneof(fc.constant(''), insertText) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('request' as const), method: fc.constantFrom(...REQUESTS), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pause' as const), ms: fc.integer({ min: 1, max: 60 }) }) },
);

/** An offset that does not split a CRLF pair (LSP positions cannot address the middle of one). */
function safeOffset(text: string, off: number): number {
  let o = Math.min(Math.max(0, off), text.length);
  if (o > 0 && text[o - 1] === '\r' && text[o] === '\n') o--;
  return o;
}

const ACCEPTABLE_ERRORS = new Set([-32800 /* RequestCancelled */, -32801 /* ContentModified */]);

export async function playSequence(client: LspClient, uri: string, seed: Seed, ops: Op[]): Promise<{ requests: number; edits: number }> {
  let text = seed.text;
  client.open(uri, text, 1);
  let version = 1;
  const pending: Promise<unknown>[] = [];
  let requests = 0;
  let edits = 0;
  for (const op of ops) {
    if (op.kind === 'pause') {
      await new Promise((r) => setTimeout(r, op.ms));
      continue;
    }
    const idx = new LineIndex(text);
    if (op.kind === 'edit') {
      const start = safeOffset(text, op.at % (text.length + 1));
      const end = safeOffset(text, Math.min(text.length, start + op.del));
      const after = text.slice(0, start) + op.text + text.slice(end);
      version = client.change(uri, [{ range: { start: idx.positionAt(start), end: idx.positionAt(end) }, text: op.text }], after);
      text = after;
      edits++;
      continue;
    }
    const position = idx.positionAt(safeOffset(text, op.at % (text.length + 1)));
    const td = { uri };
    const params: Record<string, unknown> =
      op.method === 'mmlab/stepAt'
        ? { uri, position }
        : op.method === 'textDocument/formatting'
          ? { textDocument: td, options: { tabSize: 2, insertSpaces: true } }
          : op.method === 'textDocument/inlayHint' || op.method === 'textDocument/codeAction'
            ? { textDocument: td, range: { start: { line: 0, character: 0 }, end: position }, context: { diagnostics: [] } }
            : op.method === 'textDocument/references'
              ? { textDocument: td, position, context: { includeDeclaration: true } }
              : { textDocument: td, position };
    requests++;
    const method = op.method;
    pending.push(
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${method} not answered within 60 s`)), 60_000);
        client.request(method, params).then(
          () => {
            clearTimeout(timer);
            resolve();
          },
          (e: { code?: number; message?: string }) => {
            clearTimeout(timer);
            // prepareRename answers "nothing to rename here" with an error, as LSP prescribes
            if (ACCEPTABLE_ERRORS.has(e?.code ?? 0) || (method === 'textDocument/prepareRename' && e?.code === -32600)) resolve();
            else reject(new Error(`${method} answered with error ${e?.code}: ${e?.message}`));
          },
        );
      }),
    );
  }
  const settled = await Promise.allSettled(pending);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  // the run's publish of the last version (the publish made on the change itself carries shifted diagnostics)
  const published = await client.runDiagnostics(uri, version, 60_000);
  // the server's copy of the text must equal ours: every static diagnostic of our text is published, same code, same range
  const stat = analyzeStatic(text);
  const idx = new LineIndex(text);
  const key = (code: unknown, r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
    `${String(code)}@${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
  const got = new Set(published.diagnostics.map((d) => key(d.code, d.range)));
  for (const d of stat.diagnostics) {
    const k = key(d.code, { start: idx.positionAt(d.span.start), end: idx.positionAt(d.span.end) });
    if (!got.has(k)) throw new Error(`the server's diagnostics for ${uri}@${version} lack ${k}: its text differs from the client's after incremental edits`);
  }
  void client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return { requests, edits };
}

