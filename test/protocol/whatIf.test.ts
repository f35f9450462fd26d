/**
 * `mmlab/whatIf` over stdio against the built server: the What if… and Shrink lenses' request,
 * served by worker threads from dist/server/worker.js.
 */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join, resolve } from 'path';
import type { CodeLens } from 'vscode-languageserver/node';
import { WhatIfResult } from '../../server/src/lsp/protocol';
import { LspClient, startClient, uriFor } from './harness';

const root = resolve(__dirname, '../..');

describe('protocol: mmlab/whatIf (What if… and Shrink lenses)', function () {
  this.timeout(300000);
  let c: LspClient;
  const uri = uriFor('shrinker-info.mmlab');
  const text = readFileSync(join(root, 'sample-workspaces/isolation-debate/shrinker-info.mmlab'), 'utf8').replace(/^scenario (.*)$/m, 'scenario $1\ndesign private_soft');
  const shrinkUri = uriFor('shrink-40.mmlab');
  const shrinkText = readFileSync(join(root, 'test/whatif/fixtures/shrink-40.mmlab'), 'utf8');
  before(async () => {
    c = await startClient({ settings: {} });
    c.open(uri, text);
    c.open(shrinkUri, shrinkText);
    await c.runDiagnostics(uri, 1);
  });
  after(async () => c.close());

  it('every expectation has What if… and Shrink lenses that carry its line', async () => {
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const kinds = (k: string) => lenses.filter((l) => (l.data as { kind: string }).kind === k);
    assert.ok(kinds('expect').length > 0);
    const expectLines = kinds('expect').map((l) => l.range.start.line);
    assert.deepStrictEqual(
      kinds('whatif').filter((l) => expectLines.includes(l.range.start.line)).map((l) => l.range.start.line),
      expectLines,
    );
    assert.strictEqual(kinds('shrink').length, kinds('expect').length);
    const onExpect = kinds('whatif').find((l) => expectLines.includes(l.range.start.line))!;
    const r = await c.request<CodeLens>('codeLens/resolve', onExpect);
    assert.strictEqual(r.command!.command, 'mmlab.whatIf');
    assert.deepStrictEqual(r.command!.arguments, [uri, onExpect.range.start.line]);
    assert.match(r.command!.title, /What if/);
  });

  it('node lines and allocating or policy calls have a What if… lens too (no Shrink)', async () => {
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const lines = (k: string) => lenses.filter((l) => (l.data as { kind: string }).kind === k).map((l) => l.range.start.line);
    const src = text.split('\n');
    const whatIf = lines('whatif');
    const nodeLine = src.findIndex((l) => /^node /.test(l));
    const allocLine = src.findIndex((l) => /^\s+info = kvzalloc_node/.test(l));
    assert.ok(whatIf.includes(nodeLine) && whatIf.includes(allocLine), `${whatIf}`);
    assert.ok(!lines('shrink').includes(allocLine));
  });

  it('explore on the leaking line names the change that removes the leak', async () => {
    const line = text.split('\n').findIndex((l) => /^\s+info = kvzalloc_node/.test(l));
    const r = await c.request<WhatIfResult>('mmlab/whatIf', { uri, line, action: 'explore' });
    assert.strictEqual(r.action, 'explore');
    assert.match(r.text, /changes that fix line \d+/, r.text.slice(0, 600));
    assert.match(r.text, /add __GFP_PRIVATE on kvzalloc_node/);
    assert.match(r.summary, /^fixes line \d+: /);
    assert.ok(r.runs > 30);
  });

  it('shrink returns a smaller scenario that keeps the failure', async () => {
    const line = 33; // 0-based: `expect ok` after the kvzalloc_node that fails under private_nofallback
    const r = await c.request<WhatIfResult>('mmlab/whatIf', { uri: shrinkUri, line, action: 'shrink', design: 'private_nofallback' });
    assert.strictEqual(r.action, 'shrink');
    assert.ok(r.text.split('\n').length < shrinkText.split('\n').length, `${r.summary}\n${r.text}`);
    assert.match(r.summary, /20 → \d+ statements in \d+ runs/);
  });

  it('refuses a bad action, an unknown document or an unknown design with an error, not a crash', async () => {
    await assert.rejects(() => c.request('mmlab/whatIf', { uri, line: 3, action: 'frobnicate' }), /action/);
    await assert.rejects(() => c.request('mmlab/whatIf', { uri: uriFor('nope.mmlab'), line: 0, action: 'explore' }), /not open/);
    await assert.rejects(() => c.request('mmlab/whatIf', { uri, line: 3, action: 'explore', design: 'self_only' }), /unknown design self_only: What if… knows the built-ins, the workspace.s designs.mmlab and the designs this file declares/);
  });

  it('runs under a design the document declares (What if… used to refuse every name but the built-ins)', async () => {
    const ownUri = uriFor('self-only.mmlab');
    const own = readFileSync(join(root, 'sample-workspaces/own-design/self-only.mmlab'), 'utf8');
    c.open(ownUri, own);
    await c.runDiagnostics(ownUri, 1);
    const line = own.split('\n').findIndex((l) => /^\s+info = kvzalloc_node/.test(l));
    const r = await c.request<WhatIfResult>('mmlab/whatIf', { uri: ownUri, line, action: 'explore', design: 'self_only' });
    assert.strictEqual(r.action, 'explore');
    // under self_only this kvzalloc_node leaks onto node 2; some single change must move it
    assert.match(r.text, /under self_only/, r.text.slice(0, 400));
    assert.ok(r.runs > 10, `${r.runs} runs`);
  });
});
