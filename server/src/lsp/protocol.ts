/**
 * The custom LSP requests/notifications between the language server and the VS Code
 * client (webviews, status bar, commands): method names and parameters. The answers are
 * the plain data of analysis/viewData.ts. Documented for other editors in docs/lsp.md.
 */
import type { DesignName } from '../vocab/designs';
import type { DesignInfo } from '../analysis/designList';

export type { DesignInfo } from '../analysis/designList';

export type { CellOutcome, CompareCell, CompareData, CompareRow, LspRange, RunData, TimelineStep } from '../analysis/viewData';

/** `mmlab/run`: run the document (latest version) under a design; also used by the memory map. */
export const RUN_REQUEST = 'mmlab/run';

export interface RunParams {
  uri: string;
  /** default: the file's own `design`, else the configured default */
  design?: DesignName;
}

/** `mmlab/compare`: run under several designs; rows = statements and expectations. */
export const COMPARE_REQUEST = 'mmlab/compare';

export interface CompareParams {
  uri: string;
  /** default: every design */
  designs?: DesignName[];
}

/**
 * `mmlab/designs`: the designs a document can run under (built-ins, the workspace's
 * designs.mmlab, its own declarations), the one its background run uses, and the comparison's
 * default columns. The status-bar switcher lists them.
 */
export const DESIGNS_REQUEST = 'mmlab/designs';

export interface DesignsParams {
  uri: string;
}

export interface DesignsData {
  uri: string;
  designs: DesignInfo[];
  /** the design a run without an explicit one uses: the file's `design` line, else the configured default if the file sees it */
  current: DesignName;
  /** mmlab/compare's columns when the client names none */
  compare: DesignName[];
}

/** `mmlab/runFinished` (server -> client notification) after each background simulation. */
export const RUN_FINISHED_NOTIFICATION = 'mmlab/runFinished';

export interface RunFinishedParams {
  uri: string;
  version: number;
  design: DesignName;
  verdict: 'pass' | 'fail' | 'error';
  expectPassed: number;
  expectFailed: number;
  ms: number;
}

/** `mmlab/stepAt`: the timeline step for an editor position (cursor sync). */
export const STEP_AT_REQUEST = 'mmlab/stepAt';

export interface StepAtParams {
  uri: string;
  position: { line: number; character: number };
  design?: DesignName;
}

export interface StepAtResult {
  /** index into RunData.steps, or -1 before the first step */
  index: number;
}

/**
 * `mmlab/whatIf`: the editor's "What if…" and "Shrink to a minimal scenario" (the engine of
 * `mmlab explore` and `mmlab shrink`) on the statement or expectation at `line`. Supports work-done
 * progress and cancellation.
 */
export const WHAT_IF_REQUEST = 'mmlab/whatIf';

export interface WhatIfParams {
  uri: string;
  /** 0-based line of the statement or expectation */
  line: number;
  action: 'explore' | 'shrink';
  design?: DesignName;
}

export interface WhatIfResult {
  action: 'explore' | 'shrink';
  /** explore: the ranked report (plain text); shrink: the smaller scenario (a .mmlab file) */
  text: string;
  /** one line for a notification: the top fix, or how much the scenario shrank and in how many runs */
  summary: string;
  runs: number;
}

/**
 * `mmlab/sweep`: the editor's sweep (the engine of `mmlab sweep`): the document run once per value
 * of one knob (`set`: `NAME=V1,V2,…` or `NAME=LO..HI[:STEP]`, NAME a param of the file or a knob
 * path) under each design (default: the file's design), in worker threads, with work-done
 * progress and cancellation. A bad `set` answers InvalidParams with the reason.
 */
export const SWEEP_REQUEST = 'mmlab/sweep';

export interface SweepParams {
  uri: string;
  set: string;
  designs?: DesignName[];
}

export type { SweepView as SweepData } from '../analysis/whatif/plot';
