/**
 * Scenario goldens: NAME.mmlab beside NAME.expected.json, the §8-style JSON
 * summary of the run under every design (the `compare --json` shape). A golden
 * is rewritten only when UPDATE_GOLDENS=1 is set.
 */
import * as assert from 'assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { LineIndex } from '../../server/src/common/span';
import { DESIGNS } from '../../server/src/model/ir';
import { runText } from '../mm/helpers';

const dir = __dirname;

function summary(file: string, text: string, design: (typeof DESIGNS)[number]) {
  const r = runText(text, design);
  const li = new LineIndex(text);
  const pos = (o: number) => li.positionAt(o);
  return {
    file,
    design,
    diagnostics: [...r.staticDiagnostics, ...r.run.diagnostics].map((d) => ({
      code: d.code,
      severity: d.severity,
      line: pos(d.span.start).line + 1,
      column: pos(d.span.start).character + 1,
      endLine: pos(d.span.end).line + 1,
      endColumn: pos(d.span.end).character + 1,
      message: d.message,
    })),
    expectations: r.run.expectations.map((e) => ({ line: pos(e.span.start).line + 1, passed: e.passed, ...(e.skipped ? { skipped: true } : {}), text: e.text.trim() })),
    nodes: r.run.nodes.map((n) => ({ id: n.id, kind: n.kind, state: n.state, capacityPages: n.capacityPages, usedPages: n.usedPages, freePages: n.freePages, mediaUsedBytes: n.mediaUsedBytes, ...(n.open !== undefined ? { open: n.open } : {}) })),
    mappings: r.run.mappings.map((m) => ({ task: m.task, name: m.name, pages: m.pages })),
    stats: Object.fromEntries(Object.entries(r.run.stats).filter(([, v]) => v !== 0)),
  };
}

describe('scenario goldens', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.mmlab')).sort();
  it('has scenarios', () => assert.ok(files.length >= 5));
  for (const f of files) {
    it(f, () => {
      const text = readFileSync(path.join(dir, f), 'utf8');
      const actual = { designs: Object.fromEntries(DESIGNS.map((d) => [d, summary(f, text, d)])) };
      const own = /^design (\w+)/m.exec(text)?.[1] ?? 'private_v4';
      for (const d of DESIGNS) {
        // unqualified expectations hold under the file's own design; `under D` ones under D
        const failed = actual.designs[d].expectations.filter((e) => !e.passed && !e.skipped && (d === own || /\bunder\b/.test(e.text)));
        assert.deepStrictEqual(failed, [], `${d}: all expectations hold`);
      }
      const golden = path.join(dir, f.replace(/\.mmlab$/, '.expected.json'));
      const json = JSON.stringify(actual, null, 1) + '\n';
      if (process.env.UPDATE_GOLDENS === '1' || !existsSync(golden)) {
        if (process.env.UPDATE_GOLDENS !== '1') assert.fail(`missing golden ${golden} (run with UPDATE_GOLDENS=1)`);
        writeFileSync(golden, json);
      }
      assert.strictEqual(json, readFileSync(golden, 'utf8'));
    });
  }
});
