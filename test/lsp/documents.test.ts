import * as assert from 'assert';
import { diag } from '../../server/src/common/diagnostics';
import { analyzeStatic } from '../../server/src/analysis/analyze';
import { lastStaticReport } from '../../server/src/analysis/incrementalStatic';
import { Documents, offsetIn, shiftDiagnostics, spanSince } from '../../server/src/lsp/documents';

describe('carrying run diagnostics across an edit', () => {
  const d = (start: number, end: number) => diag('expect-failed', { start, end }, 'x', { related: [{ span: { start: 0, end: 2 }, message: 'cause' }] });
  it('keeps diagnostics before the edit and shifts those after it', () => {
    const out = shiftDiagnostics([d(0, 5), d(20, 30)], 10, 12, 5);
    assert.deepStrictEqual(out.map((x) => x.span), [{ start: 0, end: 5 }, { start: 23, end: 33 }]);
    assert.deepStrictEqual(out[1].related![0].span, { start: 0, end: 2 });
  });
  it('drops diagnostics the edit touches', () => {
    assert.deepStrictEqual(shiftDiagnostics([d(8, 14)], 10, 12, 0), []);
  });
  it('an insertion right at a diagnostic start shifts it', () => {
    assert.deepStrictEqual(shiftDiagnostics([d(10, 15)], 10, 10, 3).map((x) => x.span), [{ start: 13, end: 18 }]);
  });
  it('an insertion right after a diagnostic keeps it in place', () => {
    assert.deepStrictEqual(shiftDiagnostics([d(5, 10)], 10, 10, 3).map((x) => x.span), [{ start: 5, end: 10 }]);
  });
  it('related information inside the edit is dropped, the diagnostic kept', () => {
    const out = shiftDiagnostics([d(20, 25)], 0, 1, 1);
    assert.strictEqual(out.length, 1);
    assert.strictEqual(out[0].related, undefined);
  });
});

describe('mapping positions between versions (answers from the latest run while typing)', () => {
  const docs = new Documents();
  const st = docs.open('file:///m.mmlab', 'mmlab', 1, 'abcdef\nghij\n');
  // v2: "XY" inserted at offset 2; v3: "cd" (offsets 4..6 of v2) deleted
  docs.change(st.uri, 2, [{ range: { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } }, text: 'XY' }]);
  docs.change(st.uri, 3, [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 6 } }, text: '' }]);
  it('applies the edits and keeps them in order', () => {
    assert.strictEqual(st.doc.getText(), 'abXYef\nghij\n');
    assert.deepStrictEqual(st.edits.map((e) => [e.version, e.start, e.end, e.inserted]), [[2, 2, 2, 2], [3, 4, 6, 0]]);
    assert.strictEqual(st.stat, undefined, 'nothing analysed on the edit path');
  });
  it('maps an offset of a newer version back, undefined inside an edit', () => {
    assert.strictEqual(offsetIn(st, 0, 1, 3), 0);
    assert.strictEqual(offsetIn(st, 4, 1, 3), 4, "'e' was at 4 in v1");
    assert.strictEqual(offsetIn(st, 2, 1, 3), undefined, 'inside the inserted XY');
    assert.strictEqual(offsetIn(st, 7, 1, 3), 7, "'g' of the second line");
    assert.strictEqual(offsetIn(st, 4, 1, 2), 2, 'asked at v2 ("abXYcdef"), offset 4 is the "c" of v1');
  });
  it('maps a span of an older version forward up to a given version', () => {
    assert.deepStrictEqual(spanSince(st, { start: 7, end: 11 }, 1, 3), { start: 7, end: 11 });
    assert.deepStrictEqual(spanSince(st, { start: 7, end: 11 }, 1, 2), { start: 9, end: 13 });
    assert.strictEqual(spanSince(st, { start: 2, end: 4 }, 1, 3), undefined, 'the deleted "cd"');
  });
  it('forgets the edits a landed run made unnecessary', () => {
    docs.pruneEdits(st, 2);
    assert.deepStrictEqual(st.edits.map((e) => e.version), [3]);
  });
});

describe('the analysis on the server\'s thread after an edit goes on from the last one (Documents.ensure)', () => {
  const text = ['node 0 dram 4G cpus 0-3', ...Array.from({ length: 40 }, (_, i) => `task t${i} cpu 0 {\n  a = mmap(4M)\n  touch(a)\n}`)].join('\n') + '\n';
  const edit = (docs: Documents, uri: string, version: number) => docs.change(uri, version, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: ' ' }]);

  it('an edited version is analysed incrementally, with the answer a from-scratch analysis gives', () => {
    const docs = new Documents();
    const st = docs.open('file:///inc.mmlab', 'mmlab', 1, text);
    assert.ok(docs.ensure(st));
    edit(docs, st.uri, 2);
    assert.strictEqual(st.statVersion, -1, 'the edit marks the analysis stale');
    const again = docs.ensure(st)!;
    assert.strictEqual(lastStaticReport.from, 'incremental');
    assert.strictEqual(st.statVersion, 2);
    // (the IR of the blocks after the edit keeps its body where it was lowered, ADR 0023: compared
    // with a from-scratch one by test/analysis/incrementalStatic.test.ts; here, what a feature reads)
    const scratch = analyzeStatic(st.doc.getText());
    assert.deepStrictEqual(again.diagnostics, scratch.diagnostics);
    assert.strictEqual(again.text, scratch.text);
    assert.strictEqual(again.program.items.length, scratch.program.items.length);
  });

  it('a change of the workspace designs analyses from scratch (the last analysis saw other designs)', () => {
    const docs = new Documents();
    let designs: string | undefined;
    docs.designsOf = () => designs;
    const st = docs.open('file:///inc-designs.mmlab', 'mmlab', 1, text);
    assert.ok(docs.ensure(st));
    designs = 'design mine extends private_v4 {\n}\n';
    edit(docs, st.uri, 2);
    docs.ensure(st);
    assert.strictEqual(lastStaticReport.from, 'scratch');
  });
});
