import * as assert from 'assert';
import { Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { fixture, LspClient, positionOf, startClient, uriFor } from './harness';

/** the published diagnostics without their order's accidents: code, range and message */
const shown = (p: PublishDiagnosticsParams): string => JSON.stringify(p.diagnostics.map((d) => [d.code, d.range, d.message]));

/**
 * ADR 0039 through the real server and worker: an undo returns the document to an earlier text,
 * which the worker answers with that version's analysis and result; what the editor is shown is
 * what it was shown for that text before, and hovers read that run.
 */
describe('protocol: undo and redo', function () {
  this.timeout(60000);
  let c: LspClient;
  before(async () => {
    c = await startClient();
  });
  after(async () => c.close());

  it('a size typed a digit at a time, then undone at once and redone: each version\'s diagnostics those of its text, the hover of its run', async () => {
    const uri = uriFor('undo.mmlab');
    const text = fixture('basic.mmlab');
    c.open(uri, text);
    const original = shown(await c.runDiagnostics(uri, 1));
    // 256M -> 2564M -> 25648M: larger than node 2 (2G), the bind then leaves pages to fall back or fail
    const at = positionOf(text, '256M', 3);
    c.insertAt(uri, at.line, at.character, '4');
    await c.runDiagnostics(uri, 2);
    const typed = c.insertAt(uri, at.line, at.character + 1, '8');
    const big = shown(await c.runDiagnostics(uri, typed));
    assert.notStrictEqual(big, original, 'the edit changed what is shown');
    // the undo takes both keystrokes back (one change), as VS Code's undo of a typing group does
    const undo = c.change(uri, [{ range: { start: at, end: { line: at.line, character: at.character + 2 } }, text: '' }], text);
    assert.strictEqual(shown(await c.runDiagnostics(uri, undo)), original);
    const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'touch(buf)', 7) });
    assert.match((h?.contents as { value?: string } | undefined)?.value ?? '', /N2 ×65,536/, 'the hover reads the run of the undone text');
    const redo = c.change(uri, [{ range: { start: at, end: at }, text: '48' }], text.replace('256M', '25648M'));
    assert.strictEqual(shown(await c.runDiagnostics(uri, redo)), big);
  });
});
