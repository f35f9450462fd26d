/** didOpen / didChange / didClose, the configuration notifications and the watched designs.mmlab files. */
import { mark } from '../editTiming';
import {
  DidChangeConfigurationNotification,
  DidChangeConfigurationParams,
  DidChangeTextDocumentParams,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
} from 'vscode-languageserver/node';
import { parseSettings } from '../config';
import { DESIGNS_FILE } from '../../analysis/designsFile';
import { DesignFiles } from '../designFiles';
import { Session } from '../session';

export function registerDocumentSync(s: Session): void {
  const c = s.connection;
  c.onInitialized(() => {
    if (s.caps.configuration && s.caps.configurationDynamic) {
      void c.client.register(DidChangeConfigurationNotification.type, { section: 'mmlab' }).catch(() => undefined);
    }
    void pullSettings(s);
    // a designs.mmlab written outside the editor (git checkout, another tool) changes what scenarios see
    if (s.caps.watchedFilesDynamic) {
      void c.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${DESIGNS_FILE}` }] }).catch(() => undefined);
    }
  });
  c.onDidChangeWatchedFiles(() =>
    s.guard.run('didChangeWatchedFiles', () => {
      s.designFiles.forget();
      s.runs.designsChanged();
    }),
  );

  c.onDidChangeConfiguration((p: DidChangeConfigurationParams) => {
    if (s.caps.configuration) void pullSettings(s);
    else if (p.settings && typeof p.settings === 'object') s.applySettings(parseSettings((p.settings as Record<string, unknown>).mmlab ?? p.settings));
  });

  c.onDidOpenTextDocument((p: DidOpenTextDocumentParams) =>
    s.guard.run('didOpen', () => {
      // nothing is analysed on this thread: the worker's run publishes static and run diagnostics
      const st = s.docs.open(p.textDocument.uri, p.textDocument.languageId, p.textDocument.version, p.textDocument.text);
      s.runs.scheduleRun(st);
      if (DesignFiles.isDesignsFile(st.uri)) s.runs.designsChanged();
    }),
  );
  c.onDidChangeTextDocument((p: DidChangeTextDocumentParams) =>
    s.guard.run('didChange', () => {
      mark('didChange', { uri: p.textDocument.uri, version: p.textDocument.version });
      // the edit path only applies the change (ADR 0007): the last diagnostics, shifted, are published at once
      const st = s.docs.change(p.textDocument.uri, p.textDocument.version, p.contentChanges);
      if (!st) return;
      s.runs.scheduleRun(st);
      s.runs.publishStatic(st);
      // the workspace's designs as typed: every scenario that sees them is analysed again
      if (DesignFiles.isDesignsFile(st.uri)) s.runs.designsChanged();
    }),
  );
  c.onDidCloseTextDocument((p: DidCloseTextDocumentParams) =>
    s.guard.run('didClose', () => {
      s.runs.close(p.textDocument.uri);
      s.docs.close(p.textDocument.uri);
      c.sendDiagnostics({ uri: p.textDocument.uri, diagnostics: [] });
      // closed unsaved: the scenarios see the file on disk again
      if (DesignFiles.isDesignsFile(p.textDocument.uri)) s.runs.designsChanged();
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
