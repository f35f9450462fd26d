/**
 * `mmlab/whatIf`: the editor's "What if…" (explore) and "Shrink to a minimal scenario" (shrink) on
 * one line. The runs go to worker threads started from the server's worker bundle
 * (dist/server/worker.js serves what-if jobs when started with that role), never to this thread's
 * event loop for long: explore hands them all out at once; shrink sends one small batch per step.
 * Work-done progress with Cancel; a cancelled request answers RequestCancelled.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { CancellationToken, ErrorCodes, LSPErrorCodes, ResponseError, WorkDoneProgressParams, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { designFor } from '../../analysis/analyze';
import { explore } from '../../analysis/whatif/explore';
import { formatExplore } from '../../analysis/whatif/format';
import { runInWorkers } from '../../analysis/whatif/pool';
import { shrink } from '../../analysis/whatif/shrink';
import { runInProcess, Runner } from '../../analysis/whatif/summary';
import { WHAT_IF_REQUEST, WhatIfParams, WhatIfResult } from '../protocol';
import { Session } from '../session';

export function registerWhatIf(s: Session): void {
  s.connection.onRequest(WHAT_IF_REQUEST, (p: WhatIfParams & WorkDoneProgressParams, token: CancellationToken) =>
    s.guard.runAsync('mmlab/whatIf', null, () => whatIf(s, p, token, p.workDoneToken !== undefined ? s.connection.languages.attachWorkDoneProgress(p) : undefined), true),
  );
}

/** worker threads from the bundle beside this one; in process when there is none (tests under tsx) */
export function runner(): { run: Runner; close: () => void } {
  const script = join(__dirname, 'worker.js');
  if (!__filename.endsWith('.js') || !existsSync(script)) return { run: runInProcess, close: () => undefined };
  return runInWorkers(script, Math.max(1, availableParallelism()));
}

async function whatIf(s: Session, p: WhatIfParams, token: CancellationToken, clientProgress?: WorkDoneProgressReporter): Promise<WhatIfResult> {
  if (p.action !== 'explore' && p.action !== 'shrink') throw new ResponseError(ErrorCodes.InvalidParams, `mmlab: action must be explore or shrink, got ${p.action}`);
  const st = s.docs.get(p.uri);
  if (!st) throw new ResponseError(ErrorCodes.InvalidParams, `mmlab: ${p.uri} is not open`);
  const stat = s.docs.ensure(st);
  if (!stat) throw new ResponseError(ErrorCodes.InternalError, 'mmlab: the front end failed on this document');
  // the runs see what the document sees: the built-ins, the workspace's designs.mmlab (its text goes
  // with every run) and the file's own declarations
  if (p.design !== undefined && !stat.program.designs[p.design]) throw new ResponseError(ErrorCodes.InvalidParams, `mmlab: unknown design ${p.design}: What if… knows the built-ins, the workspace's designs.mmlab and the designs this file declares`);
  const text = stat.text;
  const workspace = s.docs.designsOf(p.uri);
  const design = p.design ?? designFor(stat, undefined) ?? s.settings().design;
  const line = p.line + 1;
  const budget = s.settings().budget;
  let reporter: WorkDoneProgressReporter | undefined = clientProgress;
  if (!reporter && s.caps.progress) reporter = await s.connection.window.createWorkDoneProgress().catch(() => undefined);
  reporter?.begin(p.action === 'explore' ? 'mmlab: what if…' : 'mmlab: shrinking', 0, `line ${line}`, true);
  const cancelled = () => token.isCancellationRequested || !!(reporter as { token?: CancellationToken } | undefined)?.token?.isCancellationRequested;
  const pool = runner();
  try {
    if (p.action === 'explore') {
      const r = await explore(text, { design, line, workspace, budget, isCancelled: cancelled, progress: (done, total) => reporter?.report(Math.round((100 * done) / total), `${done}/${total} runs`) }, pool.run);
      if (cancelled()) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'mmlab: what-if cancelled');
      const top = r.fixes[0] ?? r.breaks[0];
      const touching = r.others.filter((v) => v.focus).length;
      const summary = top
        ? `${r.fixes.length ? 'fixes' : 'breaks'} line ${line}: ${top.variant.label}`
        : touching
          ? `${touching} single changes move line ${line}; first: ${r.others[0].variant.label}`
          : `no single change moves line ${line} (${r.runs - 1} variants)`;
      return { action: 'explore', text: formatExplore(p.uri, r), summary, runs: r.runs };
    }
    const r = await shrink(text, { design, line, workspace, budget, isCancelled: cancelled, progress: (runs) => reporter?.report(`${runs} runs`) }, pool.run);
    if (cancelled()) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'mmlab: shrink cancelled');
    if (!r.holds) return { action: 'shrink', text, summary: `line ${line} does not end badly under ${design}: nothing to shrink`, runs: r.runs };
    return { action: 'shrink', text: r.text, summary: `${r.statementsBefore} → ${r.statementsAfter} statements in ${r.runs} runs (${r.property})`, runs: r.runs };
  } finally {
    pool.close();
    reporter?.done();
  }
}
