/**
 * Random edit sequences through the REAL language server over stdio: didOpen,
 * then many incremental didChange edits (inserts, deletes, replacements with
 * vocabulary, nasty characters, newlines) interleaved with requests (hover,
 * completion, signature help, semantic tokens, symbols, folding, lenses, inlay
 * hints, formatting, definition, references, code actions, mmlab/stepAt) sent
 * without waiting. Asserted: the server never dies, answers every request
 * (a cancellation or content-modified error counts as an answer), logs no
 * handler exception, and publishes diagnostics for the last version.
 */
import { strict as assert } from 'assert';
import fc from 'fast-check';
import { analyzeStatic } from '../../server/src/analysis/analyze';
import { LineIndex } from '../../server/src/common/span';
import { LspClient, startClient } from '../protocol/harness';
import { NASTY_CHARS, VOCAB_TOKENS } from './arbitraries';
import { FUZZ_SEED, reportCount, runs } from './config';
import { Seed, seeds } from './corpus';

type Op =
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

const opArb: fc.Arbitrary<Op> = fc.oneof(
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

async function playSequence(client: LspClient, uri: string, seed: Seed, ops: Op[]): Promise<{ requests: number; edits: number }> {
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

describe('fuzz: random edit sequences over the protocol', function () {
  this.timeout(300_000);
  let client: LspClient;

  before(async () => {
    client = await startClient({ settings: { budget: { maxSteps: 50_000, maxMs: 400 }, debounceMs: 5 } });
  });
  after(async () => {
    await client?.close();
  });

  it('the server survives, answers every request and publishes the last version', async () => {
    const corpus = seeds().filter((s) => s.text.length < 6000);
    let sequences = 0;
    let requests = 0;
    let edits = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...corpus), fc.array(opArb, { minLength: 10, maxLength: 80 }), async (seed, ops) => {
        const uri = `file:///fuzz/seq${sequences++}.mmlab`;
        const r = await playSequence(client, uri, seed, ops);
        requests += r.requests;
        edits += r.edits;
        assert.equal(client.proc.exitCode, null, `server exited; stderr: ${client.stderr.slice(-2000)}`);
        const errors = client.notifications.filter((n) => n.method === 'window/logMessage' && (n.params as { type: number }).type === 1);
        assert.deepEqual(
          errors.map((n) => (n.params as { message: string }).message.slice(0, 1500)),
          [],
          `the server logged handler exceptions while playing ${seed.file}`,
        );
      }),
      { seed: FUZZ_SEED, numRuns: runs(40), endOnFailure: true },
    );
    reportCount('protocol: edit sequences', sequences, `(${edits} edits, ${requests} requests)`);
  });

  it('survives malformed and out-of-range messages and still answers', async () => {
    const uri = 'file:///fuzz/hostile-protocol.mmlab';
    const text = seeds()[0].text;
    client.open(uri, text, 1);
    const far = { line: 1e9, character: 1e9 };
    const neg = { line: -5, character: -1 };
    const notes: [string, unknown][] = [
      ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: far, end: far }, text: 'x' }] }],
      ['textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 3, character: 5 }, end: { line: 1, character: 0 } }, text: 'reversed' }] }],
      ['textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ range: { start: neg, end: neg }, text: '\u0000' }] }],
      ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'older version' }] }],
      ['textDocument/didChange', { textDocument: { uri: 'file:///never-opened.mmlab', version: 9 }, contentChanges: [{ text: 'x' }] }],
      ['textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [] }],
      ['textDocument/didOpen', { textDocument: { uri, languageId: 'mmlab', version: 6, text: 'repeat 1000000000 {' } }],
      ['textDocument/didClose', { textDocument: { uri: 'file:///never-opened.mmlab' } }],
      ['workspace/didChangeConfiguration', { settings: { mmlab: { budget: { maxSteps: -1, maxMs: 'soon' }, design: '<script>', debounceMs: 1e12 } } }],
      ['$/cancelRequest', { id: 999999 }],
      ['mmlab/unknownNotification', { anything: [1, 2, 3] }],
    ];
    for (const [m, p] of notes) void client.conn.sendNotification(m, p);
    const requests: [string, unknown][] = [
      ['textDocument/hover', { textDocument: { uri }, position: far }],
      ['textDocument/hover', { textDocument: { uri }, position: neg }],
      ['textDocument/completion', { textDocument: { uri: 'file:///never-opened.mmlab' }, position: { line: 0, character: 0 } }],
      ['textDocument/semanticTokens/full', { textDocument: { uri: 'file:///never-opened.mmlab' } }],
      ['textDocument/inlayHint', { textDocument: { uri }, range: { start: far, end: neg } }],
      ['textDocument/codeAction', { textDocument: { uri }, range: { start: far, end: far }, context: { diagnostics: [{ range: { start: far, end: far }, message: 'x', code: 'unknown-flag', data: { suggestion: '<img>' } }] } }],
      ['textDocument/rename', { textDocument: { uri }, position: { line: 0, character: 0 }, newName: '"; rm -rf /' }],
      ['textDocument/formatting', { textDocument: { uri }, options: { tabSize: -3, insertSpaces: true } }],
      ['mmlab/run', { uri: 'file:///never-opened.mmlab' }],
      ['mmlab/run', { uri, design: 'no_such_design' }],
      ['mmlab/compare', { uri, designs: ['stock', 'bogus'] }],
      ['mmlab/stepAt', { uri, position: far }],
      ['mmlab/noSuchRequest', {}],
    ];
    let answered = 0;
    for (const [m, p] of requests) {
      try {
        await client.request(m, p);
      } catch (e) {
        // an error answer is an answer; a dead server would reject with a connection error instead
        assert.equal(typeof (e as { code?: unknown }).code, 'number', `${m}: ${String(e)}`);
      }
      answered++;
    }
    client.replaceAll(uri, text);
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
    assert.ok(hover === null || typeof hover === 'object');
    assert.equal(client.proc.exitCode, null, `server exited; stderr: ${client.stderr.slice(-2000)}`);
    const logged = client.notifications.filter((n) => n.method === 'window/logMessage' && (n.params as { type: number }).type === 1);
    for (const n of logged) console.log(`      server logged: ${(n.params as { message: string }).message.split('\n')[0].slice(0, 200)}`);
    reportCount('protocol: malformed messages', notes.length + requests.length, `(${answered} requests answered)`);
  });
});
