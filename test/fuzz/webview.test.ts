/**
 * Fuzzing the renderers with hostile strings: every string of a real run's
 * RunData / CompareData (titles, URIs, owners, mapping and task names, explain
 * lines, trace events, expectation text, errnos...) is replaced by generated
 * script-injection payloads; the standalone memory map, the comparison table,
 * the webview shell and the markdown report must keep exactly the elements and
 * attributes of a benign rendering (test/fuzz/html.ts). Complements
 * test/webview/injection.browser.test.ts (fixed payloads in real Chromium).
 */
import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDesigns } from '../../server/src/analysis/analyze';
import { compareRows } from '../../server/src/analysis/compare';
import { buildRunData, rangeOf, verdictOf } from '../../server/src/analysis/timeline';
import { CompareData, RunData } from '../../server/src/lsp/protocol';
import { DESIGNS } from '../../server/src/model/ir';
import { renderCompare } from '../../server/src/webview/compareView';
import { renderMarkdownReport } from '../../server/src/webview/markdownReport';
import { webviewShellHtml } from '../../server/src/webview/shell';
import { renderMemoryMapHtml } from '../../server/src/webview/standalone';
import { renderToString } from '../../server/src/webview/vdom';
import { hostileStringArb, INJECTIONS } from './arbitraries';
import { FUZZ_SEED, reportCount, runs } from './config';
import { ROOT } from './corpus';
import { assertNoRawHtml, assertSameShape } from './html';

/** Fields whose values are enumerations the server itself produces (not scenario text). */
const ENUM_KEYS = new Set(['design', 'designs', 'state', 'verdict', 'kind', 'block', 'outcome', 'reason']);

/** Replaces every scenario-derived string leaf with `next()`; record keys that are names are replaced too. */
function replaceStrings<T>(value: T, next: () => string, key = ''): T {
  if (typeof value === 'string') {
    if (ENUM_KEYS.has(key)) return value;
    // an expectation's text is one line (the front end collapses it) and a URI has no raw line break; the markdown report relies on both
    return (key === 'text' || key === 'uri' ? next().replace(/[\r\n]/g, ' ') : next()) as T;
  }
  if (Array.isArray(value)) return value.map((v) => replaceStrings(v, next, key)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // `cells` and `verdicts` are keyed by design; `pages` and `stats` by node id / counter name (scenario text)
      const newKey = k === 'stats' || key === 'stats' ? `${k}${key === 'stats' ? next() : ''}` : k;
      out[newKey] = replaceStrings(v, next, k);
    }
    return out as T;
  }
  return value;
}

function realRun(): { run: RunData; compare: CompareData } {
  const file = ['sample-workspaces/cram/01-demotion.mmlab', 'sample-workspaces/isolation-debate/shrinker-info.mmlab']
    .map((f) => path.join(ROOT, f))
    .find((f) => fs.existsSync(f));
  const text = file
    ? fs.readFileSync(file, 'utf8')
    : 'scenario "t"\nnode 0 dram 4G cpus 0-3\nnode 2 cram 4G media 1G\ntask app {\n  buf = mmap(64M)\n  touch(buf)\n  expect no leak\n}\n';
  const fulls = analyzeDesigns(text, DESIGNS, { maxSteps: 5000, maxMs: 2000 });
  const f = fulls[0];
  const uri = 'file:///fuzz/hostile.mmlab';
  const run = buildRunData({ uri, version: 1, design: f.design, title: f.program.title ?? 't', index: f.lineIndex, run: f.run, all: f.allDiagnostics });
  const rows = compareRows(f.parse.file, text, fulls.map((x) => ({ design: x.design, run: x.run, all: x.allDiagnostics })));
  const compare: CompareData = {
    uri,
    version: 1,
    designs: fulls.map((x) => x.design),
    rows: rows.map((r) => ({ range: rangeOf(f.lineIndex, r.span), kind: r.kind, text: r.text, cells: r.cells, differs: r.differs })),
    verdicts: Object.fromEntries(fulls.map((x) => [x.design, verdictOf(x.run, x.allDiagnostics)])),
  };
  return { run, compare };
}

