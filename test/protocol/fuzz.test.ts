/**
 * Random edit sequences over the real protocol, interleaved with requests at
 * random positions. The server must stay up, answer everything, publish the run
 * for the final version, and log no handler exception (every handler is
 * guarded: a logged exception is a bug even though the server survives it).
 */
import * as assert from 'assert';
import { fixture, startClient, uriFor } from './harness';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = ['{', '}', '(', ')', '|', ',', '=', '\n', ' ', '"', '[', ']', ':', '-', 'buf', '2', 'GFP_', 'expect ', 'touch(', 'node 9 cxl 1G private', '//', '/*', '%', 'MPOL_BIND', 'for_each_node(n) {'];
const REQUESTS = ['textDocument/hover', 'textDocument/completion', 'textDocument/signatureHelp', 'textDocument/definition', 'textDocument/documentHighlight', 'textDocument/references'];

describe('protocol: random edit sequences (fuzz)', function () {
  this.timeout(180000);
  it('survives 300 random edits with 300 interleaved requests', async () => {
    const c = await startClient({ settings: { budget: { maxSteps: 200000, maxMs: 2000 } } });
    try {
      const r = rng(7);
      const uri = uriFor('fuzz.mmlab');
      let text = fixture('basic.mmlab') + fixture('policy.mmlab');
      c.open(uri, text);
      let version = 1;
      let requests = 0;
      const pending: Promise<unknown>[] = [];
      for (let i = 0; i < 300; i++) {
        const lines = text.split('\n');
        const line = Math.floor(r() * lines.length);
        const ch = Math.floor(r() * (lines[line].length + 1));
        if (r() < 0.6) version = c.insertAt(uri, line, ch, PIECES[Math.floor(r() * PIECES.length)]);
        else {
          const endCh = Math.min(lines[line].length, ch + 1 + Math.floor(r() * 4));
          const offset = lines.slice(0, line).reduce((a, l) => a + l.length + 1, 0);
          const after = text.slice(0, offset + ch) + text.slice(offset + endCh);
          version = c.change(uri, [{ range: { start: { line, character: ch }, end: { line, character: endCh } }, text: '' }], after);
        }
        text = c.text(uri);
        const method = REQUESTS[Math.floor(r() * REQUESTS.length)];
        const ls = text.split('\n');
        const pl = Math.floor(r() * ls.length);
        pending.push(c.request(method, { textDocument: { uri }, position: { line: pl, character: Math.floor(r() * (ls[pl].length + 1)) }, context: { includeDeclaration: true } }));
        requests++;
        if (i % 25 === 0) {
          pending.push(c.request('textDocument/semanticTokens/full', { textDocument: { uri } }), c.request('textDocument/codeLens', { textDocument: { uri } }));
          requests += 2;
        }
        if (i % 50 === 0) await new Promise((res) => setTimeout(res, 20));
      }
      await Promise.all(pending);
      await c.runDiagnostics(uri, version, 30000);
      const errors = c.notifications.filter((n) => n.method === 'window/logMessage' && (n.params as { type: number }).type === 1);
      assert.deepStrictEqual(errors.map((e) => (e.params as { message: string }).message), []);
      assert.strictEqual(c.proc.exitCode, null);
      console.log(`      fuzz: 300 edits, ${requests} requests, final version ${version}`);
    } finally {
      await c.close();
    }
  });
});
