import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeFull } from '../../analysis/analyze';
import { buildRunData } from '../../analysis/timeline';
import { renderMemoryMapHtml } from '../../webview/standalone';
import { CliOptions, UsageError } from '../args';
import { readScenario } from '../files';
import { lineCol, sortedDiagnostics } from '../report';
import { budgetOptions, checkDesignNames, CommandResult } from './common';

/** `mmlab map FILE -o OUT.html`: the memory map (final state, every step in the timeline) as one self-contained page. */
export function map(o: CliOptions): CommandResult {
  if (o.files.length !== 1) throw new UsageError('map takes exactly one FILE');
  if (!o.output) throw new UsageError('map needs -o OUT.html');
  const src = readScenario(o.files[0]);
  if ('error' in src) return { exitCode: 2, stdout: '', stderr: src.error };
  const a = analyzeFull(src.text, { ...budgetOptions(o), design: o.design, workspace: src.workspace });
  checkDesignNames(a, [o.design], '--design');
  const data = buildRunData({
    uri: pathToFileURL(resolve(src.path)).toString(),
    version: 0,
    design: a.design,
    title: a.program.title,
    index: a.lineIndex,
    run: a.run,
    all: a.allDiagnostics,
  });
  const diagnostics = sortedDiagnostics(a.allDiagnostics).map((d) => ({ line: lineCol(a.lineIndex, d.span.start).line, severity: d.severity, code: d.code, message: d.message }));
  const html = renderMemoryMapHtml(data, { sourceLabel: src.path, diagnostics });
  try {
    writeFileSync(o.output, html);
  } catch (e) {
    return { exitCode: 2, stdout: '', stderr: `${o.output}: ${e instanceof Error ? e.message : String(e)}` };
  }
  return { exitCode: 0, stdout: o.json ? JSON.stringify({ file: src.path, design: a.design, output: o.output, bytes: html.length }) : `wrote ${o.output} (${a.design}, ${data.steps.length} steps)` };
}
