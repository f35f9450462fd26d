/**
 * A base-protocol reader (`Content-Length: N\r\n\r\n` + N bytes of JSON) that survives malformed
 * frames. vscode-jsonrpc's StreamMessageReader reports a bad header once and then stays out of
 * step with the stream for good (a missing, negative, fractional, too small or too large
 * Content-Length, LF-only headers, a header line without a colon, a 10 MB header): the server
 * lived on and never answered again. This reader logs the reason and resynchronises on the next
 * `Content-Length:` header; the bytes it skipped are still delivered when they are exactly one
 * JSON-RPC message (a wrong length around a good body loses nothing).
 *
 * Decoding is synchronous, so messages are delivered in stream order.
 */
import { Readable } from 'stream';
import { AbstractMessageReader, DataCallback, Disposable, Message, MessageReader } from 'vscode-languageserver/node';

/** A header block longer than this is garbage (real ones are under 100 bytes). */
export const MAX_HEADER_BYTES = 8 * 1024;
/** A message body longer than this is refused (a 1 MB document is a 1 MB didOpen). */
export const MAX_MESSAGE_BYTES = 128 * 1024 * 1024;
/** A body still incomplete after this long without new bytes had a wrong (too large) length. */
export const BODY_STALL_MS = 3000;

// a colon-less `Content-Length 10` is a broken header too: resynchronise on it and say why
const NAMES = [Buffer.from('Content-Length'), Buffer.from('content-length'), Buffer.from('CONTENT-LENGTH')];
const CRLF2 = Buffer.from('\r\n\r\n');
const LF2 = Buffer.from('\n\n');

export interface FramingOptions {
  /** where framing problems are reported (the server's log); default: nowhere */
  log?: (message: string) => void;
  stallMs?: number;
  maxMessageBytes?: number;
}

type Header =
  | { ok: true; length: number; bodyStart: number }
  /** `salvageFrom`: where the broken frame's body starts (-1: no complete header block) */
  | { ok: false; reason: string; salvageFrom: number }
  | undefined;

export class FramedMessageReader extends AbstractMessageReader implements MessageReader {
  /** bytes not consumed yet */
  private buf = Buffer.alloc(0);
  /** chunks of a long body not joined to `buf` yet (joining each chunk would be quadratic) */
  private extra: Buffer[] = [];
  private extraBytes = 0;
  private callback?: DataCallback;
  /** the header of the body being waited for */
  private pending?: { length: number; bodyStart: number };
  private stall?: NodeJS.Timeout;
  private readonly log: (m: string) => void;
  private readonly stallMs: number;
  private readonly maxMessage: number;
  /** framing problems seen (tests and the fuzzer read it) */
  problems = 0;
  /** skipping garbage since the last good message: one log line per episode, not per chunk */
  private resyncing = false;
  private lfNoted = false;

