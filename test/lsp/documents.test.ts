import * as assert from 'assert';
import { diag } from '../../server/src/common/diagnostics';
import { shiftDiagnostics } from '../../server/src/lsp/documents';

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
