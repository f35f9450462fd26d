import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { fixture, LspClient, ROOT, startClient, uriFor } from './harness';

describe('protocol: document lifecycle and diagnostics', function () {
  this.timeout(60000);
  let c: LspClient;
  before(async () => {
    c = await startClient({ settings: {}, refresh: true });
  });
  after(async () => c.close());

  it('advertises the features of issue 6', () => {
    const caps = c.init.capabilities;
    assert.ok(caps.hoverProvider);
    assert.ok(caps.completionProvider);
    assert.ok(caps.signatureHelpProvider);
    assert.ok(caps.definitionProvider && caps.referencesProvider && caps.renameProvider);
    assert.ok(caps.documentSymbolProvider && caps.foldingRangeProvider && caps.documentFormattingProvider);
    assert.ok(caps.semanticTokensProvider && caps.codeActionProvider && caps.inlayHintProvider);
    assert.deepStrictEqual(caps.codeLensProvider, { resolveProvider: true });
    assert.strictEqual((caps.textDocumentSync as { change: number }).change, 2);
  });

  it('publishes the static and the run diagnostics of a version together (the worker parses), then mmlab/runFinished', async () => {
    const uri = uriFor('failing.mmlab');
    const text = fixture('failing.mmlab');
    c.open(uri, text);
    const run = await c.runDiagnostics(uri, 1);
    const all = c.diagnostics.filter((d) => d.uri === uri && d.version === 1);
    // the edit path never parses on the server's thread (ADR 0007): nothing is known before the worker's answer
    assert.strictEqual(all.length, 1, 'one publish for the opened version: the run with the static diagnostics');
    const codes = run.diagnostics.map((d) => d.code);
    assert.ok(codes.includes('syntax'));
    assert.ok(codes.includes('expect-failed'), `expect-failed in ${codes.join(',')}`);
    const syntax = run.diagnostics.find((d) => d.code === 'syntax')!;
    assert.strictEqual(syntax.range.start.line, text.split('\n').findIndex((l) => l.includes('this is not')));
    // the bundled page (a file beside the server), not a web address
    assert.strictEqual(syntax.codeDescription?.href, pathToFileURL(path.join(ROOT, 'docs/diagnostics/syntax.md')).href);
    assert.ok(fs.existsSync(fileURLToPath(syntax.codeDescription!.href)));
    assert.strictEqual(syntax.source, 'mmlab');
    assert.strictEqual(syntax.severity, 1);
    const failed = run.diagnostics.find((d) => d.code === 'expect-failed')!;
    assert.strictEqual(failed.range.start.line, text.split('\n').findIndex((l) => l.includes('expect pages(buf, 0) == 0')));
    const fin = c.runFinished(uri, 1)!;
    assert.strictEqual(fin.verdict, 'fail');
    assert.strictEqual(fin.expectFailed, 1);
    assert.ok(fin.expectPassed >= 1, 'expect diagnostic syntax holds');
  });

  it('re-runs on every change, tied to the version, and never publishes an older version after a newer one', async () => {
    const uri = uriFor('versions.mmlab');
    const text = fixture('basic.mmlab');
    c.open(uri, text);
    await c.runDiagnostics(uri, 1);
    let v = 1;
    for (let i = 0; i < 6; i++) v = c.insertAt(uri, 0, 0, `// edit ${i}\n`);
    const last = await c.runDiagnostics(uri, v);
    assert.ok(last.diagnostics.every((d) => d.code !== 'internal-error'));
    const versions = c.diagnostics.filter((d) => d.uri === uri).map((d) => d.version ?? -1);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i] >= versions[i - 1], `versions in order: ${versions.join(',')}`);
    // every version gets a publish at once (the last diagnostics, shifted through the edit)
    for (let k = 2; k <= v; k++) assert.ok(versions.includes(k), `diagnostics for version ${k}`);
    const fin = c.runFinished(uri, v)!;
    assert.strictEqual(fin.verdict, 'pass');
  });

  it("publishes a run's diagnostics once, as soon as the worker has them (before the run's results and mmlab/runFinished), the same as a fresh document's", async () => {
    const uri = uriFor('early.mmlab');
    const text = fixture('failing.mmlab');
    c.open(uri, text);
    await c.runDiagnostics(uri, 1);
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.includes('expect pages(buf, 0) == 0'));
    const v = c.insertAt(uri, at, lines[at].length, ' // typed');
    const edited = c.text(uri);
    await c.runDiagnostics(uri, v);
    const published = c.diagnostics.filter((d) => d.uri === uri && d.version === v);
    // the shifted diagnostics at the change, then the run's, not again when its results come
    assert.strictEqual(published.length, 2, `publishes of version ${v}: ${published.length}`);
    const fin = c.notifications.find((n) => n.method === 'mmlab/runFinished' && (n.params as { uri: string; version: number }).uri === uri && (n.params as { version: number }).version === v)!;
    assert.ok(published[1].at <= fin.at, 'the diagnostics come first');
    const fresh = uriFor('early-fresh.mmlab');
    c.open(fresh, edited);
    const scratch = await c.runDiagnostics(fresh, 1);
    assert.deepStrictEqual(published[1].diagnostics, scratch.diagnostics);
    assert.ok(scratch.diagnostics.some((d) => d.code === 'expect-failed'), 'a run diagnostic is among them');
  });

  it('shifts the previous run diagnostics through an edit until the new run lands', async () => {
    const uri = uriFor('carry.mmlab');
    const text = fixture('failing.mmlab');
    c.open(uri, text);
    const first = await c.runDiagnostics(uri, 1);
    const before = first.diagnostics.find((d) => d.code === 'expect-failed')!;
    const v = c.insertAt(uri, 0, 0, '// one more line\n');
    await c.waitFor(() => c.diagnostics.find((d) => d.uri === uri && d.version === v), 10000, 'publish on change');
    const onChange = c.diagnostics.find((d) => d.uri === uri && d.version === v)!;
    const carried = onChange.diagnostics.find((d) => d.code === 'expect-failed');
    assert.ok(carried, 'the run diagnostic is carried into the publish made on the change');
    const syntax = first.diagnostics.find((d) => d.code === 'syntax')!;
    const carriedSyntax = onChange.diagnostics.find((d) => d.code === 'syntax');
    assert.strictEqual(carriedSyntax?.range.start.line, syntax.range.start.line + 1, 'static diagnostics are carried and shifted too');
    assert.strictEqual(carried!.range.start.line, before.range.start.line + 1);
  });

  it('publishes relatedInformation pointing at the cause', async () => {
    const uri = uriFor('related.mmlab');
    const text = 'node 0 dram 1G cpus 0-3\nnode 2 cxl 1G private ops MEMPOLICY\n';
    c.open(uri, text);
    const run = await c.runDiagnostics(uri, 1);
    const rejected = run.diagnostics.find((d) => d.code === 'ops-rejected');
    assert.ok(rejected, 'ops-rejected');
    assert.strictEqual(rejected!.range.start.line, 1);
    assert.ok(rejected!.data, 'data for quick fixes');
  });

  it('clears diagnostics on close', async () => {
    const uri = uriFor('close.mmlab');
    c.open(uri, fixture('failing.mmlab'));
    await c.runDiagnostics(uri, 1);
    void c.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await c.waitFor(() => {
      const ds = c.diagnostics.filter((d) => d.uri === uri);
      return ds.length && ds[ds.length - 1].diagnostics.length === 0;
    }, 10000, 'empty publish after close');
  });
});
