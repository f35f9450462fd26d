/** What every handler group (handlers/*.ts) works with: the server's state, behind one interface. */
import { Connection } from 'vscode-languageserver/node';
import { FeatureContext } from '../analysis/context';
import { ClientCaps } from './capabilities';
import { Settings } from './config';
import { DesignFiles } from './designFiles';
import { Documents } from './documents';
import { Guard } from './guard';
import { RunScheduler } from './runs';

export interface Session {
  readonly connection: Connection;
  readonly docs: Documents;
  readonly designFiles: DesignFiles;
  readonly runs: RunScheduler;
  readonly guard: Guard;
  readonly caps: ClientCaps;
  settings(): Settings;
  applySettings(next: Settings): void;
  /** the feature context of the current text (analysed on demand, once per version; no waiting for a run) */
  contextNow(uri: string): FeatureContext | undefined;
}
