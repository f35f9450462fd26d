/**
 * Spawns the REAL language server over stdio and speaks LSP to it. The server
 * command is chosen here: MMLAB_SERVER (a path to a server.js) if set; else
 * dist/server/server.js when it exists and is newer than every source file under
 * server/src (a stale bundle would test old code); else the TypeScript entry
 * through tsx (`node --require tsx/cjs server/src/lsp/main.ts`).
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';

export const ROOT = path.resolve(__dirname, '../..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

export function serverCommand(): { command: string; args: string[]; kind: 'env' | 'dist' | 'tsx' } {
  const env = process.env.MMLAB_SERVER;
  if (env) return { command: process.execPath, args: [path.resolve(env), '--stdio'], kind: 'env' };
  const dist = path.join(ROOT, 'dist/server/server.js');
  const worker = path.join(ROOT, 'dist/server/worker.js');
  if (fs.existsSync(dist) && fs.existsSync(worker)) {
    const built = Math.min(fs.statSync(dist).mtimeMs, fs.statSync(worker).mtimeMs);
    if (built >= newestMtime(path.join(ROOT, 'server/src'))) return { command: process.execPath, args: [dist, '--stdio'], kind: 'dist' };
  }
  return { command: process.execPath, args: ['--require', require.resolve('tsx/cjs'), path.join(ROOT, 'server/src/lsp/main.ts'), '--stdio'], kind: 'tsx' };
}

export interface ClientOptions {
  /** what workspace/configuration answers for section `mmlab` (undefined = no configuration capability) */
  settings?: Record<string, unknown>;
  /** advertise window.workDoneProgress */
  progress?: boolean;
  /** advertise workspace.codeLens/inlayHint refresh support */
  refresh?: boolean;
  initializationOptions?: unknown;
  env?: Record<string, string>;
  /** answer a server request only when the promise this returns for it settles (undefined: at once) */
  holdRequest?: (method: string, client: LspClient) => Promise<unknown> | undefined;
}

export interface Received {
  method: string;
  params: unknown;
  at: number;
}

export class LspClient {
  readonly diagnostics: (PublishDiagnosticsParams & { at: number })[] = [];
  readonly notifications: Received[] = [];
  readonly serverRequests: Received[] = [];
  stderr = '';
  private listeners: (() => void)[] = [];
  private versions = new Map<string, number>();
  private texts = new Map<string, string>();
  init!: InitializeResult;

  constructor(
    readonly conn: MessageConnection,
    readonly proc: ChildProcess,
    public settings: Record<string, unknown> | undefined,
  ) {}

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }

  record(kind: 'diag' | 'note' | 'req', method: string, params: unknown): void {
    const at = performance.now();
    if (kind === 'diag') this.diagnostics.push({ ...(params as PublishDiagnosticsParams), at });
    else if (kind === 'note') this.notifications.push({ method, params, at });
    else this.serverRequests.push({ method, params, at });
    this.changed();
  }

  /** Resolves when `pred` holds (checked after every message), rejects after timeoutMs. */
  waitFor<T>(pred: () => T | undefined | false, timeoutMs = 20000, what = 'condition'): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const v = pred();
        if (v) {
          cleanup();
          resolve(v);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
      };
      const listener = () => void check();
      this.listeners.push(listener);
      check();
    });
  }

  /** The run's diagnostics for `version` (the publish that precedes mmlab/runFinished for that version). */
  async runDiagnostics(uri: string, version: number, timeoutMs = 20000): Promise<PublishDiagnosticsParams> {
    await this.waitFor(() => this.runFinished(uri, version), timeoutMs, `mmlab/runFinished ${uri}@${version}`);
    const ds = this.diagnostics.filter((d) => d.uri === uri && d.version === version);
    return ds[ds.length - 1];
  }

  runFinished(uri: string, version: number): { uri: string; version: number; verdict: string; expectPassed: number; expectFailed: number } | undefined {
    const n = this.notifications.find((x) => x.method === 'mmlab/runFinished' && (x.params as { uri: string }).uri === uri && (x.params as { version: number }).version === version);
    return n?.params as never;
  }

  open(uri: string, text: string, version = 1): void {
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mmlab', version, text } });
  }

  text(uri: string): string {
    return this.texts.get(uri) ?? '';
  }

  /** Replaces the whole text (as a ranged change over the full document); returns the new version. */
  replaceAll(uri: string, text: string): number {
    const old = this.texts.get(uri) ?? '';
    const lines = old.split('\n');
    const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
    return this.change(uri, [{ range: { start: { line: 0, character: 0 }, end }, text }], text);
  }

  /** Sends ranged changes; `after` is the resulting text (the harness tracks it). */
  change(uri: string, changes: unknown[], after: string): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, after);
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  /** Inserts `insert` at (line, character), tracking the text. */
  insertAt(uri: string, line: number, character: number, insert: string): number {
    const old = this.texts.get(uri) ?? '';
    const lines = old.split('\n');
    const offset = lines.slice(0, line).reduce((a, l) => a + l.length + 1, 0) + character;
    const after = old.slice(0, offset) + insert + old.slice(offset);
    return this.change(uri, [{ range: { start: { line, character }, end: { line, character } }, text: insert }], after);
  }

  /**
   * Drops what the client keeps for `uri` (its text, version, diagnostics, notifications naming
   * it), logMessage notifications below Error, and progress messages: a client that plays thousands of documents on one server
   * (the long fuzz) would otherwise scan ever longer lists on every message.
   */
  forget(uri: string): void {
    this.versions.delete(uri);
    this.texts.delete(uri);
    const named = (p: unknown) => !!p && typeof p === 'object' && ((p as { uri?: unknown }).uri === uri || (p as { textDocument?: { uri?: unknown } }).textDocument?.uri === uri);
    keepOnly(this.diagnostics, (d) => d.uri !== uri);
    const minor = (n: Received) => (n.method === 'window/logMessage' && (n.params as { type?: number })?.type !== 1) || n.method === '$/progress';
    keepOnly(this.notifications, (n) => !minor(n) && !named(n.params));
    keepOnly(this.serverRequests, (r) => r.method !== 'window/workDoneProgress/create');
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      void this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.proc.kill('SIGKILL');
        resolve();
      }, 2000);
      if (this.proc.exitCode !== null) {
        clearTimeout(t);
        resolve();
        return;
      }
      this.proc.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
    this.conn.dispose();
  }
}

