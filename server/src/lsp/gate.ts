/**
 * The protocol's life cycle and parameter checks, between the message reader and the
 * connection (so every handler sees only well-formed calls in a legal state):
 *  - before `initialize`, a request is answered -32002 ServerNotInitialized and a notification
 *    is dropped (except `exit`), as the LSP specification asks;
 *  - a second `initialize` is refused with -32600 InvalidRequest;
 *  - after `shutdown`, requests are refused with -32600 InvalidRequest;
 *  - a request whose parameters have the wrong shape is answered -32602 InvalidParams with a
 *    message naming the field (lsp/params.ts); a notification with bad parameters is dropped and
 *    logged.
 */
import { AbstractMessageReader, DataCallback, Disposable, ErrorCodes, Message, MessageReader, MessageWriter, NotificationMessage, RequestMessage } from 'vscode-languageserver/node';
import { checkParams } from './params';

type Phase = 'new' | 'initialized' | 'shutdown';

export class ProtocolGate extends AbstractMessageReader implements MessageReader {
  private phase: Phase = 'new';
  /** refused or dropped messages (tests read it) */
  refused = 0;

  constructor(
    private readonly inner: MessageReader,
    private readonly writer: MessageWriter,
    private readonly log: (message: string) => void = () => undefined,
  ) {
    super();
    inner.onError((e) => this.fireError(e));
    inner.onClose(() => this.fireClose());
    inner.onPartialMessage((info) => this.firePartialMessage(info));
  }

  get shutdownReceived(): boolean {
    return this.phase === 'shutdown';
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((m) => {
      if (this.admit(m)) callback(m);
    });
  }

  private admit(m: Message): boolean {
    if (Message.isRequest(m)) return this.admitRequest(m);
    if (Message.isNotification(m)) return this.admitNotification(m);
    return true; // responses to the server's own requests
  }

  private admitRequest(m: RequestMessage): boolean {
    if (m.method === 'initialize') {
      if (this.phase !== 'new') return this.refuse(m, ErrorCodes.InvalidRequest, 'mmlab: initialize was already received; a server is initialized once');
    } else if (this.phase === 'new') {
      return this.refuse(m, ErrorCodes.ServerNotInitialized, `mmlab: ${m.method} before initialize; send initialize first`);
    } else if (this.phase === 'shutdown') {
      return this.refuse(m, ErrorCodes.InvalidRequest, `mmlab: ${m.method} after shutdown; only exit is accepted now`);
    }
    const bad = checkParams(m.method, m.params);
    if (bad) return this.refuse(m, ErrorCodes.InvalidParams, bad);
    if (m.method === 'initialize') this.phase = 'initialized';
    else if (m.method === 'shutdown') this.phase = 'shutdown';
    return true;
  }

  private admitNotification(m: NotificationMessage): boolean {
    if (m.method === 'exit') return true;
    if (this.phase === 'new') return this.drop(m, 'before initialize');
    const bad = checkParams(m.method, m.params);
    if (bad) return this.drop(m, bad);
    return true;
  }

  private refuse(m: RequestMessage, code: number, message: string): false {
    this.refused++;
    const response = { jsonrpc: '2.0', id: m.id, error: { code, message } } as Message;
    this.writer.write(response).catch((e: unknown) => this.log(`mmlab: could not answer ${m.method}: ${String(e)}`));
    return false;
  }

  private drop(m: NotificationMessage, why: string): false {
    this.refused++;
    this.log(`mmlab: dropped notification ${m.method} (${why})`);
    return false;
  }
}
