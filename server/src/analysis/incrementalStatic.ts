/**
 * The static analysis of an edited text, made from the analysis of the version before
 * (docs/adr/0017-incremental-front-end.md): the parse re-reads only the top-level items around the
 * edit (syntax/reparse.ts). The answer is the one `analyzeStatic` gives from scratch, which it falls
 * back to whenever the incremental path cannot vouch for that (no previous analysis, or a budget
 * that a from-scratch analysis would have run out of). test/analysis/incrementalStatic.test.ts
 * replays random edit sequences and compares.
 */
import { LineIndex } from '../common/span';
import { StaticBudget, staticUnitsFor, withStaticBudget } from '../common/staticBudget';
import { lower } from '../model/lower';
import { relower, RelowerReport } from '../model/relower';
import { itemCount } from '../syntax/parser';
import { reparse } from '../syntax/reparse';
import { SuggestionBudget, withSuggestionBudget } from '../syntax/suggest';
import { analyzeStatic, StaticAnalysis, WorkspaceDesigns } from './analyze';

export interface IncrementalStaticOptions {
  workspace?: WorkspaceDesigns;
  staticUnits?: number;
}

/** how the last analysis was made (tests and the bench read it) */
export interface IncrementalStaticReport {
  from: 'scratch' | 'incremental';
  /** items parsed again (incremental only) */
  reparsed?: number;
  /** items reused from the previous parse */
  reusedItems?: number;
  /** when the lowering was incremental too: blocks reused, items lowered again */
  relowered?: RelowerReport;
}

export let lastStaticReport: IncrementalStaticReport = { from: 'scratch' };

/** analyzeStatic(text, opts), reusing `prev` (the analysis of an earlier version of the same document, made with the same options) */
export function analyzeStaticAfter(prev: StaticAnalysis | undefined, text: string, opts: IncrementalStaticOptions = {}): StaticAnalysis {
  const made = prev ? incremental(prev, text, opts) : undefined;
  if (made) return made;
  lastStaticReport = { from: 'scratch' };
  return analyzeStatic(text, opts);
}

function incremental(prev: StaticAnalysis, text: string, opts: IncrementalStaticOptions): StaticAnalysis | undefined {
  const budget = new StaticBudget(opts.staticUnits ?? staticUnitsFor(text.length));
  const suggestions = new SuggestionBudget();
  const relowered: RelowerReport = { reused: 0, lowered: 0, restored: 0, replayed: 0 };
  const made = withStaticBudget(budget, () =>
    withSuggestionBudget(suggestions, () => {
      const re = reparse(prev.parse, text);
      if (!re) return undefined;
      const lowerOpts = { workspaceDesigns: opts.workspace?.defs };
      const again = relower(re.parse, re, prev.parse, prev.program, lowerOpts, relowered);
      return { re, lowered: again ?? lower(re.parse, lowerOpts), again: !!again };
    }),
  );
  // a "did you mean" search a from-scratch analysis would have cut short: let it answer
  if (!made || suggestions.left < 0) return undefined;
  const { re, lowered, again } = made;
  lastStaticReport = {
    from: 'incremental',
    reparsed: re.newEnd - re.first,
    reusedItems: itemCount(re.parse) - (re.newEnd - re.first),
    ...(again ? { relowered: { ...relowered } } : {}),
  };
  return withLazyLines({ text, parse: re.parse, program: lowered.program, diagnostics: [...re.parse.diagnostics, ...lowered.diagnostics] });
}

/**
 * The analysis with its line index made when a feature first converts a position (the worker
 * never does). A function of its own: a getter closing over `incremental`'s scope would keep the
 * previous analysis alive, and with it every analysis before (each would hold the one before).
 */
function withLazyLines(a: Omit<StaticAnalysis, 'lineIndex'>): StaticAnalysis {
  const { text } = a;
  let lines: LineIndex | undefined;
  return {
    text,
    get lineIndex() {
      return (lines ??= new LineIndex(text));
    },
    parse: a.parse,
    program: a.program,
    diagnostics: a.diagnostics,
  };
}
