/**
 * Everything the VS Code client (client/src) takes from the server tree, in one module: the
 * wire protocol, the views' data and messages, the renderers the client runs itself, and
 * the design names. The client imports nothing else from server/src (test/unit/layers.test.ts
 * checks it), so what it depends on is visible here.
 */
export type { CompareData, DesignInfo, DesignsData, DesignsParams, RunData, RunFinishedParams, RunParams, CompareParams, StepAtParams, StepAtResult, SweepData, SweepParams, WhatIfParams, WhatIfResult } from './lsp/protocol';
export { COMPARE_REQUEST, DESIGNS_REQUEST, RUN_FINISHED_NOTIFICATION, RUN_REQUEST, STEP_AT_REQUEST, SWEEP_REQUEST, WHAT_IF_REQUEST } from './lsp/protocol';
export type { CompareState, CompareToHost, HostToCompare, HostToMemoryMap, HostToSweep, MemoryMapState, MemoryMapToHost, RevealTarget, SweepState, SweepToHost } from './webview/messages';
export { renderMarkdownReport } from './webview/markdownReport';
export { renderMemoryMapHtml } from './webview/standalone';
export { webviewShellHtml } from './webview/shell';
export { nodeViewsAt, stateLabel, stepForLine } from './webview/model';
export { describeOutcome, isFailure } from './mm/result';
export { formatBytes, PAGE_SIZE } from './common/format';
export { DEFAULT_DESIGN, DESIGN_SUMMARIES, DESIGNS, isDesignName } from './vocab/designs';
export type { DesignName } from './vocab/designs';
