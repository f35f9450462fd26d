/** What the client can do (read once from `initialize`) and what this server offers. */
import { ClientCapabilities, CodeActionKind, InitializeResult, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES } from '../analysis/semanticTokens';

export interface ClientCaps {
  configuration: boolean;
  configurationDynamic: boolean;
  progress: boolean;
  codeLensRefresh: boolean;
  inlayHintRefresh: boolean;
  semanticTokensRefresh: boolean;
  /** the client watches files for us when we register workspace/didChangeWatchedFiles */
  watchedFilesDynamic: boolean;
  /** VS Code runs `editor.action.triggerSuggest` from a completion item (other clients would send it back as executeCommand) */
  suggestCommand: boolean;
}

export function noClientCaps(): ClientCaps {
  return { configuration: false, configurationDynamic: false, progress: false, codeLensRefresh: false, inlayHintRefresh: false, semanticTokensRefresh: false, watchedFilesDynamic: false, suggestCommand: false };
}

/** fills `caps` in place: the run scheduler holds the same object */
export function readClientCaps(cap: ClientCapabilities, caps: ClientCaps, clientName?: string): void {
  caps.configuration = !!cap.workspace?.configuration;
  caps.configurationDynamic = !!cap.workspace?.didChangeConfiguration?.dynamicRegistration;
  caps.progress = !!cap.window?.workDoneProgress;
  caps.codeLensRefresh = !!cap.workspace?.codeLens?.refreshSupport;
  caps.inlayHintRefresh = !!cap.workspace?.inlayHint?.refreshSupport;
  caps.semanticTokensRefresh = !!cap.workspace?.semanticTokens?.refreshSupport;
  caps.watchedFilesDynamic = !!cap.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  caps.suggestCommand = /visual studio code|vscode/i.test(clientName ?? '');
}

export function serverCapabilities(): InitializeResult {
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['|', '(', ',', ' ', '=', '{', '.'] },
      signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
      definitionProvider: true,
      referencesProvider: true,
      documentHighlightProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      documentFormattingProvider: true,
      semanticTokensProvider: { legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] }, full: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      inlayHintProvider: true,
      codeLensProvider: { resolveProvider: true },
    },
    serverInfo: { name: 'mmlab', version: '0.1.0' },
  };
}
