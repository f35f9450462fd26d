/**
 * The malformed frames of issue 17 (item 4), shared by the framing tests and the fuzzer: each is
 * a byte string that breaks the base protocol's framing in one way. `body` is the JSON-RPC
 * message the frame wraps (it may be delivered by salvage or dropped; either is fine).
 */
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
