/** didOpen / didChange / didClose and the configuration notifications. */
import {
  DidChangeConfigurationNotification,
  DidChangeConfigurationParams,
  DidChangeTextDocumentParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
} from 'vscode-languageserver/node';
import { parseSettings } from '../config';
import { Session } from '../session';

export function registerDocumentSync(s: Session): void {
  const c = s.connection;
  c.onInitialized(() => {
    if (s.caps.configuration && s.caps.configurationDynamic) {
      void c.client.register(DidChangeConfigurationNotification.type, { section: 'mmlab' }).catch(() => undefined);
    }
    void pullSettings(s);
  });

  c.onDidChangeConfiguration((p: DidChangeConfigurationParams) => {
    if (s.caps.configuration) void pullSettings(s);
    else if (p.settings && typeof p.settings === 'object') s.applySettings(parseSettings((p.settings as Record<string, unknown>).mmlab ?? p.settings));
  });

  c.onDidOpenTextDocument((p: DidOpenTextDocumentParams) =>
    s.guard.run('didOpen', () => {
      // nothing is analysed on this thread: the worker's run publishes static and run diagnostics
      const st = s.docs.open(p.textDocument.uri, p.textDocument.languageId, p.textDocument.version, p.textDocument.text);
      s.runs.scheduleRun(st);
    }),
  );
  c.onDidChangeTextDocument((p: DidChangeTextDocumentParams) =>
    s.guard.run('didChange', () => {
      // the edit path only applies the change (ADR 0007): the last diagnostics, shifted, are published at once
      const st = s.docs.change(p.textDocument.uri, p.textDocument.version, p.contentChanges);
      if (!st) return;
      s.runs.scheduleRun(st);
      s.runs.publishStatic(st);
    }),
  );
  c.onDidCloseTextDocument((p: DidCloseTextDocumentParams) =>
    s.guard.run('didClose', () => {
      s.runs.close(p.textDocument.uri);
      s.docs.close(p.textDocument.uri);
      c.sendDiagnostics({ uri: p.textDocument.uri, diagnostics: [] });
    }),
  );
}

async function pullSettings(s: Session): Promise<void> {
  if (!s.caps.configuration) return;
  try {
    const raw = await s.connection.workspace.getConfiguration('mmlab');
    s.applySettings(parseSettings(raw));
  } catch (e) {
    s.guard.logError('workspace/configuration', e);
  }
}
