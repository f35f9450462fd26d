/** The memory map and the Markdown report show the one expectation rule: non-binding outcomes in brackets, muted, named. */
import { strict as assert } from 'assert';
import type { RunData } from '../../server/src/lsp/protocol';
import { renderMarkdownReport } from '../../server/src/webview/markdownReport';
import { renderExpectations } from '../../server/src/webview/memoryMapView';
import { renderToString } from '../../server/src/webview/vdom';
import { analyzeFull } from '../../server/src/analysis/analyze';
import { buildRunData } from '../../server/src/analysis/timeline';
import { fixture } from '../protocol/harness';

describe('memory map: expectations under a design other than the file\'s own', () => {
  const text = fixture('binding.mmlab');
  const a = analyzeFull(text, { design: 'zone_device' });
  const run: RunData = buildRunData({ uri: 'file:///binding.mmlab', version: 1, design: a.design, index: a.lineIndex, run: a.run, all: a.allDiagnostics });

  it('lists the non-binding failure as (✗), class not-binding, with the reason; the binding one as ✓', () => {
    const html = renderToString(renderExpectations(run)!);
    assert.match(html, /<li class="expect not-binding">\(✗\) line 11: expect pages\(buf, 2\) == 100% \(got pages\(buf, 2\) = 0% [^<]*\) \(not binding under zone_device: no `under`, so it binds only under the file&#39;s own design\)<\/li>/);
    assert.match(html, /<li class="expect passed">✓ line 13: expect pages\(buf, 2\) == 0 under zone_device/);
    assert.doesNotMatch(html, /class="expect failed"/);
  });

  it('the header verdict and counts exclude it; the Markdown report names it', () => {
    assert.strictEqual(run.verdict, 'pass');
    assert.deepStrictEqual([run.counts.expectPassed, run.counts.expectFailed, run.counts.expectNotBinding], [1, 0, 1]);
    const md = renderMarkdownReport(run);
    assert.match(md, /- \(✗\) line 11: `expect pages\(buf, 2\) == 100%` — got .* \(not binding under zone\\_device: /);
  });
});
