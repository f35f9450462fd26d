/**
 * Issue 17 item 4 (unit): the FramedMessageReader resynchronises after every malformed frame of
 * the issue, in any chunking of the stream, and logs why. The same frames go to the real server
 * in test/protocol/framing.test.ts.
 */
import { strict as assert } from 'assert';
import fc from 'fast-check';
import { PassThrough } from 'stream';
import { Message } from 'vscode-languageserver/node';
import { FramedMessageReader } from '../../server/src/lsp/framing';
import { BAD_FRAMES, checkFramingStream, frame } from '../fuzz/framing';

const request = (id: number) => ({ jsonrpc: '2.0', id, method: 'textDocument/documentSymbol', params: { textDocument: { uri: `file:///t${id}.mmlab` } } });

function reader(stallMs = 0): { r: FramedMessageReader; got: number[]; logs: string[] } {
  const logs: string[] = [];
  const r = new FramedMessageReader(new PassThrough(), { log: (m) => logs.push(m), stallMs });
  const got: number[] = [];
  r.listen((m: Message) => got.push((m as unknown as { id: number }).id));
  return { r, got, logs };
}

describe('lsp framing: resynchronising reader (issue 17 item 4)', () => {
  for (const bad of BAD_FRAMES) {
    it(`${bad.name}: logged, and the next well-framed message is delivered`, async () => {
      const { r, got, logs } = reader(20);
      r.push(Buffer.from(frame(request(1))));
      r.push(Buffer.from(bad.bytes(JSON.stringify(request(2)))));
      r.push(Buffer.from(frame(request(3))));
      await new Promise((res) => setTimeout(res, 60)); // a too-large length waits for its stall timer
      assert.equal(got[0], 1);
      assert.equal(got[got.length - 1], 3, `delivered ${got.join(',')}`);
      assert.ok(got.every((id) => [1, 2, 3].includes(id)));
      assert.ok(r.problems >= 1);
      assert.ok(logs.length >= 1 && logs.every((l) => /malformed message frame \(.+\)/.test(l)), logs.join('\n'));
    });
  }

  it('a wrong length around a good body loses nothing: the body is delivered (salvaged)', () => {
    for (const name of ['Content-Length too small', 'negative Content-Length', 'LF-only headers', 'header without a colon', 'missing Content-Length']) {
      const bad = BAD_FRAMES.find((b) => b.name === name)!;
      const { r, got } = reader();
      r.push(Buffer.from(bad.bytes(JSON.stringify(request(2))) + frame(request(3))));
      assert.deepEqual(got, [2, 3], name);
    }
  });

  it('a 10 MB garbage header logs once, not once per chunk', () => {
    const { r, got, logs } = reader();
    const junk = Buffer.from(`X-Junk: ${'a'.repeat(10 << 20)}\r\n\r\n`);
    for (let i = 0; i < junk.length; i += 65536) r.push(junk.subarray(i, i + 65536));
    r.push(Buffer.from(frame(request(7))));
    assert.deepEqual(got, [7]);
    assert.equal(logs.length, 1);
  });

  it('any chunking of good and bad frames delivers every well-framed message, in order', () => {
    const planArb = fc.array(fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: BAD_FRAMES.length - 2 })), { maxLength: 12 });
    fc.assert(
      fc.property(planArb, fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 20 }), (plan, cuts) => checkFramingStream(plan, cuts)),
      { numRuns: 300, seed: 17 },
    );
  });
});
