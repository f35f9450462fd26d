/**
 * stdout is the protocol channel: nothing may print there. console.* goes to the client's
 * log instead, and process-level failures are logged rather than killing the server.
 */
import { Connection } from 'vscode-languageserver/node';
import { Guard } from './guard';

export function redirectConsole(c: Connection, guard: Guard): void {
  console.log = (...a: unknown[]) => c.console.log(a.map(String).join(' '));
  console.info = console.log;
  console.warn = (...a: unknown[]) => c.console.warn(a.map(String).join(' '));
  console.error = (...a: unknown[]) => c.console.error(a.map(String).join(' '));
  process.on('uncaughtException', (e) => guard.logError('uncaught exception', e));
  process.on('unhandledRejection', (e) => guard.logError('unhandled rejection', e));
}
