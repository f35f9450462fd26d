/**
 * Starts the mmlab language server (dist/server/server.js over stdio, the same
 * transport Neovim and the CLI's `mmlab lsp` use) and wraps its custom requests
 * in typed methods.
 */
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import {
  COMPARE_REQUEST,
  CompareData,
  CompareParams,
  DESIGNS_REQUEST,
  DesignsData,
  DesignsParams,
  RUN_FINISHED_NOTIFICATION,
  RUN_REQUEST,
  RunData,
  RunFinishedParams,
  RunParams,
  STEP_AT_REQUEST,
  StepAtParams,
  StepAtResult,
  SWEEP_REQUEST,
  SweepData,
  SweepParams,
  WHAT_IF_REQUEST,
  WhatIfParams,
  WhatIfResult,
} from '../../server/src/clientApi';
import type { DesignName } from '../../server/src/clientApi';

export interface MmlabServer {
  readonly onRunFinished: vscode.Event<RunFinishedParams>;
  run(uri: string, design?: DesignName): Promise<RunData>;
  /** no designs: the server's default columns (mmlab.compareDesigns the document sees, then the workspace's and its own designs) */
  compare(uri: string, designs?: DesignName[]): Promise<CompareData>;
  /** the designs the document can run under: built-ins, the workspace's designs.mmlab, its own */
  designs(uri: string): Promise<DesignsData>;
  /** undefined when the server does not answer mmlab/stepAt */
  stepAt(uri: string, position: vscode.Position, design?: DesignName): Promise<number | undefined>;
  /** mmlab/whatIf: explore or shrink on a line; the token cancels the request */
  whatIf(params: WhatIfParams, token?: vscode.CancellationToken): Promise<WhatIfResult>;
  /** mmlab/sweep: one knob over its values under each design; the token cancels the request */
  sweep(params: SweepParams, token?: vscode.CancellationToken): Promise<SweepData>;
}

export class ServerConnection implements MmlabServer, vscode.Disposable {
  /** created after activate() returns (see ready) */
  client: LanguageClient | undefined;
  private readonly runFinished = new vscode.EventEmitter<RunFinishedParams>();
  readonly onRunFinished = this.runFinished.event;
  readonly ready: Promise<void>;

  constructor(context: vscode.ExtensionContext, output: vscode.LogOutputChannel) {
    const module = context.asAbsolutePath('dist/server/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.stdio },
      debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { language: 'mmlab', scheme: 'file' },
        { language: 'mmlab', scheme: 'untitled' },
        { language: 'mmlab', scheme: 'vscode-remote' },
      ],
      synchronize: { configurationSection: 'mmlab' },
      initializationOptions: { settings: vscode.workspace.getConfiguration('mmlab') },
      outputChannel: output,
    };
    // Build and start the client after activate() returns: loading the client's
    // machinery and spawning the server process are the slow parts of activation.
    this.ready = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      const client = new LanguageClient('mmlab', 'mmlab language server', serverOptions, clientOptions);
      this.client = client;
      await client.start();
      client.onNotification(RUN_FINISHED_NOTIFICATION, (p: RunFinishedParams) => this.runFinished.fire(p));
    });
  }

  async run(uri: string, design?: DesignName): Promise<RunData> {
    await this.ready;
    const params: RunParams = design ? { uri, design } : { uri };
    return this.client!.sendRequest<RunData>(RUN_REQUEST, params);
  }

  async compare(uri: string, designs?: DesignName[]): Promise<CompareData> {
    await this.ready;
    const params: CompareParams = designs?.length ? { uri, designs } : { uri };
    return this.client!.sendRequest<CompareData>(COMPARE_REQUEST, params);
  }

  async designs(uri: string): Promise<DesignsData> {
    await this.ready;
    const params: DesignsParams = { uri };
    return this.client!.sendRequest<DesignsData>(DESIGNS_REQUEST, params);
  }

  async whatIf(params: WhatIfParams, token?: vscode.CancellationToken): Promise<WhatIfResult> {
    await this.ready;
    return this.client!.sendRequest<WhatIfResult>(WHAT_IF_REQUEST, params, token);
  }

  async sweep(params: SweepParams, token?: vscode.CancellationToken): Promise<SweepData> {
    await this.ready;
    return this.client!.sendRequest<SweepData>(SWEEP_REQUEST, params, token);
  }

  async stepAt(uri: string, position: vscode.Position, design?: DesignName): Promise<number | undefined> {
    await this.ready;
    const params: StepAtParams = { uri, position: { line: position.line, character: position.character }, design };
    try {
      const r = await this.client!.sendRequest<StepAtResult | null>(STEP_AT_REQUEST, params);
      return r && typeof r.index === 'number' ? r.index : undefined;
    } catch {
      return undefined;
    }
  }

  async dispose(): Promise<void> {
    this.runFinished.dispose();
    if (this.client?.isRunning()) await this.client.stop();
  }
}