/** Removes, in place, the elements of `xs` for which `keep` is false. */
function keepOnly<T>(xs: T[], keep: (x: T) => boolean): void {
  let w = 0;
  for (const x of xs) if (keep(x)) xs[w++] = x;
  xs.length = w;
}

export async function startClient(opts: ClientOptions = {}): Promise<LspClient> {
  const cmd = serverCommand();
  const proc = spawn(cmd.command, cmd.args, { cwd: ROOT, env: { ...process.env, ...(opts.env ?? {}) }, stdio: ['pipe', 'pipe', 'pipe'] });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const client = new LspClient(conn, proc, opts.settings);
  proc.stderr!.on('data', (b: Buffer) => (client.stderr += b.toString()));
  conn.onNotification('textDocument/publishDiagnostics', (p: unknown) => client.record('diag', 'textDocument/publishDiagnostics', p));
  conn.onNotification((method: string, params: unknown) => client.record('note', method, params));
  conn.onUnhandledProgress((p) => client.record('note', '$/progress', p));
  conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
    client.record('req', 'workspace/configuration', p);
    return p.items.map(() => client.settings ?? null);
  });
  conn.onRequest(async (method: string, params: unknown) => {
    client.record('req', method, params);
    await opts.holdRequest?.(method, client);
    return null;
  });
  conn.listen();
  const capabilities = {
    workspace: {
      configuration: opts.settings !== undefined,
      didChangeConfiguration: { dynamicRegistration: true },
      codeLens: { refreshSupport: !!opts.refresh },
      inlayHint: { refreshSupport: !!opts.refresh },
    },
    window: { workDoneProgress: !!opts.progress },
    textDocument: {
      publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, tagSupport: { valueSet: [1, 2] } },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      completion: { completionItem: { snippetSupport: true } },
      semanticTokens: { requests: { full: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] },
    },
  };
  client.init = (await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities,
    initializationOptions: opts.initializationOptions,
    workspaceFolders: null,
  })) as InitializeResult;
  await conn.sendNotification('initialized', {});
  return client;
}

export function fixture(name: string): string {
  return fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
}

export function uriFor(name: string): string {
  return `file:///mmlab-test/${name}`;
}

/** 0-based position of the n-th occurrence of `needle` (plus `delta` characters). */
export function positionOf(text: string, needle: string, delta = 0, nth = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`fixture text has no ${nth + 1}. occurrence of ${JSON.stringify(needle)}`);
  }
  const offset = at + delta;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}
