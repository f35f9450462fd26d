/** Element trees, the standalone HTML page and the markdown report (no browser). */
import { strict as assert } from 'assert';
import type { CompareData, RunData } from '../../server/src/lsp/protocol';
import { renderMarkdownReport } from '../../server/src/webview/markdownReport';
import { renderMemoryMapHtml } from '../../server/src/webview/standalone';
import { contentSecurityPolicy, webviewShellHtml } from '../../server/src/webview/shell';
import { h, renderToString } from '../../server/src/webview/vdom';
import { fixture } from './harness';

describe('rendering without a browser', () => {
  it('escapes text and attribute values, refuses handler attributes', () => {
    const html = renderToString(h('p', { title: '"><script>' }, '<b>&</b>'));
    assert.equal(html, '<p title="&quot;&gt;&lt;script&gt;">&lt;b&gt;&amp;&lt;/b&gt;</p>');
    assert.throws(() => h('img', { onerror: 'x()' }), /refused attribute/);
    assert.throws(() => h('div', { 'a b': 1 }), /refused attribute/);
  });

  it('standalone page: self-contained, no script, every hostile string escaped', () => {
    const run = fixture<RunData>('injection.run.json');
    const html = renderMemoryMapHtml(run);
    assert.match(html, /^<!DOCTYPE html>/);
    assert.ok(!/<script/i.test(html), 'no script element');
    assert.ok(!/<img/i.test(html) && !/<svg/i.test(html), 'no injected element');
    assert.ok(html.includes('&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;'));
    assert.match(html, /Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;/);
    assert.ok(!/(src|href)="(http|\/\/)/.test(html), 'nothing loaded from elsewhere');
  });

  it('standalone page: bars for every node and the whole timeline', () => {
    const run = fixture<RunData>('handmade/cram-demotion.run.json');
    const html = renderMemoryMapHtml(run, { sourceLabel: 'cram-demotion.mmlab' });
    // the timeline slider draws every node once per position (test/whatif/map.test.ts checks the slider)
    const positions = (html.match(/<input type="radio" name="mm-step"/g) ?? []).length;
    assert.ok(positions >= 1);
    assert.equal((html.match(/<section class="node /g) ?? []).length, run.nodes.length * positions);
    assert.equal((html.match(/<tr><td>\d+<\/td>/g) ?? []).length, run.steps.length);
    assert.match(html, /low watermark at 90% used/);
  });

  it('standalone page: the run\'s design and every declared design with what it is (a reader cannot hover them)', () => {
    const run = fixture<RunData>('handmade/cram-demotion.run.json');
    const designs = [
      { name: 'private_v4', origin: 'prelude' as const, summary: 'RFC v4' },
      { name: 'mine', origin: 'file' as const, base: 'private_v4', summary: 'this file: private_v4 with own_fallback self_only' },
    ];
    const html = renderMemoryMapHtml({ ...run, design: 'mine', designs });
    assert.match(html, /<span class="badge design" data-testid="design" title="this file: private_v4 with own_fallback self_only">design mine<\/span>/);
    assert.match(html, /<li class="current"><code>mine<\/code> — this file: private_v4 with own_fallback self_only<\/li>/);
    assert.ok(!renderMemoryMapHtml(run).includes('declared-designs'), 'no list when only built-ins are known');
  });

  it('webview shell: strict CSP with the nonce on the one script and style', () => {
    const html = webviewShellHtml({ cspSource: 'https://x.vscode-cdn.net', nonce: 'abc123', scriptUri: 'https://x/memoryMap.js', title: '<t>', documentUri: 'file:///a"b.mmlab', view: 'memoryMap' });
    assert.match(html, /<script nonce="abc123" src="https:\/\/x\/memoryMap.js"><\/script>/);
    assert.match(html, /<style nonce="abc123">/);
    assert.ok(html.includes('data-uri="file:///a&quot;b.mmlab"'));
    assert.ok(html.includes('<title>&lt;t&gt;</title>'));
    const csp = contentSecurityPolicy('https://x.vscode-cdn.net', 'abc123');
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-abc123'/);
    assert.ok(!csp.includes('unsafe'), csp);
  });

  it('markdown report: tables for nodes, mappings, the comparison; text escaped', () => {
    const run = fixture<RunData>('injection.run.json');
    const cmp = fixture<CompareData>('injection.compare.json');
    const md = renderMarkdownReport(run, cmp);
    assert.match(md, /^# T\\<\/script\\>/);
    // Outside code spans (which markdown shows literally) no raw tag survives.
    const prose = md.replace(/`[^`\n]*`/g, '').replace(/\\</g, '');
    assert.ok(!/<(img|script|svg)/i.test(prose), 'no raw HTML tag survives');
    assert.match(md, /\| node \| kind \| state \| used \| capacity \| owners \|/);
    assert.match(md, /## Design comparison/);
    const comparison = md.slice(md.indexOf('## Design comparison'));
    assert.equal(comparison.split('\n').filter((l) => /^\| \d+( ≠)? \| /.test(l)).length, cmp.rows.length);
  });
});
