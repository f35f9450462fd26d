/**
 * A byte-level client of the real server (test/protocol/harness.ts picks the command): writes
 * raw bytes to its stdin, collects the messages it answers on stdout. For framing and protocol
 * life-cycle tests, where the well-behaved client of the harness cannot say what is needed.
 */
import { ChildProcess, spawn } from 'child_process';
import { StreamMessageReader } from 'vscode-jsonrpc/node';
import { frame } from '../fuzz/framing';
import { ROOT, serverCommand } from './harness';

export interface Answer {
  id?: number | string | null;
  method?: string;
  result?: unknown;
  error?: { code: number; message: string };
  params?: unknown;
}

export class RawClient {
  readonly received: Answer[] = [];
  stderr = '';
  private nextId = 1;
  readonly proc: ChildProcess;

  constructor() {
    const cmd = serverCommand();
    this.proc = spawn(cmd.command, cmd.args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (b: Buffer) => (this.stderr += b.toString()));
    new StreamMessageReader(this.proc.stdout!).listen((m) => this.received.push(m as Answer));
  }

  write(bytes: string): void {
    this.proc.stdin!.write(bytes);
  }

  send(method: string, params?: unknown, id = this.nextId++): number {
    this.write(frame({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }));
    return id;
  }

  notify(method: string, params?: unknown): void {
    this.write(frame({ jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }) }));
  }

  async answer(id: number, timeoutMs = 20_000): Promise<Answer> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const a = this.received.find((m) => m.id === id && m.method === undefined);
      if (a) return a;
      if (this.proc.exitCode !== null) throw new Error(`the server exited (${this.proc.exitCode}) before answering ${id}: ${this.stderr.slice(-2000)}`);
      if (Date.now() > end) throw new Error(`no answer to request ${id} within ${timeoutMs} ms; received ${JSON.stringify(this.received.map((m) => m.id ?? m.method))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** window/logMessage texts the server sent */
  logs(): string[] {
    return this.received.filter((m) => m.method === 'window/logMessage').map((m) => (m.params as { message: string }).message);
  }

  async initialize(): Promise<void> {
    const id = this.send('initialize', { processId: null, rootUri: null, capabilities: {} });
    const a = await this.answer(id, 60_000);
    if (a.error) throw new Error(`initialize failed: ${a.error.message}`);
    this.notify('initialized', {});
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((r) => (this.proc.exitCode !== null ? r() : this.proc.once('exit', () => r())));
    try {
      this.send('shutdown');
      this.notify('exit');
    } catch {
      /* gone */
    }
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(t);
  }
}
