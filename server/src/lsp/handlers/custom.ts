/** The custom requests of protocol.ts: mmlab/run, mmlab/compare, mmlab/stepAt. */
import { CancellationToken, ErrorCodes, ResponseError, WorkDoneProgressParams, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { compareRows, designGroups } from '../../analysis/compare';
import { stepLookup } from '../../analysis/steps';
import { buildRunData, verdictOf } from '../../analysis/timeline';
import { COMPARE_REQUEST, CompareData, CompareParams, RUN_REQUEST, RunData, RunParams, STEP_AT_REQUEST, StepAtParams, StepAtResult } from '../../common/protocol';
import { DesignName, DESIGNS, resolveDesign } from '../../model/ir';
import { toRange } from '../convert';
import { DocState } from '../documents';
import { Session } from '../session';
import { boundDesigns } from '../limits';

export function registerCustomRequests(s: Session): void {
  const c = s.connection;
  c.onRequest(RUN_REQUEST, (p: RunParams, token: CancellationToken) => s.guard.runAsync('mmlab/run', null, () => runRequest(s, p, token), true));
  c.onRequest(COMPARE_REQUEST, (p: CompareParams & WorkDoneProgressParams, token: CancellationToken) =>
    s.guard.runAsync('mmlab/compare', null, () => compareRequest(s, p, token, p.workDoneToken !== undefined ? c.languages.attachWorkDoneProgress(p) : undefined), true),
  );
  c.onRequest(STEP_AT_REQUEST, (p: StepAtParams, token: CancellationToken) => s.guard.runAsync('mmlab/stepAt', { index: -1 }, () => stepAtRequest(s, p, token), true));
}

function docOrThrow(s: Session, uri: string): DocState {
  const st = s.docs.get(uri);
  if (!st) throw new ResponseError(ErrorCodes.InvalidParams, `mmlab: ${uri} is not open`);
  if (!s.docs.ensure(st)) throw new ResponseError(ErrorCodes.InternalError, 'mmlab: the front end failed on this document');
  return st;
}

function designOf(s: Session, st: DocState, requested?: DesignName): DesignName {
  if (requested && !DESIGNS.includes(requested)) throw new ResponseError(ErrorCodes.InvalidParams, `mmlab: unknown design ${requested}`);
  return resolveDesign(requested, s.docs.ensure(st)?.program, s.settings().design);
}

async function runRequest(s: Session, p: RunParams, token: CancellationToken): Promise<RunData> {
  const st = docOrThrow(s, p.uri);
  const design = designOf(s, st, p.design);
  const { version, stat, runs } = await s.runs.runDesigns(st, [design], token);
  const r = runs[0];
  return buildRunData({ uri: p.uri, version, design, title: stat.program.title, index: stat.lineIndex, run: r.run, all: r.all });
}

async function compareRequest(s: Session, p: CompareParams, token: CancellationToken, clientProgress?: WorkDoneProgressReporter): Promise<CompareData> {
  const st = docOrThrow(s, p.uri);
  // each design once, and not thousands of them (lsp/limits.ts)
  const bounded = boundDesigns(p.designs?.length ? p.designs : s.settings().compareDesigns);
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
