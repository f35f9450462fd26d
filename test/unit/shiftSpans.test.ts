import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { editBetween, withSpansShifted } from '../../server/src/common/shiftSpans';
import { analyzeStatic } from '../../server/src/analysis/analyze';
import { prng } from '../../server/src/mm/machine';
import { largeScenario } from '../../bench/scenarios';
import { setFlagsFromString } from 'v8';

setFlagsFromString('--allow-natives-syntax');
const sameClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
const outOfObjectKeys = new Function('a', 'return %HasFastProperties(a)') as (a: object) => boolean;

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

  it("a moved copy of a syntax tree has the class (V8 map) of the parser's own objects, every one of them", () => {
    // Copies filled key by key from {} had another class than the literals that made the originals
    // (and kept their fifth key on out of the object): the code reading trees and IR met two classes
    // of each node kind once an edit had moved a block. Compared object by object, V8 answering.
    const text = largeScenario(300) + fs.readFileSync(path.resolve(__dirname, '../../sample-workspaces/cram/05-backpressure.mmlab'), 'utf8').replace(/^(scenario|design) .*$/gm, '');
    const s = analyzeStatic(text);
    let compared = 0;
    const differ: string[] = [];
    const walk = (a: unknown, b: unknown, where: string): void => {
      if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return;
      if (Array.isArray(a)) return a.forEach((x, i) => walk(x, (b as unknown[])[i], where));
      compared++;
      const keys = Object.keys(a);
      if (!sameClass(a, b) && !differ.includes(`${where}: {${keys.join(", ")}}`)) differ.push(`${where}: {${keys.join(', ')}}`);
      for (const k of keys) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${where}.${k}`);
    };
    // (the syntax tree: the IR's lowering adds optional keys to many of its objects after making them, so no
    // copy can take their class; their copies now keep every key in the object, as before they did not)
    walk(s.parse.file, withSpansShifted(s.parse.file, 17), 'tree');
    assert.ok(compared > 3000, `${compared} objects compared`);
    // the two items the parser extends after making them (syntax/parser/declarations.ts: a task's
    // `cpu`, a cgroup's `mems`/`sysram`, optional and in either order): their originals took a
    // transition a literal cannot take; top-level items, one per block, read once per run
    const extendedByTheParser = ['tree.items: {kind, keyword, name, span, mems}', 'tree.items: {kind, keyword, name, body, header, span, cpu}'];
    assert.deepStrictEqual(differ, extendedByTheParser, 'objects whose copy has another class');
    // and a node of many keys keeps them in the object, as the literal that made it does
    const call = findCall(withSpansShifted(s.parse.file, 3));
    assert.ok(call && Object.keys(call).length > 4 && outOfObjectKeys(call));
  });
});

/** the first call expression of a tree (more than four keys) */
function findCall(v: unknown): object | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  if (!Array.isArray(v) && (v as { kind?: unknown }).kind === 'Call' && Object.keys(v).length > 4) return v;
  for (const x of Array.isArray(v) ? v : Object.values(v)) {
    const f = findCall(x);
    if (f) return f;
  }
  return undefined;
}
