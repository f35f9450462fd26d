import * as assert from 'assert';
import { CompareData, RunData, StepAtResult } from '../../server/src/lsp/protocol';
import { DESIGNS } from '../../server/src/model/ir';
import { fixture, LspClient, positionOf, startClient, uriFor } from './harness';

describe('protocol: custom requests (lsp/protocol.ts)', function () {
  this.timeout(60000);
  let c: LspClient;
  const uri = uriFor('basic.mmlab');
  const text = fixture('basic.mmlab');
  before(async () => {
    c = await startClient({ settings: {} });
    c.open(uri, text);
    await c.runDiagnostics(uri, 1);
  });
  after(async () => c.close());

  it('mmlab/run returns RunData for the current version with steps and ranges', async () => {
    const r = await c.request<RunData>('mmlab/run', { uri });
    assert.strictEqual(r.uri, uri);
    assert.strictEqual(r.version, 1);
    assert.strictEqual(r.design, 'private_v4');
    assert.strictEqual(r.title, 'fixture: bind to a private node, a kernel probe');
    assert.strictEqual(r.verdict, 'pass');
    assert.strictEqual(r.counts.expectFailed, 0);
    assert.ok(r.counts.expectPassed >= 3);
    const touch = r.steps.find((s) => s.range.start.line === positionOf(text, 'touch(buf)').line);
    assert.ok(touch, 'a step on the touch line');
    assert.ok(touch!.placements.some((p) => p.node === 2 && p.pages === 65536));
    assert.ok(touch!.nodes.length >= 2);
    const m = r.mappings.find((x) => x.name === 'buf')!;
    assert.strictEqual(m.pages['2'], 65536);
    assert.ok(r.expectations.every((e) => typeof e.range.start.line === 'number'));
  });

  it('mmlab/run under another design', async () => {
    const r = await c.request<RunData>('mmlab/run', { uri, design: 'stock' });
    assert.strictEqual(r.design, 'stock');
    assert.ok(r.steps.length > 0);
  });

  it('mmlab/run rejects an unknown design and a document that is not open', async () => {
    await assert.rejects(c.request('mmlab/run', { uri, design: 'nope' }));
    await assert.rejects(c.request('mmlab/run', { uri: uriFor('not-open.mmlab') }));
  });

  it('mmlab/compare returns rows of statements and expectations with a cell per design', async () => {
    const r = await c.request<CompareData>('mmlab/compare', { uri });
    assert.deepStrictEqual(r.designs, [...DESIGNS]);
    assert.strictEqual(r.version, 1);
    const kinds = new Set(r.rows.map((x) => x.kind));
    assert.ok(kinds.has('statement') && kinds.has('expect'));
    const mbind = r.rows.find((x) => x.text.startsWith('mbind('))!;
    for (const d of DESIGNS) assert.ok(mbind.cells[d], `cell for ${d}`);
    // zone_device has no mempolicy: the same mbind differs between designs
    assert.strictEqual(mbind.differs, new Set(Object.values(mbind.cells).map((x) => x!.text)).size > 1);
    assert.ok(r.rows.some((x) => x.differs), 'designs differ somewhere on this scenario');
    for (const d of DESIGNS) assert.ok(['pass', 'fail', 'error'].includes(r.verdicts[d]!));
    const touch = r.rows.find((x) => x.text === 'touch(buf)')!;
    assert.strictEqual(touch.cells.private_v4!.text, 'N2 ×65536');
  });

  it('mmlab/compare with a subset of designs', async () => {
    const r = await c.request<CompareData>('mmlab/compare', { uri, designs: ['stock', 'private_v4'] });
    assert.deepStrictEqual(r.designs, ['stock', 'private_v4']);
    assert.deepStrictEqual(Object.keys(r.rows[0].cells).sort(), ['private_v4', 'stock']);
  });

  it('mmlab/compare reports progress on the client\'s workDoneToken', async () => {
    const token = 'compare-token-1';
    const r = await c.request<CompareData>('mmlab/compare', { uri, designs: ['stock', 'private_v4', 'spm_v2'], workDoneToken: token });
    assert.strictEqual(r.designs.length, 3);
    await c.waitFor(() => c.notifications.some((n) => n.method === '$/progress' && (n.params as { token: string; value: { kind: string } }).token === token && (n.params as { value: { kind: string } }).value.kind === 'end'), 5000, 'progress end');
    const kinds = c.notifications.filter((n) => n.method === '$/progress' && (n.params as { token: string }).token === token).map((n) => (n.params as { value: { kind: string } }).value.kind);
    assert.strictEqual(kinds[0], 'begin');
  });

  it('mmlab/stepAt maps a cursor to the timeline step', async () => {
    const r = await c.request<RunData>('mmlab/run', { uri });
    const line = positionOf(text, 'touch(buf)').line;
    const at = await c.request<StepAtResult>('mmlab/stepAt', { uri, position: { line, character: 4 } });
    assert.strictEqual(r.steps.find((s) => s.index === at.index)!.range.start.line, line);
    const before = await c.request<StepAtResult>('mmlab/stepAt', { uri, position: { line: 0, character: 0 } });
    assert.strictEqual(before.index, -1);
  });
});
