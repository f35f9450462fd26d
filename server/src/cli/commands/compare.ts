import { analyzeStatic, runStatic } from '../../analysis/analyze';
import { compareRows } from '../../analysis/compare';
import { verdictOf } from '../../analysis/timeline';
import { DESIGNS } from '../../model/ir';
import { CliOptions, UsageError } from '../args';
import { readScenario } from '../files';
import { lineCol, toJsonReport } from '../report';
import { table } from '../units';
import { budgetOptions, CommandResult, json } from './common';

/**
 * `mmlab compare FILE`: the same scenario under every design. Rows are the
 * statements and expectations (the same rows as the editor's comparison view,
 * from analysis/compare.ts); a `*` marks rows where designs disagree. Exit 0.
 */
export function compare(o: CliOptions): CommandResult {
  if (o.files.length !== 1) throw new UsageError('compare takes exactly one FILE');
  const src = readScenario(o.files[0]);
  if ('error' in src) return { exitCode: 2, stdout: '', stderr: src.error };
  const stat = analyzeStatic(src.text);
  const runs = DESIGNS.map((design) => runStatic(stat, { ...budgetOptions(o), design }));
  const rows = compareRows(
    stat.parse.file,
    src.text,
    runs.map((a) => ({ design: a.design, run: a.run, all: a.allDiagnostics })),
  );
  if (o.json) {
    const designs = Object.fromEntries(runs.map((a) => [a.design, toJsonReport(src.path, a)]));
    const jsonRows = rows.map((r) => ({ ...lineCol(stat.lineIndex, r.span.start), kind: r.kind, text: r.text, differs: r.differs, cells: r.cells }));
    return { exitCode: 0, stdout: json({ file: src.path, designs, rows: jsonRows }) };
  }
  const header = ['', 'line', 'statement', ...DESIGNS];
  const body = rows.map((r) => [
    r.differs ? '*' : '',
    String(lineCol(stat.lineIndex, r.span.start).line),
    r.text.length > 48 ? `${r.text.slice(0, 47)}…` : r.text,
    ...DESIGNS.map((d) => r.cells[d]?.text ?? ''),
  ]);
  const verdicts = ['', '', 'verdict', ...runs.map((a) => verdictOf(a.run, a.allDiagnostics))];
  const out = [`${src.path}${stat.program.title ? ` — ${stat.program.title}` : ''}`, '', table([header, ...body, verdicts])];
  const differing = rows.filter((r) => r.differs).length;
  out.push('', `${differing} of ${rows.length} rows differ between designs (marked *)`);
  return { exitCode: 0, stdout: out.join('\n') };
}
