/**
 * Issue 17 item 6: protocol hygiene of the real server. Requests before initialize get -32002,
 * a second initialize is refused (-32600), requests after shutdown are refused (-32600), and a
 * request with parameters of the wrong shape gets -32602 InvalidParams naming the field, never
 * -32603 with a leaked JavaScript error.
 */
import { strict as assert } from 'assert';
import { CHECKED_METHODS } from '../../server/src/lsp/params';
import { RawClient } from './rawClient';

const BROKEN: unknown[] = [undefined, null, 42, 'x', [], {}, { textDocument: 5 }, { textDocument: { uri: 7 } }, { uri: 1 }, { textDocument: { uri: 'file:///a.mmlab' }, position: { line: -1, character: 'a' } }];

describe('protocol: life cycle and parameters (issue 17 item 6)', function () {
  this.timeout(120_000);

  it('a request before initialize is answered -32002; a notification before it is dropped', async () => {
    const c = new RawClient();
    try {
      c.notify('textDocument/didOpen', { textDocument: { uri: 'file:///early.mmlab', languageId: 'mmlab', version: 1, text: 'node 0 dram 4G\n' } });
      const id = c.send('textDocument/hover', { textDocument: { uri: 'file:///early.mmlab' }, position: { line: 0, character: 0 } });
      const a = await c.answer(id, 60_000);
      assert.equal(a.error?.code, -32002);
      assert.match(a.error!.message, /before initialize/);
      await c.initialize();
      // the early didOpen was dropped: the document is not open
      const run = c.send('mmlab/run', { uri: 'file:///early.mmlab' });
      assert.equal((await c.answer(run)).error?.code, -32602);
    } finally {
      await c.close();
    }
  });

  it('a second initialize is refused with -32600; requests after shutdown too', async () => {
    const c = new RawClient();
    try {
      await c.initialize();
      const again = c.send('initialize', { processId: null, capabilities: {} });
      const a = await c.answer(again);
      assert.equal(a.error?.code, -32600);
      assert.match(a.error!.message, /already/);
      const down = c.send('shutdown');
      assert.equal((await c.answer(down)).error, undefined);
      const late = c.send('textDocument/documentSymbol', { textDocument: { uri: 'file:///x.mmlab' } });
      assert.equal((await c.answer(late)).error?.code, -32600);
    } finally {
      await c.close();
    }
  });

  it('every checked method answers broken parameters with -32602 naming the field, never -32603', async () => {
    const c = new RawClient();
    try {
      await c.initialize();
      const ids: { id: number; method: string; params: unknown }[] = [];
      for (const method of CHECKED_METHODS) {
        if (method === 'initialize' || !method.includes('/') || ['textDocument/didOpen', 'textDocument/didChange', 'textDocument/didClose', 'workspace/didChangeConfiguration'].includes(method)) continue;
        for (const params of BROKEN) ids.push({ id: c.send(method, params), method, params });
      }
      // notifications with broken parameters are dropped (and logged), the server lives on
      for (const params of BROKEN) c.notify('textDocument/didChange', params);
      for (const { id, method, params } of ids) {
        const a = await c.answer(id);
        if (a.error) {
          assert.notEqual(a.error.code, -32603, `${method} ${JSON.stringify(params)}: ${a.error.message}`);
          assert.ok(a.error.code === -32602, `${method} ${JSON.stringify(params)}: ${JSON.stringify(a.error)}`);
          assert.match(a.error.message, /^mmlab: \S+: params/);
          assert.doesNotMatch(a.error.message, /TypeError|Cannot read|undefined \(reading/);
        }
      }
      assert.ok(ids.filter((x) => x.params === null).length > 10);
      const probe = c.send('textDocument/documentSymbol', { textDocument: { uri: 'file:///none.mmlab' } });
      assert.deepEqual((await c.answer(probe)).result, []);
      assert.ok(c.logs().some((l) => /dropped notification textDocument\/didChange/.test(l)));
    } finally {
      await c.close();
    }
  });
});
