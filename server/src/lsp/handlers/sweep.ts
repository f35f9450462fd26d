/**
 * `mmlab/sweep`: the editor's "Sweep…" (lens on a `param` line, command mmlab.sweep). The document
 * runs once per value of one knob and per design in worker threads from the server's worker
 * bundle (as mmlab/whatIf), under work-done progress with Cancel; the answer is the sweep view's
 * plain data (analysis/whatif/plot.ts), which the client's webview draws.
 */
import { CancellationToken, ErrorCodes, LSPErrorCodes, ResponseError, WorkDoneProgressParams, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { designFor } from '../../analysis/analyze';
import { sweepView } from '../../analysis/whatif/plot';
import { parseSet, sweep, SweepError } from '../../analysis/whatif/sweep';
import { boundDesigns } from '../limits';
import { SWEEP_REQUEST, SweepData, SweepParams } from '../protocol';
import { Session } from '../session';
import { runner } from './whatIf';

export function registerSweep(s: Session): void {
  s.connection.onRequest(SWEEP_REQUEST, (p: SweepParams & WorkDoneProgressParams, token: CancellationToken) =>
    s.guard.runAsync('mmlab/sweep', null, () => sweepRequest(s, p, token, p.workDoneToken !== undefined ? s.connection.languages.attachWorkDoneProgress(p) : undefined), true),
  );
}

async function sweepRequest(s: Session, p: SweepParams, token: CancellationToken, clientProgress?: WorkDoneProgressReporter): Promise<SweepData> {
  const st = s.docs.get(p.uri);
  if (!st) throw new ResponseError(ErrorCodes.InvalidParams, `mmlab: ${p.uri} is not open`);
  const stat = s.docs.ensure(st);
  if (!stat) throw new ResponseError(ErrorCodes.InternalError, 'mmlab: the front end failed on this document');
  const bounded = boundDesigns(p.designs?.length ? p.designs.filter((d) => !!stat.program.designs[d]) : [designFor(stat, undefined)]);
  if ('error' in bounded) throw new ResponseError(ErrorCodes.InvalidParams, bounded.error);
  if (!bounded.designs.length) throw new ResponseError(ErrorCodes.InvalidParams, `mmlab: none of the designs ${p.designs!.join(', ')} is a built-in, declared in the workspace's designs.mmlab or by the document`);
  let spec;
  try {
    spec = parseSet(p.set);
  } catch (e) {
    throw new ResponseError(ErrorCodes.InvalidParams, `mmlab: ${e instanceof Error ? e.message : String(e)}`);
  }
  let reporter: WorkDoneProgressReporter | undefined = clientProgress;
  if (!reporter && s.caps.progress) reporter = await s.connection.window.createWorkDoneProgress().catch(() => undefined);
  reporter?.begin(`mmlab: sweeping ${spec.path}`, 0, `${spec.values.length} values × ${bounded.designs.length} designs`, true);
  const cancelled = () => token.isCancellationRequested || !!(reporter as { token?: CancellationToken } | undefined)?.token?.isCancellationRequested;
  const pool = runner();
  try {
    const r = await sweep(
      stat.text,
      spec,
      { designs: bounded.designs, workspace: s.docs.designsOf(p.uri), budget: s.settings().budget, isCancelled: cancelled, progress: (done, total) => reporter?.report(Math.round((100 * done) / total), `${done}/${total} runs`) },
      pool.run,
    );
    if (cancelled()) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'mmlab: sweep cancelled');
    return sweepView(p.uri, r);
  } catch (e) {
    if (e instanceof SweepError) throw new ResponseError(ErrorCodes.InvalidParams, `mmlab: ${e.message}`);
    throw e;
  } finally {
    pool.close();
    reporter?.done();
  }
}
