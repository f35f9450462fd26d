import * as assert from 'assert';
import { CodeLens, Hover, InlayHint } from 'vscode-languageserver-protocol/node';
import { fixture, positionOf, startClient, uriFor } from './harness';

describe('protocol: settings, budgets, crashes, progress', function () {
  this.timeout(90000);

  it('a runaway scenario stops at the step budget with budget-exceeded; the server answers meanwhile', async () => {
    // the step budget is the deterministic cut; the wall clock (60 s here) must not come first
    const c = await startClient({ settings: { budget: { maxSteps: 20000, maxMs: 60000 } } });
    try {
      const uri = uriFor('runaway.mmlab');
      const text = fixture('runaway.mmlab');
      c.open(uri, text);
      // while the run goes on, hovers are answered (the run is on a worker thread)
      const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'GFP_KERNEL', 1) });
      assert.ok(h);
      const run = await c.runDiagnostics(uri, 1, 30000);
      const cut = run.diagnostics.find((d) => d.code === 'budget-exceeded');
      assert.ok(cut, run.diagnostics.map((d) => d.code).join(','));
      assert.strictEqual(cut!.range.start.line, positionOf(text, 'repeat').line);
    } finally {
      await c.close();
    }
  });

  it('survives a worker crash, reports it, and runs the next version on a fresh worker', async () => {
    const c = await startClient({ settings: {}, env: { MMLAB_TEST_HOOKS: '1' } });
    try {
      const uri = uriFor('crash.mmlab');
      const text = fixture('basic.mmlab');
      c.open(uri, `${text}//!crash-worker\n`);
      const crashed = await c.runDiagnostics(uri, 1);
      const internal = crashed.diagnostics.find((d) => d.code === 'internal-error');
      assert.ok(internal, crashed.diagnostics.map((d) => d.code).join(','));
      assert.match(String(internal!.message), /crashed/);
      const v = c.replaceAll(uri, text);
      const ok = await c.runDiagnostics(uri, v);
      assert.ok(!ok.diagnostics.some((d) => d.code === 'internal-error'));
      assert.strictEqual(c.runFinished(uri, v)!.verdict, 'pass');
      // a throw inside a job is an internal-error, not a crash of the server
      const v2 = c.replaceAll(uri, `${text}//!throw-worker\n`);
      const thrown = await c.runDiagnostics(uri, v2);
      assert.ok(thrown.diagnostics.some((d) => d.code === 'internal-error'));
    } finally {
      await c.close();
    }
  });

  it('terminates a run that overruns its time budget and stays responsive', async () => {
    const c = await startClient({ settings: { budget: { maxMs: 200 } }, env: { MMLAB_TEST_HOOKS: '1' } });
    try {
      const uri = uriFor('hang.mmlab');
      const text = fixture('basic.mmlab');
      c.open(uri, `${text}//!hang-worker\n`);
      const hung = await c.runDiagnostics(uri, 1, 30000);
      const cut = hung.diagnostics.find((d) => d.code === 'time-budget-exceeded');
      assert.ok(cut, hung.diagnostics.map((d) => d.code).join(','));
      const v = c.replaceAll(uri, text);
      await c.runDiagnostics(uri, v);
      assert.strictEqual(c.runFinished(uri, v)!.verdict, 'pass');
    } finally {
      await c.close();
    }
  });

  it('reports $/progress for long runs when the client supports it', async () => {
    const c = await startClient({ settings: { budget: { maxSteps: 100000000, maxMs: 1500 } }, progress: true });
    try {
      const uri = uriFor('progress.mmlab');
      c.open(uri, fixture('runaway.mmlab'));
      await c.runDiagnostics(uri, 1, 30000);
      const created = c.serverRequests.filter((r) => r.method === 'window/workDoneProgress/create');
      assert.ok(created.length >= 1, 'window/workDoneProgress/create');
      const token = (created[0].params as { token: string | number }).token;
      await c.waitFor(() => c.notifications.some((n) => n.method === '$/progress' && (n.params as { token: unknown; value: { kind: string } }).token === token && (n.params as { value: { kind: string } }).value.kind === 'end'), 5000, 'progress end');
      const kinds = c.notifications.filter((n) => n.method === '$/progress').map((n) => (n.params as { value: { kind: string } }).value.kind);
      assert.strictEqual(kinds[0], 'begin');
    } finally {
      await c.close();
    }
  });

  it('a progress token created while the run ends still gets begin, then end', async () => {
    // the client answers window/workDoneProgress/create only after the run finished: the server
    // must not send an 'end' alone on the token (seen once under load in the test above)
    const uri = uriFor('progress-late.mmlab');
    const c = await startClient({
      settings: { budget: { maxSteps: 100000000, maxMs: 1500 } },
      progress: true,
      holdRequest: (method, client) => (method === 'window/workDoneProgress/create' ? client.waitFor(() => client.runFinished(uri, 1), 30000, 'the run to finish') : undefined),
    });
    try {
      c.open(uri, fixture('runaway.mmlab'));
      await c.runDiagnostics(uri, 1, 30000);
      const created = c.serverRequests.filter((r) => r.method === 'window/workDoneProgress/create');
      assert.strictEqual(created.length, 1, 'one progress token for the run');
      const token = (created[0].params as { token: string | number }).token;
      const onToken = () => c.notifications.filter((n) => n.method === '$/progress' && (n.params as { token: unknown }).token === token).map((n) => (n.params as { value: { kind: string } }).value.kind);
      await c.waitFor(() => onToken().includes('end'), 5000, 'progress end');
      assert.deepStrictEqual(onToken(), ['begin', 'end']);
    } finally {
      await c.close();
    }
  });

  it('settings switch lenses and inlay hints off, and pick the default design', async () => {
    const c = await startClient({ settings: { lenses: { run: false, expect: true }, inlayHints: { enabled: false }, design: 'stock' } });
    try {
      const uri = uriFor('settings.mmlab');
      const text = fixture('basic.mmlab').replace('design private_v4\n', '');
      c.open(uri, text);
      await c.runDiagnostics(uri, 1);
      assert.strictEqual((c.runFinished(uri, 1) as unknown as { design: string }).design, 'stock');
      const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
      assert.ok(lenses.length > 0 && lenses.every((l) => ['expect', 'whatif', 'shrink'].includes((l.data as { kind: string }).kind)));
      const hints = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } } });
      assert.deepStrictEqual(hints, []);
      // a configuration change is pulled again
      c.settings = { inlayHints: { enabled: true } };
      void c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await c.waitFor(() => c.serverRequests.filter((r) => r.method === 'workspace/configuration').length >= 2, 5000, 'configuration pulled again');
      await c.waitFor(() => c.runFinished(uri, 1) && c.notifications.filter((n) => n.method === 'mmlab/runFinished' && (n.params as { design: string }).design === 'private_v4').length > 0, 10000, 're-run under the new default design');
      const hints2 = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } } });
      assert.ok(hints2.length > 0);
    } finally {
      await c.close();
    }
  });

  it('initializationOptions.settings work for clients without workspace/configuration', async () => {
    const c = await startClient({ initializationOptions: { settings: { lenses: { run: false, expect: false, whatIf: false } } } });
    try {
      const uri = uriFor('init.mmlab');
      c.open(uri, fixture('basic.mmlab'));
      const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
      assert.deepStrictEqual(lenses, []);
    } finally {
      await c.close();
    }
  });

  it('a large file gets a diagnostics-only run at once and step details on demand', async () => {
    const c = await startClient({ settings: {}, refresh: true });
    try {
      const lines = ['node 0 dram 64G cpus 0-7', 'node 2 cxl 64G private ops MIGRATION | MEMPOLICY'];
      for (let i = 0; lines.length < 2100; i++) lines.push(`task t${i} cpu 0 {`, '  a = mmap(4M)', '  mbind(a, MPOL_BIND, 2)', '  touch(a)', '  expect pages(a, 2) == 100%', '}');
      lines.push('task last cpu 0 {', '  a = mmap(4M)', '  touch(a)', '  expect pages(a, 0) == 0', '}');
      const text = lines.join('\n') + '\n';
      const uri = uriFor('large.mmlab');
      c.open(uri, text);
      const run = await c.runDiagnostics(uri, 1, 60000);
      const failed = run.diagnostics.filter((d) => d.code === 'expect-failed');
      assert.strictEqual(failed.length, 1, 'the one failing expectation is reported by the diagnostics-only run');
      assert.strictEqual(failed[0].range.start.line, lines.length - 2);
      const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 9 } });
      const md = (h?.contents as { value: string }).value;
      assert.match(md, /mapping `a`/);
      // the detailed run may still be going: once done, the hover shows the placement
      await c.waitFor(() => c.serverRequests.some((r) => r.method === 'workspace/inlayHint/refresh'), 60000, 'detail run');
      const h2 = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 9 } });
      assert.match((h2?.contents as { value: string }).value, /N2 ×1,024/);
    } finally {
      await c.close();
    }
  });

  it('answers requests on garbage input without dying', async () => {
    const c = await startClient({ settings: {} });
    try {
      const uri = uriFor('garbage.mmlab');
      const junk = '}}{{ node node ( ( [ 0x expect under | | , ; = "unterminated\n\u0000\u00ff /* open';
      c.open(uri, junk);
      await c.runDiagnostics(uri, 1);
      const methods = ['textDocument/hover', 'textDocument/completion', 'textDocument/signatureHelp', 'textDocument/definition', 'textDocument/references', 'textDocument/documentHighlight'];
      for (let line = 0; line < 2; line++)
        for (let ch = 0; ch < 40; ch += 3)
          for (const m of methods) await c.request(m, { textDocument: { uri }, position: { line, character: ch }, context: { includeDeclaration: true } });
      await c.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
      await c.request('textDocument/semanticTokens/full', { textDocument: { uri } });
      await c.request('textDocument/documentSymbol', { textDocument: { uri } });
      await c.request('textDocument/foldingRange', { textDocument: { uri } });
      const r = await c.request<{ verdict: string }>('mmlab/run', { uri });
      assert.ok(['pass', 'fail', 'error'].includes(r.verdict));
      assert.strictEqual(c.proc.exitCode, null, 'server still running');
    } finally {
      await c.close();
    }
  });
});
