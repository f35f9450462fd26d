import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { formatText } from '../../server/src/analysis/formatting';
import { lex } from '../../server/src/syntax/lexer';

const opts = { tabSize: 2, insertSpaces: true };
const fixtures = path.join(__dirname, '../protocol/fixtures');

function significant(text: string): string[] {
  return lex(text).tokens.filter((t) => t.kind !== 'whitespace' && t.kind !== 'newline' && t.kind !== 'eof').map((t) => t.text);
}

/** Deterministic pseudo-random numbers (no Math.random: failures must reproduce). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('formatting', () => {
  it('canonicalises the messy fixture', () => {
    const out = formatText(fs.readFileSync(path.join(fixtures, 'messy.mmlab'), 'utf8'), opts);
    assert.strictEqual(
      out,
      [
        'scenario "fixture: formatting"',
        '// a comment that must survive',
        'node 0 dram 4G cpus 0-3',
        '',
        'node 2 cxl 1G private ops MIGRATION | MEMPOLICY // trailing comment',
        'task app cpu 0 {',
        '  buf = mmap(64M)',
        '  touch(buf, write) /* block */',
        '  mbind(buf, MPOL_BIND, {0, 2})',
        '  expect pages(buf, 0) >= 0',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('indents nested blocks, continued lines and named arguments', () => {
    const src = 'kernel {\nfor_each_node(n) {\np = kvzalloc_node(4K, GFP_KERNEL |\n__GFP_THISNODE, n)\n}\nq = alloc_pages_node(0, GFP_KERNEL, 0, count = 8)\n}\nnode 3 cram 4G media 2G watermarks low = 10% high=25%\n';
    assert.strictEqual(
      formatText(src, opts),
      'kernel {\n  for_each_node(n) {\n    p = kvzalloc_node(4K, GFP_KERNEL |\n      __GFP_THISNODE, n)\n  }\n  q = alloc_pages_node(0, GFP_KERNEL, 0, count=8)\n}\nnode 3 cram 4G media 2G watermarks low=10% high=25%\n',
    );
  });

  it('is idempotent and keeps every token and comment on every fixture', () => {
    for (const f of fs.readdirSync(fixtures).filter((x) => x.endsWith('.mmlab'))) {
      const src = fs.readFileSync(path.join(fixtures, f), 'utf8');
      const once = formatText(src, opts);
      assert.deepStrictEqual(significant(once), significant(src), f);
      assert.strictEqual(formatText(once, opts), once, `${f} idempotent`);
    }
  });

  it('never changes the token stream of mutated scenarios (fuzz, 500 cases)', () => {
    const base = fs.readdirSync(fixtures).filter((x) => x.endsWith('.mmlab')).map((f) => fs.readFileSync(path.join(fixtures, f), 'utf8'));
    const pieces = ['{', '}', '(', ')', '|', ',', '=', '==', '/*', '*/', '//', '\n', ' ', '"', '[', ']', ':', '-', 'x', '0', '%', '\t', ';'];
    const r = rng(42);
    let tried = 0;
    for (let i = 0; i < 500; i++) {
      let t = base[i % base.length];
      for (let k = 0; k < 1 + Math.floor(r() * 6); k++) {
        const at = Math.floor(r() * t.length);
        if (r() < 0.5) t = t.slice(0, at) + pieces[Math.floor(r() * pieces.length)] + t.slice(at);
        else t = t.slice(0, at) + t.slice(at + 1 + Math.floor(r() * 3));
      }
      const out = formatText(t, opts);
      tried++;
      assert.deepStrictEqual(significant(out), significant(t), `case ${i}: ${JSON.stringify(t)}`);
    }
    assert.strictEqual(tried, 500);
  });
});
