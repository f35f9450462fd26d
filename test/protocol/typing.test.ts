import * as assert from 'assert';
import { Hover } from 'vscode-languageserver-protocol/node';
import { fixture, LspClient, positionOf, startClient, uriFor } from './harness';

function hoverText(h: Hover | null): string {
  const c = h?.contents as { value?: string } | undefined;
  return c?.value ?? '';
}

/**
 * While a document is being typed, a request that shows run data does not wait for a run
 * that the next edit makes stale: it answers from the latest finished run, its positions
 * mapped through the edits since (ADR 0007).
 */
describe('protocol: requests while typing', function () {
  this.timeout(60000);
  let c: LspClient;
  before(async () => {
    // a debounce window longer than the gap between two edits: the run of the version a hover
    // waits for is never started before the next edit makes it stale (no race with the worker)
    c = await startClient({ settings: { debounceMs: 1000 }, refresh: true });
  });
  after(async () => c.close());

  it('a hover overtaken by an edit answers from the last run, in the coordinates of its own version', async () => {
    const uri = uriFor('typing-hover.mmlab');
    const text = fixture('basic.mmlab');
    c.open(uri, text);
    await c.runDiagnostics(uri, 1);
    c.insertAt(uri, 0, 0, '// one\n');
    const asked = c.text(uri);
    const position = positionOf(asked, 'touch(buf)', 7);
    const hover = c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
    // the next keystroke arrives before the version the hover waits for has been simulated
    const v3 = c.insertAt(uri, 0, 0, '// two\n');
    const h = await hover;
    const t = hoverText(h);
    assert.match(t, /mapping `buf`/);
    assert.match(t, /N2 ×65,536/, 'run data of the last finished run');
    assert.strictEqual(h!.range!.start.line, position.line, 'the range is in the text the hover was asked on');
    // the run of the last version still lands, with the diagnostics of that version
    const last = await c.runDiagnostics(uri, v3);
    assert.ok(last.diagnostics.every((d) => d.code !== 'internal-error'));
  });

  it('a hover on a word an edit since the last run changed answers nothing rather than a wrong thing', async () => {
    const uri = uriFor('typing-hover-edited.mmlab');
    const text = fixture('basic.mmlab');
    c.open(uri, text);
    await c.runDiagnostics(uri, 1);
    const at = positionOf(text, 'touch(buf)', 0);
    // the word under the hover is rewritten, then another key is pressed
    c.change(uri, [{ range: { start: at, end: { line: at.line, character: at.character + 5 } }, text: 'touch' }], c.text(uri));
    const hover = c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: at.line, character: at.character + 2 } });
    c.insertAt(uri, 0, 0, '// more\n');
    assert.strictEqual(await hover, null);
  });

  it('a hover while the document is being typed answers at once from the last finished run', async () => {
    const uri = uriFor('typing-hover-burst.mmlab');
    const text = fixture('basic.mmlab');
    c.open(uri, text);
    await c.runDiagnostics(uri, 1);
    // two keystrokes in a row (typing), the second one halving the mapping: the hover is not
    // made to wait for the new version's run, whose answer would say 32,768 pages
    c.insertAt(uri, 0, 0, '// one\n');
    const at = positionOf(c.text(uri), '256M', 0);
    c.change(uri, [{ range: { start: at, end: { line: at.line, character: at.character + 3 } }, text: '128' }], c.text(uri).replace('256M', '128M'));
    const asked = c.text(uri);
    const position = positionOf(asked, 'touch(buf)', 7);
    const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
    assert.match(hoverText(h), /N2 ×65,536/, 'run data of the last finished run, not of the version being typed');
    assert.strictEqual(h!.range!.start.line, position.line, 'the range is in the text the hover was asked on');
  });

  it('a hover with no edit after it waits for its own version\'s run', async () => {
    const uri = uriFor('typing-hover-quiet.mmlab');
    const text = fixture('basic.mmlab');
    c.open(uri, text);
    await c.runDiagnostics(uri, 1);
    // rename the mapping: the answer must come from the new version's run, not the old one
    const edited = text.split('buf').join('bufx');
    const v = c.replaceAll(uri, edited);
    const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(edited, 'touch(bufx)', 7) });
    assert.match(hoverText(h), /mapping `bufx`/);
    assert.ok(c.runFinished(uri, v) !== undefined || (await c.runDiagnostics(uri, v)), 'the run of that version');
  });
});
