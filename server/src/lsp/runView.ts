/**
 * What a feature that shows run data (hover, inlay hints) answers from (ADR 0007): the
 * current version's run when it lands (bounded wait); else, when the document changes while
 * waiting (typing), the latest finished run, the request's positions mapped back into that
 * run's text and the answer's spans forward into the text the request was made on, through
 * the document's edit log. It never waits for a large file's step details.
 */
import { Position, Range } from 'vscode-languageserver/node';
import { FeatureContext } from '../analysis/context';
import { LineIndex, Span } from '../common/span';
import { toRange } from './convert';
import { isTyping, offsetIn, spanSince } from './documents';
import { LARGE_FILE_LINES } from './runs';
import { Session } from './session';

/** A feature context and where the request's positions are in its text. */
export interface RunView {
  ctx: FeatureContext;
  /** the request's positions in ctx's text (undefined where an edit since covers them) */
  offsets: (number | undefined)[];
  /** a span of ctx's text as a range of the text the request was made on */
  range: (s: Span) => Range | undefined;
}

export async function runView(s: Session, uri: string, positions: Position[]): Promise<RunView | undefined> {
  const st = s.docs.get(uri);
  if (!st) return undefined;
  // the positions are in the text of the version current when the request arrived
  // (TextDocument.update mutates the document: the offsets are taken now, the text kept by reference)
  const asked = st.doc.version;
  const askedOffsets = positions.map((p) => st.doc.offsetAt(p));
  const askedText = st.doc.getText();
  // while the document is being typed, the current version's run will be cancelled by the next
  // keystroke: answer at once from the latest finished run rather than wait for it (issue 15).
  // So too, in a large file, when that run has landed but this thread has not analysed its text:
  // the analysis (and the name index built with it) of each new version a request met held this
  // thread 40-60 ms for 5,000 lines, every hover of a burst, during which nothing else was answered
  // (ADR 0042; a small file's costs a millisecond or two, and its answer is the exact one)
  const unanalysed = !!st.run && st.run.version === asked && st.run.stat === undefined && st.statVersion !== asked && st.doc.lineCount > LARGE_FILE_LINES;
  const typing = !!st.run && isTyping(st) && (st.run.version < asked || unanalysed);
  const fin = typing ? undefined : await s.runs.waitForRun(uri);
  // a large file's step details are computed on the request worker for the next request
  // (inlay hints are refreshed when they land): this one answers from what there is now. While
  // the document is being typed (its run landed between two keystrokes), they are asked for once
  // the typing pauses: the next keystroke would leave them behind (runs.ts askDetails)
  if (fin && !fin.detailed && st.doc.version === asked) s.runs.askDetails(uri, fin);
  if (!typing && st.doc.version === asked) {
    const ctx = s.contextNow(uri);
    if (!ctx) return undefined;
    const idx = ctx.stat.lineIndex;
    return { ctx, offsets: askedOffsets, range: (span) => toRange(idx, span) };
  }
  // typed over while waiting, or being typed: the latest finished run answers (none yet: nothing
  // to say); while typing, the latest one this thread has analysed, so that no keystroke's run
  // makes this thread parse (40-150 ms for 5,000 lines, every time a run lands)
  const run = typing && st.run && !st.run.stat && st.analysed ? st.analysed : st.run;
  if (!run || run.version > asked) return undefined;
  const stat = s.docs.statOf(st, run);
  if (!stat) return undefined;
  const detail = st.detail?.done && st.detail.version === run.version ? st.detail.done : undefined;
  // step details of a version already typed over are stale work: asked for once typing pauses
  if (!run.detailed && !detail) s.runs.askDetails(uri, run);
  const used = !run.detailed && detail ? detail : run;
  const ctx: FeatureContext = { stat, run: used.result, design: used.design, diagnostics: run.all };
  let askedIndex: LineIndex | undefined;
  return {
    ctx,
    offsets: askedOffsets.map((o) => offsetIn(st, o, run.version, asked)),
    range: (span) => {
      const moved = spanSince(st, span, run.version, asked);
      // indexed only when there is an answer to place
      return moved && toRange((askedIndex ??= new LineIndex(askedText)), moved);
    },
  };
}
