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
import { LspClient, startClient } from '../protocol/harness';
import { FUZZ_SEED, reportCount, runs } from './config';
import { seeds } from './corpus';
import { opArb, playSequence } from './sequences';

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
