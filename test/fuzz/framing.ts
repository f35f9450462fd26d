/**
 * The malformed frames of issue 17 (item 4), shared by the framing tests and the fuzzer: each is
 * a byte string that breaks the base protocol's framing in one way. `body` is the JSON-RPC
 * message the frame wraps (it may be delivered by salvage or dropped; either is fine).
 */
import { PassThrough } from 'stream';
import { FramedMessageReader } from '../../server/src/lsp/framing';

export interface BadFrame {
  name: string;
  bytes: (body: string) => string;
}

const len = (s: string) => Buffer.byteLength(s, 'utf8');

export const BAD_FRAMES: BadFrame[] = [
  { name: 'missing Content-Length', bytes: (b) => `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${b}` },
  { name: 'negative Content-Length', bytes: (b) => `Content-Length: -${len(b)}\r\n\r\n${b}` },
  { name: 'fractional Content-Length', bytes: (b) => `Content-Length: ${len(b)}.5\r\n\r\n${b}` },
  { name: 'Content-Length too small', bytes: (b) => `Content-Length: ${Math.max(1, len(b) - 7)}\r\n\r\n${b}` },
  { name: 'Content-Length too large', bytes: (b) => `Content-Length: ${len(b) + 300}\r\n\r\n${b}` },
  { name: 'huge Content-Length', bytes: (b) => `Content-Length: 99999999999999\r\n\r\n${b}` },
  { name: 'LF-only headers', bytes: (b) => `Content-Length: ${len(b)}\n\n${b}` },
  { name: 'header without a colon', bytes: (b) => `Content-Length ${len(b)}\r\n\r\n${b}` },
  { name: 'zero Content-Length', bytes: (b) => `Content-Length: 0\r\n\r\n${b}` },
  { name: 'garbage between frames', bytes: () => `\u0000\u00ff garbage }{ \r\n` },
  { name: 'body not JSON', bytes: () => `Content-Length: 9\r\n\r\nnot json!` },
  { name: '10 MB header', bytes: () => `X-Junk: ${'a'.repeat(10 << 20)}\r\n\r\n` },
];

export function frame(message: unknown): string {
  const body = JSON.stringify(message);
  return `Content-Length: ${len(body)}\r\n\r\n${body}`;
}

/**
 * The framing property: a stream of well-framed requests with malformed frames between them
 * (`plan`: -1 none, else an index into BAD_FRAMES, the 10 MB one excluded), cut into chunks of
 * the sizes in `cuts`, goes through the FramedMessageReader without a stall timer. Every
 * well-framed request is delivered, in order, except those a too-large length still holds
 * (they wait for more bytes). Throws with the difference.
 */
export function checkFramingStream(plan: number[], cuts: number[]): void {
  const request = (id: number) => ({ jsonrpc: '2.0', id, method: 'textDocument/documentSymbol', params: { textDocument: { uri: `file:///t${id}.mmlab` } } });
  const r = new FramedMessageReader(new PassThrough(), { stallMs: 0 });
  const got: number[] = [];
  r.listen((m) => got.push((m as unknown as { id: number }).id));
  let text = '';
  const good: number[] = [];
  plan.forEach((p, i) => {
    if (p >= 0) text += BAD_FRAMES[p % (BAD_FRAMES.length - 1)].bytes(JSON.stringify(request(1000 + i)));
    text += frame(request(i));
    good.push(i);
  });
  const bytes = Buffer.from(text);
  let at = 0;
  for (let k = 0; at < bytes.length; k++) {
    const n = Math.max(1, cuts[k % cuts.length] ?? 1);
    r.push(bytes.subarray(at, at + n));
    at += n;
  }
  const delivered = got.filter((id) => id < 1000);
  const tooLarge = plan.findIndex((p) => p >= 0 && BAD_FRAMES[p % (BAD_FRAMES.length - 1)].name === 'Content-Length too large');
  const expected = tooLarge < 0 ? good : good.filter((i) => i < tooLarge || delivered.includes(i));
  if (JSON.stringify(delivered) !== JSON.stringify(expected)) throw new Error(`delivered ${JSON.stringify(delivered)}, expected ${JSON.stringify(expected)} (plan ${JSON.stringify(plan)})`);
}
