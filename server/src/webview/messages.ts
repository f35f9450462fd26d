/**
 * Messages between the extension (client/) and the webviews. Plain JSON; the
 * client imports these types only (no code), so the webview bundle stays
 * browser-only and the client never loads DOM code.
 */
import type { CompareData, LspRange, RunData } from '../analysis/viewData';
import type { SweepView as SweepData } from '../analysis/whatif/plot';
import type { Span } from '../common/span';

/** Where a click in a webview should take the editor. Ranges win over spans. */
export interface RevealTarget {
  range?: LspRange;
  /** UTF-16 offsets into the document (owner spans in NodeReport) */
  span?: Span;
}

export type HostToMemoryMap =
  | { type: 'run'; run: RunData }
  | { type: 'step'; index: number; source: 'cursor' | 'host' }
  | { type: 'error'; message: string };

export type MemoryMapToHost =
  | { type: 'ready' }
  | { type: 'reveal'; target: RevealTarget }
  | { type: 'stepChanged'; index: number }
  | { type: 'followCursor'; enabled: boolean }
  /** run the scenario under another design (one of RunData.designs) */
  | { type: 'design'; design: string };

export type HostToCompare = { type: 'compare'; data: CompareData } | { type: 'error'; message: string };

export type CompareToHost = { type: 'ready' } | { type: 'reveal'; target: RevealTarget };

/** the sweep view: the host sends the data once it has it (or why it failed) */
export type HostToSweep = { type: 'sweep'; data: SweepData } | { type: 'running'; what: string } | { type: 'error'; message: string };

export type SweepToHost = { type: 'ready' };

export interface SweepState {
  uri: string;
  data?: SweepData;
}

/** What a webview keeps with setState, so a reload (or a restored window) shows the same view at once. */
export interface MemoryMapState {
  uri: string;
  design?: string;
  /** selected timeline step; -1 = the final state */
  step: number;
  followCursor: boolean;
  run?: RunData;
}

export interface CompareState {
  uri: string;
  onlyDifferences: boolean;
  /** one glyph per cell, the cell text on hover (default: on from 12 columns) */
  compact?: boolean;
  data?: CompareData;
}
