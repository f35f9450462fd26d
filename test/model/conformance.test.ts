import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../server/src/model/lower';
import * as ir from '../../server/src/model/ir';
import { describeOutside } from '../outside';

/** Every outside conformance scenario parses and lowers cleanly (they are read, never copied). */

function countStatements(items: (ir.TimelineItem | ir.Stmt)[]): number {
  let n = 0;
  for (const it of items) {
    n++;
    if ('body' in it && Array.isArray(it.body)) n += countStatements(it.body);
  }
  return n;
}

describeOutside('conformance scenarios lower cleanly (outside, ../shared/conformance)', (DIR) => {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.mmlab')).sort();
  it('finds the scenarios', () => assert.ok(files.length >= 12, `found ${files.length}`));
  for (const f of files) {
    it(`${f}: no syntax, unknown-name or unknown-flag diagnostic; no ErrorStmt`, () => {
      const text = fs.readFileSync(path.join(DIR, f), 'utf8');
      const r = analyzeText(text);
      const bad = r.diagnostics.filter((d) => d.code === 'syntax' || d.code === 'unknown-name' || d.code === 'unknown-flag');
      assert.deepStrictEqual(bad.map((d) => `${d.code}: ${d.message}`), []);
      const json = JSON.stringify(r.program.items);
      assert.ok(!json.includes('"kind":"error"'), 'an ErrorStmt in the IR');
      assert.ok(countStatements(r.program.items) > 0 || f.startsWith('12-'), 'no statements lowered');
      const expects = (text.match(/^\s*expect\b/gm) ?? []).length;
      assert.strictEqual((json.match(/"kind":"expect"/g) ?? []).length, expects, 'every expect line is lowered');
    });
  }

  it('12-ops-validation: exactly three ops-rejected, on nodes 2, 3, 4 (node 5 is valid)', () => {
    const text = fs.readFileSync(path.join(DIR, '12-ops-validation.mmlab'), 'utf8');
    const r = analyzeText(text);
    const rejected = r.diagnostics.filter((d) => d.code === 'ops-rejected');
    assert.strictEqual(rejected.length, 3);
    const lineOf = (off: number) => text.slice(0, off).split('\n').length;
    const nodeLines = rejected.map((d) => text.split('\n')[lineOf(d.span.start) - 1]);
    assert.deepStrictEqual(nodeLines.map((l) => Number(/^node (\d+)/.exec(l)![1])), [2, 3, 4]);
    assert.deepStrictEqual(r.program.machine.nodes.filter((n) => n.opsRejected).map((n) => n.id), [2, 3, 4]);
    // each top-level `expect diagnostic ops-rejected` observes the node above it, which holds the diagnostic
    const expects = r.program.items.filter((i): i is ir.ExpectStmt => i.kind === 'expect');
    assert.strictEqual(expects.length, 3);
    for (const [i, e] of expects.entries()) {
      assert.ok(e.subject && rejected[i].span.start >= e.subject.start && rejected[i].span.end <= e.subject.end);
    }
  });

  it('03-nodemask-filters-fallback: the nodemask and count lower exactly', () => {
    const r = analyzeText(fs.readFileSync(path.join(DIR, '03-nodemask-filters-fallback.mmlab'), 'utf8'));
    const k = r.program.items[0] as ir.KernelBlock;
    const c = (k.body[0] as ir.CallStmt).call;
    assert.strictEqual(c.op, 'alloc_pages_node');
    if (c.op === 'alloc_pages_node') {
      assert.deepStrictEqual(c.nodemask?.nodes.map((n) => ('const' in n ? n.const : n.var)), [0, 2, 3]);
      assert.strictEqual(c.count, 8192);
    }
    assert.strictEqual(r.program.machine.distances.length, 6);
  });
});
