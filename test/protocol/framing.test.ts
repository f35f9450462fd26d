/**
 * Issue 17 item 4: one malformed frame silenced the real server for good. Every malformed frame
 * of the issue goes to ONE server, each followed by a request: every request is answered, and
 * the server logged the reason of each framing problem (window/logMessage).
 */
import { strict as assert } from 'assert';
import { BAD_FRAMES, frame } from '../fuzz/framing';
import { RawClient } from './rawClient';

describe('protocol: framing resynchronisation (issue 17 item 4)', function () {
  this.timeout(120_000);

  it('after each malformed frame of the issue the server answers the next request', async () => {
    const c = new RawClient();
    try {
      await c.initialize();
      const uri = 'file:///mmlab-test/framing.mmlab';
      c.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mmlab', version: 1, text: 'node 0 dram 4G\ntask t {\n  b = malloc(4K)\n}\n' } });
      let id = 100;
      for (const bad of BAD_FRAMES) {
        const inner = { jsonrpc: '2.0', id: ++id, method: 'textDocument/documentSymbol', params: { textDocument: { uri } } };
        c.write(bad.bytes(JSON.stringify(inner)));
        const probe = ++id;
        c.write(frame({ jsonrpc: '2.0', id: probe, method: 'textDocument/documentSymbol', params: { textDocument: { uri } } }));
        const a = await c.answer(probe, 30_000).catch((e: Error) => assert.fail(`${bad.name}: ${e.message}`));
        assert.ok(Array.isArray(a.result), `${bad.name}: ${JSON.stringify(a)}`);
      }
      const logged = c.logs().filter((l) => l.includes('malformed message frame'));
      assert.ok(logged.length >= BAD_FRAMES.length - 2, logged.join('\n'));
      assert.ok(logged.some((l) => l.includes('Content-Length "-')));
      assert.ok(logged.some((l) => l.includes('without a colon')));
    } finally {
      await c.close();
    }
  });
});
