/**
 * An outcome that rests on an inference carries the mark on every surface (issue 14): the
 * `mmlab run` decision line, the `mmlab compare` cell (text and --json), the statement hover,
 * the memory-map step (the view, the exported HTML map, the markdown report) and the review
 * report. The fixture's `read(mem)` rests on kernel-rules §4.3 under private_v4 and on nothing
 * inferred under private_soft, so each surface is checked both ways.
 */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { analyzeFull } from '../../server/src/analysis/analyze';
import { hoverAt } from '../../server/src/analysis/hover';
import { buildRunData } from '../../server/src/analysis/timeline';
import { compareRows } from '../../server/src/analysis/compare';
import { CompareData, INFERRED_MARK } from '../../server/src/analysis/viewData';
import { renderCompare } from '../../server/src/webview/compareView';
import { parseCli } from '../../server/src/cli/args';
import { compare } from '../../server/src/cli/commands/compare';
import { report } from '../../server/src/cli/commands/report';
import { run } from '../../server/src/cli/commands/run';
import { DesignName } from '../../server/src/model/ir';
import { renderMarkdownReport } from '../../server/src/webview/markdownReport';
import { renderStepDetail, renderStepList } from '../../server/src/webview/memoryMapView';
import { renderMemoryMapHtml } from '../../server/src/webview/standalone';
import { renderToString } from '../../server/src/webview/vdom';

const root = resolve(__dirname, '../..');
const fixture = 'test/analysis/fixtures/inferred-outcome.mmlab';
const text = readFileSync(resolve(root, fixture), 'utf8');
const INFERENCE = /page-cache allocations use the task policy without __GFP_PRIVATE/;
const READ_LINE = text.split('\n').findIndex((l) => l.trim() === 'read(mem)') + 1;

function analysed(design: DesignName) {
  const a = analyzeFull(text, { design });
  const data = buildRunData({ uri: 'file:///x.mmlab', version: 1, design, index: a.lineIndex, run: a.run, all: a.allDiagnostics });
  const step = data.steps.findIndex((s) => s.range.start.line + 1 === READ_LINE);
  assert.ok(step >= 0, 'the read step is recorded');
  return { a, data, step };
}

describe('inferences are marked on every surface', function () {
  this.timeout(120_000);
  const cwd = process.cwd();
  before(() => process.chdir(root));
  after(() => process.chdir(cwd));

  it('mmlab run: the decision line of the statement, and the inference under it', () => {
    const out = run(parseCli(['run', fixture, '--design', 'private_v4'])).stdout;
    const line = out.split('\n').find((l) => l.includes(`${READ_LINE}  read(mem)  →`))!;
    assert.ok(line.endsWith(INFERRED_MARK), line);
    assert.match(out, new RegExp(`\\(inferred\\) ${INFERENCE.source}.*\\(kernel-rules §4\\.3\\)`));
    assert.doesNotMatch(out, /set_mempolicy.*→ .*\(inferred\)/, 'a statement resting on read code has no mark');
    const soft = run(parseCli(['run', fixture, '--design', 'private_soft'])).stdout;
    assert.doesNotMatch(soft, /\(inferred\)/);
  });

  it('mmlab compare: the cell (text) and the cell (--json)', () => {
    const out = compare(parseCli(['compare', fixture, '--designs', 'private_v4,private_soft'])).stdout;
    const row = out.split('\n').find((l) => / read\(mem\) /.test(l))!;
    assert.match(row, /N0 ×16384 †\s+leak N2 ×16384$/, row);
    assert.match(out, new RegExp(`line ${READ_LINE} \\(v4\\): ${INFERENCE.source}`));
    const j = JSON.parse(compare(parseCli(['compare', fixture, '--designs', 'private_v4,private_soft', '--json'])).stdout);
    const cells = j.rows.find((r: { text: string }) => r.text === 'read(mem)').cells;
    assert.match(cells.private_v4.inferred.join('\n'), INFERENCE);
    assert.strictEqual(cells.private_soft.inferred, undefined);
    assert.strictEqual(j.rows.find((r: { text: string }) => r.text.startsWith('set_mempolicy')).cells.private_v4.inferred, undefined);
  });

  it('the comparison view: the cell carries the mark, its tooltip the inference', () => {
    const runs = (['private_v4', 'private_soft'] as DesignName[]).map((design) => {
      const a = analyzeFull(text, { design });
      return { a, r: { design, run: a.run, all: a.allDiagnostics } };
    });
    const a = runs[0].a;
    const rows = compareRows(a.parse.file, text, runs.map((x) => x.r)).map(({ span, ...rest }) => ({ ...rest, range: { start: a.lineIndex.positionAt(span.start), end: a.lineIndex.positionAt(span.end) } }));
    const data: CompareData = { uri: 'file:///x.mmlab', version: 1, designs: ['private_v4', 'private_soft'], rows, verdicts: {} };
    const html = renderToString(renderCompare(data, false));
    const marked = html.match(/<td[^>]*data-design="private_v4"[^>]*>[^<]*<span class="inferred" data-testid="cell-inferred">/g) ?? [];
    assert.strictEqual(marked.length, 1, html);
    assert.match(html, /title="[^"]*\(inferred\) page-cache allocations/);
    assert.doesNotMatch(html, /data-design="private_soft"[^>]*>[^<]*<span class="inferred"/);
  });

  it('the hover on the statement', () => {
    const hover = (design: DesignName) => {
      const a = analyzeFull(text, { design });
      return hoverAt({ stat: a, run: a.run, design, diagnostics: a.allDiagnostics }, text.indexOf('  read(mem)') + 2)?.markdown ?? '';
    };
    const md = hover('private_v4');
    assert.match(md, /Under \*\*private_v4\*\*: .*\(inferred\)/);
    assert.match(md, INFERENCE);
    assert.doesNotMatch(hover('private_soft'), /inferred/);
  });

  it('the memory-map step: the view, the exported HTML map and the markdown report', () => {
    const { data, step } = analysed('private_v4');
    assert.match(data.steps[step].inferred!.join('\n'), INFERENCE);
    const detail = renderToString(renderStepDetail(data, step));
    assert.match(detail, /data-testid="step-inferred"[^>]*>\(inferred\)/);
    assert.match(detail, INFERENCE);
    assert.match(renderToString(renderStepList(data, step)), /— [^<]*\(inferred\)/);
    const html = renderMemoryMapHtml(data);
    assert.match(html, /class="inferred"[^>]*>\(inferred\)/);
    assert.match(html, INFERENCE);
    const md = renderMarkdownReport(data);
    assert.match(md, new RegExp(`line ${READ_LINE} · task app: .*\\(inferred\\)`));
    const soft = analysed('private_soft');
    assert.strictEqual(soft.data.steps[soft.step].inferred, undefined);
    assert.doesNotMatch(renderToString(renderStepDetail(soft.data, soft.step)), /step-inferred/);
    assert.doesNotMatch(renderMemoryMapHtml(soft.data), /\(inferred\)/);
  });

  it('the review report', () => {
    const out = report(parseCli(['report', fixture, '--designs', 'private_v4,private_soft'])).stdout;
    assert.match(out.replace(/\s+/g, ' '), /\(inferred\) page-cache allocations use the task policy/);
    assert.match(out, /Lines marked \(inferred\) rest on an inference/);
  });
});
