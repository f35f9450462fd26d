/** The custom requests of protocol.ts: mmlab/run, mmlab/compare, mmlab/stepAt, mmlab/designs (and mmlab/whatIf, in whatIf.ts). */
import { CancellationToken, ErrorCodes, ResponseError, WorkDoneProgressParams, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { compareRows, designGroups } from '../../analysis/compare';
import { defaultCompareDesigns, designList } from '../../analysis/designList';
import { stepLookup } from '../../analysis/steps';
import { buildRunData, verdictOf } from '../../analysis/timeline';
import { COMPARE_REQUEST, CompareData, CompareParams, DESIGNS_REQUEST, DesignsData, DesignsParams, RUN_REQUEST, RunData, RunParams, STEP_AT_REQUEST, StepAtParams, StepAtResult } from '../protocol';
import { DesignName, DESIGNS, resolveDesign } from '../../model/ir';
import { toRange } from '../convert';
import { DocState } from '../documents';
import { Session } from '../session';
import { boundDesigns } from '../limits';
import { registerWhatIf } from './whatIf';
import { registerSweep } from './sweep';

export function registerCustomRequests(s: Session): void {
  const c = s.connection;
  c.onRequest(RUN_REQUEST, (p: RunParams, token: CancellationToken) => s.guard.runAsync('mmlab/run', null, () => runRequest(s, p, token), true));
  c.onRequest(COMPARE_REQUEST, (p: CompareParams & WorkDoneProgressParams, token: CancellationToken) =>
    s.guard.runAsync('mmlab/compare', null, () => compareRequest(s, p, token, p.workDoneToken !== undefined ? c.languages.attachWorkDoneProgress(p) : undefined), true),
  );
  c.onRequest(STEP_AT_REQUEST, (p: StepAtParams, token: CancellationToken) => s.guard.runAsync('mmlab/stepAt', { index: -1 }, () => stepAtRequest(s, p, token), true));
  c.onRequest(DESIGNS_REQUEST, (p: DesignsParams) => s.guard.run('mmlab/designs', () => designsRequest(s, p), undefined, true));
  registerWhatIf(s);
  registerSweep(s);
}

function docOrThrow(s: Session, uri: string): DocState {
  const st = s.docs.get(uri);
  if (!st) throw new ResponseError(ErrorCodes.InvalidParams, `mmlab: ${uri} is not open`);
  if (!s.docs.ensure(st)) throw new ResponseError(ErrorCodes.InternalError, 'mmlab: the front end failed on this document');
  return st;
}

/** a built-in, or a design the document declares (`design NAME { ... }`) */
function designOf(s: Session, st: DocState, requested?: DesignName): DesignName {
  const program = s.docs.ensure(st)?.program;
  if (requested && !DESIGNS.includes(requested) && !program?.designs[requested]) throw new ResponseError(ErrorCodes.InvalidParams, `mmlab: unknown design ${requested}`);
  return resolveDesign(requested, program, s.settings().design);
}

/** the comparison's columns when the client names none: the configured designs the document sees, then the workspace's and its own */
function compareDefault(s: Session, st: DocState): DesignName[] {
  const program = s.docs.ensure(st)?.program;
  return program ? defaultCompareDesigns(program, s.settings().compareDesigns) : [...s.settings().compareDesigns];
}

function designsRequest(s: Session, p: DesignsParams): DesignsData {
  const st = docOrThrow(s, p.uri);
  const program = s.docs.ensure(st)!.program;
  return { uri: p.uri, designs: designList(program), current: resolveDesign(undefined, program, s.settings().design), compare: compareDefault(s, st) };
}

async function runRequest(s: Session, p: RunParams, token: CancellationToken): Promise<RunData> {
  const st = docOrThrow(s, p.uri);
  const design = designOf(s, st, p.design);
  const { version, stat, runs } = await s.runs.runDesigns(st, [design], token);
  const r = runs[0];
  return buildRunData({ uri: p.uri, version, design, title: stat.program.title, index: stat.lineIndex, run: r.run, all: r.all, designs: designList(stat.program) });
}

async function compareRequest(s: Session, p: CompareParams, token: CancellationToken, clientProgress?: WorkDoneProgressReporter): Promise<CompareData> {
  const st = docOrThrow(s, p.uri);
  // each design once, and not thousands of them (lsp/limits.ts)
  const bounded = boundDesigns(p.designs?.length ? p.designs : compareDefault(s, st));
  if ('error' in bounded) throw new ResponseError(ErrorCodes.InvalidParams, bounded.error);
  const designs = bounded.designs.map((d) => designOf(s, st, d));
  let reporter: WorkDoneProgressReporter | undefined = clientProgress;
  if (!reporter && s.caps.progress) reporter = await s.connection.window.createWorkDoneProgress().catch(() => undefined);
  reporter?.begin('mmlab: comparing designs', 0, designs.join(', '), false);
  try {
    const { version, stat, runs } = await s.runs.runDesigns(st, designs, token, (q) =>
      reporter?.report(Math.round((100 * q.designIndex) / Math.max(1, q.designCount)), `${q.design}: ${q.executed.toLocaleString('en-US')} statements`),
    );
    const rows = compareRows(stat.parse.file, stat.text, runs).map(({ span, ...rest }) => ({ ...rest, range: toRange(stat.lineIndex, span) }));
    const verdicts: CompareData['verdicts'] = {};
    for (const r of runs) verdicts[r.design] = verdictOf(r.run, r.all);
    return { uri: p.uri, version, designs, rows, verdicts, groups: designGroups(designs) };
  } finally {
    reporter?.done();
  }
}

async function stepAtRequest(s: Session, p: StepAtParams, token: CancellationToken): Promise<StepAtResult> {
  const st = docOrThrow(s, p.uri);
  const design = designOf(s, st, p.design);
  const { stat, runs } = await s.runs.runDesigns(st, [design], token);
  return { index: stepLookup(runs[0].run).indexAt(stat.lineIndex.offsetAt(p.position)) };
}