  constructor(
    private readonly readable: Readable,
    opts: FramingOptions = {},
  ) {
    super();
    this.log = opts.log ?? (() => undefined);
    this.stallMs = opts.stallMs ?? BODY_STALL_MS;
    this.maxMessage = opts.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer | string) => this.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    const onError = (e: Error) => this.fireError(e);
    const onClose = () => {
      this.clearStall();
      this.fireClose();
    };
    this.readable.on('data', onData);
    this.readable.on('error', onError);
    this.readable.on('close', onClose);
    this.readable.on('end', onClose);
    return Disposable.create(() => {
      this.clearStall();
      this.readable.off('data', onData);
      this.readable.off('error', onError);
      this.readable.off('close', onClose);
      this.readable.off('end', onClose);
    });
  }

  /** Feeds bytes (the stream's data events; tests call it directly). */
  push(chunk: Buffer): void {
    this.clearStall();
    this.extra.push(chunk);
    this.extraBytes += chunk.length;
    const need = this.pending ? this.pending.bodyStart + this.pending.length : 0;
    if (!this.pending || this.buf.length + this.extraBytes >= need) {
      this.join();
      this.drain();
    }
    if (this.pending) this.armStall();
  }

  private join(): void {
    if (!this.extra.length) return;
    this.buf = Buffer.concat([this.buf, ...this.extra]);
    this.extra = [];
    this.extraBytes = 0;
  }

  private drain(): void {
    for (;;) {
      if (this.pending) {
        const { length, bodyStart } = this.pending;
        if (this.buf.length < bodyStart + length) return;
        this.pending = undefined;
        const message = parseMessage(this.buf.subarray(bodyStart, bodyStart + length));
        if (message) {
          this.buf = this.buf.subarray(bodyStart + length);
          this.resyncing = false;
          this.deliver(message);
        } else this.problem(`the ${length}-byte body is not a JSON-RPC message (wrong Content-Length?)`, bodyStart, bodyStart);
        continue;
      }
      if (!this.buf.length) return;
      const h = this.header();
      if (!h) return;
      if (h.ok) {
        this.pending = { length: h.length, bodyStart: h.bodyStart };
        this.resyncing = false;
      }
      else this.problem(h.reason, 1, h.salvageFrom);
    }
  }

  /** The header block at the start of the buffer; undefined while it is incomplete. */
  private header(): Header {
    const buf = this.buf;
    const head = buf.subarray(0, 15).toString('latin1').toLowerCase();
    if (!HEADER_NAMES.some((n) => head.startsWith(n))) {
      if (HEADER_NAMES.some((n) => n.startsWith(head))) return undefined; // a name split across chunks
      return { ok: false, reason: `bytes where a header should start: ${preview(buf)}`, salvageFrom: -1 };
    }
    const end = headerEnd(buf);
    if (!end || end.at > MAX_HEADER_BYTES) {
      if (buf.length > MAX_HEADER_BYTES) return { ok: false, reason: `a header block longer than ${MAX_HEADER_BYTES} bytes`, salvageFrom: -1 };
      return undefined;
    }
    const bodyStart = end.at + end.len;
    let length: number | undefined;
    for (const line of buf.subarray(0, end.at).toString('latin1').split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon <= 0) return { ok: false, reason: `a header line without a colon: ${JSON.stringify(line.slice(0, 80))}`, salvageFrom: bodyStart };
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name !== 'content-length') continue;
      if (!/^\d{1,12}$/.test(value)) return { ok: false, reason: `Content-Length ${JSON.stringify(value.slice(0, 40))} is not a whole number of bytes`, salvageFrom: bodyStart };
      length = Number(value);
      if (length > this.maxMessage) return { ok: false, reason: `Content-Length ${length} is over the ${this.maxMessage}-byte limit`, salvageFrom: bodyStart };
    }
    if (length === undefined) return { ok: false, reason: 'a header block without Content-Length', salvageFrom: bodyStart };
    if (end.len === 2 && !this.lfNoted) {
      // not the protocol, but unambiguous: accepted (said once)
      this.lfNoted = true;
      this.problems++;
      this.log('mmlab: malformed message frame (header lines end in LF, not CRLF); accepted');
    }
    return { ok: true, length, bodyStart };
  }

  /**
   * Logs a framing problem and drops the bytes up to the next `Content-Length:` found at or
   * after `searchFrom`. The dropped bytes from `salvageFrom` on (the body of the broken frame)
   * are delivered when they are exactly one JSON-RPC message.
   */
  private problem(reason: string, searchFrom: number, salvageFrom: number): void {
    this.problems++;
    const next = nextName(this.buf, searchFrom);
    const skipped = next < 0 ? this.buf.length : next;
    const salvaged = salvageFrom >= 0 && salvageFrom < skipped ? parseMessage(this.buf.subarray(salvageFrom, skipped)) : undefined;
    if (next >= 0) this.buf = this.buf.subarray(next);
    else {
      // keep a tail that may be the start of the next header, split across chunks
      const tail = this.buf.subarray(Math.max(0, this.buf.length - (NAMES[0].length - 1)));
      const t = tail.toString('latin1').toLowerCase();
      let keep = 0;
      for (let i = 0; i < t.length && !keep; i++) if ('content-length'.startsWith(t.slice(i))) keep = t.length - i;
      this.buf = Buffer.from(tail.subarray(tail.length - keep));
    }
    if (!this.resyncing)
      this.log(
        `mmlab: malformed message frame (${reason}); ${salvaged ? 'its body is one whole message: delivered' : `dropped ${skipped} byte(s)`}; resynchronising on the next Content-Length header`,
      );
    this.resyncing = !salvaged;
    if (salvaged) this.deliver(salvaged);
  }

  private deliver(message: Message): void {
    this.callback?.(message);
  }

  private armStall(): void {
    if (this.stallMs <= 0) return;
    this.stall = setTimeout(() => {
      this.stall = undefined;
      if (!this.pending) return;
      this.join();
      const { length, bodyStart } = this.pending;
      this.pending = undefined;
      // nothing more is coming: the length was too large; what is here may still be messages
      this.problem(`a ${length}-byte body stalled at ${this.buf.length - bodyStart} byte(s) for ${this.stallMs} ms (Content-Length too large?)`, bodyStart, bodyStart);
      this.drain();
      if (this.pending) this.armStall();
    }, this.stallMs);
    this.stall.unref?.();
  }

  private clearStall(): void {
    if (this.stall) clearTimeout(this.stall);
    this.stall = undefined;
  }
}

const HEADER_NAMES = ['content-length', 'content-type'];

/** The first `Content-Length:` (three common spellings) at or after `from`, or -1. */
function nextName(buf: Buffer, from: number): number {
  let best = -1;
  for (const n of NAMES) {
    const i = buf.indexOf(n, from);
    if (i >= 0 && (best < 0 || i < best)) best = i;
  }
  return best;
}

/** The first blank line (CRLF CRLF, or LF LF from a lenient client), or undefined. */
function headerEnd(buf: Buffer): { at: number; len: number } | undefined {
  const limit = buf.subarray(0, MAX_HEADER_BYTES + 4);
  const crlf = limit.indexOf(CRLF2);
  const lf = limit.indexOf(LF2);
  if (crlf >= 0 && (lf < 0 || crlf <= lf)) return { at: crlf, len: 4 };
  return lf >= 0 ? { at: lf, len: 2 } : undefined;
}

/** One JSON-RPC message (an object with jsonrpc "2.0"), or undefined. */
function parseMessage(bytes: Buffer): Message | undefined {
  if (bytes.length === 0) return undefined;
  try {
    const m: unknown = JSON.parse(bytes.toString('utf8'));
    return m && typeof m === 'object' && !Array.isArray(m) && (m as { jsonrpc?: unknown }).jsonrpc === '2.0' ? (m as Message) : undefined;
  } catch {
    return undefined;
  }
}

function preview(buf: Buffer): string {
  return JSON.stringify(buf.subarray(0, 40).toString('latin1'));
}
