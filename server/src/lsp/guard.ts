/**
 * Failures are contained per request: a handler that throws is logged on the client's console
 * and answered with its fallback, so one bad request never takes the server down.
 */
import { Connection, ErrorCodes, ResponseError } from 'vscode-languageserver/node';

export class Guard {
  constructor(private readonly connection: Connection) {}

  logError(where: string, e: unknown): void {
    const msg = e instanceof Error ? e.stack ?? e.message : String(e);
    try {
      this.connection.console.error(`mmlab ${where}: ${msg}`);
    } catch {
      /* the connection itself is gone */
    }
  }

  /** Runs a handler; a throw is logged and answered with `fallback` (ResponseErrors pass through when `rethrowResponse`). */
  run<T>(where: string, fn: () => T, fallback?: T, rethrowResponse = false): T {
    try {
      return fn();
    } catch (e) {
      if (rethrowResponse && e instanceof ResponseError) throw e;
      this.logError(where, e);
      return fallback as T;
    }
  }

  async runAsync<T>(where: string, fallback: T, fn: () => Promise<T>, rethrowResponse = false): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof ResponseError && (rethrowResponse || e.code === -32800)) throw e;
      this.logError(where, e);
      if (rethrowResponse) throw new ResponseError(ErrorCodes.InternalError, `mmlab: ${where} failed: ${e instanceof Error ? e.message : String(e)}`);
      return fallback;
    }
  }
}
