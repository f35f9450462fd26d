/**
 * Custom LSP requests/notifications between the language server and the VS Code
 * client (webviews, status bar, commands). Plain JSON payloads; ranges are LSP
 * style (0-based line/character) so the client can reveal them directly.
 * Documented for other editors in docs/lsp.md.
 */
import type { DesignName } from '../model/ir';
import type { ExpectationResult, NodeReport, StepRecord, MappingReport } from '../run/result';

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** `mmlab/run`: run the document (latest version) under a design; also used by the memory map. */
export const RUN_REQUEST = 'mmlab/run';
export interface RunParams {
  uri: string;
  /** default: the file's own `design`, else the configured default */
  design?: DesignName;
}
/** A run's step record as the client sees it: an LSP range for the span, no per-step stats. */
export type TimelineStep = Omit<StepRecord, 'span' | 'stats'> & { range: LspRange };
export interface RunData {
  uri: string;
  version: number;
  design: DesignName;
  title?: string;
  verdict: 'pass' | 'fail' | 'error';
  /** expectPassed/expectFailed count binding expectations; expectNotBinding the ones shown but not binding here */
  counts: { error: number; warning: number; info: number; expectPassed: number; expectFailed: number; expectNotBinding: number };
  nodes: NodeReport[];
  mappings: MappingReport[];
  stats: Record<string, number>;
  steps: TimelineStep[];
  expectations: (Omit<ExpectationResult, 'span'> & { range: LspRange })[];
  /** the run was cut by its budget */
  cut?: { reason: string; range: LspRange };
}

/** `mmlab/compare`: run under several designs; rows = statements and expectations. */
export const COMPARE_REQUEST = 'mmlab/compare';
export interface CompareParams {
  uri: string;
  /** default: every design */
  designs?: DesignName[];
}
/** not-binding-*: an expectation without `under` evaluated under a design other than the file's own */
export type CellOutcome = 'ok' | 'error' | 'oom' | 'leak' | 'pass' | 'fail' | 'skipped' | 'not-binding-pass' | 'not-binding-fail' | 'not-run';
export interface CompareCell {
  outcome: CellOutcome;
  /** short text: "ok", "EINVAL", "OOM (victim app)", "N2 ×8192", "✓", "✗ got 0%" */
  text: string;
  detail?: string;
}
export interface CompareRow {
  range: LspRange;
  kind: 'statement' | 'expect';
  text: string;
  cells: Partial<Record<DesignName, CompareCell>>;
  /** true when not every design gives the same cell text */
  differs: boolean;
}
export interface CompareData {
  uri: string;
  version: number;
  designs: DesignName[];
  rows: CompareRow[];
  verdicts: Partial<Record<DesignName, 'pass' | 'fail' | 'error'>>;
  /** the designs' families in column order (v4 family, post-v4, other), for a grouped header */
  groups?: { name: string; designs: DesignName[] }[];
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