function renderAll(run: RunData, compare: CompareData, title: string, uri: string): { map: string; mapStep: string; cmp: string; cmpDiff: string; shell: string; md: string } {
  return {
    map: renderMemoryMapHtml(run, { sourceLabel: title }),
    mapStep: renderMemoryMapHtml(run, { step: 0 }),
    cmp: renderToString(renderCompare(compare, false)),
    cmpDiff: renderToString(renderCompare(compare, true)),
    shell: webviewShellHtml({ cspSource: 'vscode-resource:', nonce: 'abc123', scriptUri: 'vscode-resource:/dist/webview/memoryMap.js', title, documentUri: uri, view: 'memoryMap' }),
    md: renderMarkdownReport(run, compare),
  };
}

describe('fuzz: renderers escape every string from the scenario', function () {
  this.timeout(120_000);
  const base = realRun();
  const benign = (() => {
    const x = () => 'x';
    return renderAll(replaceStrings(base.run, x), replaceStrings(base.compare, x), 'x', 'x');
  })();

  it('the base run has the strings the payloads go into', () => {
    if (!base.run.steps.length || !base.compare.rows.length) throw new Error('the base run has no steps or no comparison rows');
  });

  it('hostile strings in every field keep the pages inert', () => {
    let n = 0;
    fc.assert(
      fc.property(fc.array(hostileStringArb, { minLength: 1, maxLength: 12 }), hostileStringArb, (pool, title) => {
        n++;
        let i = 0;
        const next = () => pool[i++ % pool.length];
        const run = replaceStrings(base.run, next);
        const compare = replaceStrings(base.compare, next);
        const out = renderAll(run, compare, title, next());
        assertSameShape(benign.map, out.map, 'memory map (standalone)');
        assertSameShape(benign.mapStep, out.mapStep, 'memory map at step 1');
        assertSameShape(benign.cmp, out.cmp, 'comparison table');
        assertSameShape(benign.cmpDiff, out.cmpDiff, 'comparison table (differences only)');
        assertSameShape(benign.shell, out.shell, 'webview shell');
        assertNoRawHtml(out.md, 'markdown report');
      }),
      { seed: FUZZ_SEED, numRuns: runs(150), endOnFailure: true },
    );
    reportCount('webview: hostile RunData/CompareData', n);
  });

  it('hostile scenario text (title, expect text, comments) through the real pipeline stays text', () => {
    let n = 0;
    fc.assert(
      fc.property(fc.constantFrom(...INJECTIONS), hostileStringArb, (payload, other) => {
        n++;
        const title = `${payload}${other}`.replace(/["\\\r\n]/g, '');
        const text = [
          `scenario "${title}"`,
          'node 0 dram 4G cpus 0-3',
          'node 2 cxl 4G private ops MIGRATION | MEMPOLICY',
          'task app {',
          '  buf = mmap(64M)',
          '  touch(buf)',
          `  expect diagnostic ${payload.replace(/[\r\n]/g, '')}`,
          `  expect pages(buf, 2) == 0 // ${other.replace(/[\r\n]/g, '')}`,
          `  mbind(buf, ${payload.replace(/[\r\n]/g, '')})`,
          '}',
          '',
        ].join('\n');
        const fulls = analyzeDesigns(text, ['private_v4', 'stock'], { maxSteps: 1000, maxMs: 500 });
        const f = fulls[0];
        const uri = `file:///fuzz/${encodeURIComponent(payload)}.mmlab`;
        const run = buildRunData({ uri, version: 1, design: f.design, title: f.program.title, index: f.lineIndex, run: f.run, all: f.allDiagnostics });
        const rows = compareRows(f.parse.file, text, fulls.map((x) => ({ design: x.design, run: x.run, all: x.allDiagnostics })));
        const compare: CompareData = {
          uri,
          version: 1,
          designs: fulls.map((x) => x.design),
          rows: rows.map((r) => ({ range: rangeOf(f.lineIndex, r.span), kind: r.kind, text: r.text, cells: r.cells, differs: r.differs })),
          verdicts: {},
        };
        const out = renderAll(run, compare, f.program.title ?? title, uri);
        assertSameShape(benign.map, out.map, 'memory map (standalone)');
        assertSameShape(benign.cmp, out.cmp, 'comparison table');
        assertSameShape(benign.shell, out.shell, 'webview shell');
        assertNoRawHtml(out.md, 'markdown report');
      }),
      { seed: FUZZ_SEED, numRuns: runs(40), endOnFailure: true },
    );
    reportCount('webview: hostile scenario text through the pipeline', n);
  });
});
