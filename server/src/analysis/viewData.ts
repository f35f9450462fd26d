/**
 * The plain data the editor views show (the memory map, the comparison table, the run
 * output): what the analysis layer builds from a run for the LSP adapter, the CLI and the
 * webviews. Ranges are LSP style (0-based line/character) so a client can reveal them directly.
 */
import type { DesignName } from '../vocab/designs';
import type { DesignInfo } from './designList';
import type { ExpectationResult, NodeReport, StepRecord, MappingReport } from '../mm/result';

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** how every surface marks an outcome that rests on an inference (analysis/inferences.ts decides which) */
export const INFERRED_MARK = '(inferred)';

/** what the mark means, for a legend or a footer */
export const INFERRED_LEGEND = `${INFERRED_MARK}: the outcome rests on an inference about the design or the kernel, not on kernel code that was read`;

/**
 * A run's step record as the client sees it: an LSP range for the span, no per-step stats, and the
 * inferences its outcome rests on (absent when none).
 */
export type TimelineStep = Omit<StepRecord, 'span' | 'stats'> & { range: LspRange; inferred?: string[] };

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
  /** the designs this scenario can run under (built-ins, the workspace's, its own): the memory map lists them */
  designs?: DesignInfo[];
}

/** not-binding-*: an expectation without `under` evaluated under a design other than the file's own */
export type CellOutcome = 'ok' | 'error' | 'oom' | 'leak' | 'pass' | 'fail' | 'skipped' | 'not-binding-pass' | 'not-binding-fail' | 'not-run';

export interface CompareCell {
  outcome: CellOutcome;
  /** short text: "ok", "EINVAL", "OOM (victim app)", "N2 ×8192", "✓", "✗ got 0%" */
  text: string;
  detail?: string;
  /** the inferences the outcome rests on (analysis/inferences.ts); absent when it rests on read kernel code alone */
  inferred?: string[];
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
