import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { editBetween, withSpansShifted } from '../../server/src/common/shiftSpans';
import { analyzeStatic } from '../../server/src/analysis/analyze';
import { prng } from '../../server/src/mm/machine';
import { largeScenario } from '../../bench/scenarios';

/**
 * The incremental analysis's helpers against plain versions of themselves: editBetween compares
 * whole chunks before single characters (ADR 0019), and must answer as the character loop does;
 * a moved copy must be the plain key-by-key copy with every span moved.
 */
function editByChars(a: string, b: string): { p: number; q: number; delta: number } {
  const n = Math.min(a.length, b.length);
  let p = 0;
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  while (s < n - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return { p, q: a.length - s, delta: b.length - a.length };
}

function copyByKeys(v: unknown, delta: number): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map((x) => copyByKeys(x, delta));
  const r = v as Record<string, unknown>;
  const keys = Object.keys(r);
  if (keys.length === 2 && typeof r.start === 'number' && typeof r.end === 'number') return { start: r.start + delta, end: r.end + delta };
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = copyByKeys(r[k], delta);
  return out;
}

describe('incremental analysis helpers', () => {
  it('editBetween finds the common prefix and suffix as a character loop does (seeded edits of texts up to 3,000 characters)', () => {
    const next = prng(0xed17);
    const base = largeScenario(200);
    let long = 0;
    for (let i = 0; i < 3000; i++) {
      const len = Math.floor(next() * 3000);
      const from = Math.floor(next() * (base.length - len));
      const a = base.slice(from, from + len);
      const at = Math.floor(next() * (a.length + 1));
      const cut = Math.floor(next() * 4) === 0 ? Math.floor(next() * 600) : Math.floor(next() * 3);
      const insert = ['', 'x', '7', a.slice(0, Math.floor(next() * 700)), '\n'][Math.floor(next() * 5)];
      const b = a.slice(0, at) + insert + a.slice(at + cut);
      assert.deepStrictEqual(editBetween(a, b), editByChars(a, b), `case ${i}`);
      if (editByChars(a, b).p > 600 && a.length - editByChars(a, b).q > 600) long++;
    }
    assert.ok(long > 300, `${long} edits with long common parts on both sides`);
  });

  it('a moved copy has every span moved and every other value and key order kept (the IR and trees of every sample)', () => {
    const root = path.resolve(__dirname, '../../sample-workspaces');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(d, e.name));
        else if (e.name.endsWith('.mmlab')) files.push(path.join(d, e.name));
      }
    };
    walk(root);
    assert.ok(files.length > 40, `${files.length} samples`);
    let moved = 0;
    for (const f of files) {
      const s = analyzeStatic(fs.readFileSync(f, 'utf8'));
      for (const v of [s.program, s.parse.file, s.diagnostics]) {
        const copy = JSON.stringify(withSpansShifted(v, 17));
        assert.strictEqual(copy, JSON.stringify(copyByKeys(v, 17)), f);
        if (copy !== JSON.stringify(v)) moved++;
      }
    }
    // not vacuous: nearly every program, tree and diagnostic list has a span
    assert.ok(moved > 2 * files.length, `${moved} moved copies differ from their origin`);
  });
});
