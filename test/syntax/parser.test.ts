import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lower } from '../../server/src/model/lower';
import { AstNode, CallStmt, NodeDecl, TaskBlock } from '../../server/src/syntax/ast';
import { parse } from '../../server/src/syntax/parser';
import { nodeAt, pathAt, tokenAt, walk } from '../../server/src/syntax/visit';
import { prng as rng } from '../../server/src/mm/machine';
import { outsideFiles } from '../outside';

const FIXTURES = path.resolve(__dirname, '../fixtures/parser');

function corpus(): string[] {
  const read = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.mmlab')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  // the outside scenarios join the corpus when they are beside the checkout (test/outside.ts)
  return [...outsideFiles().map((f) => fs.readFileSync(f, 'utf8')), ...read(FIXTURES)];
}

/** Every child lies inside its parent; siblings do not overlap; Ident spans hold exactly their name. */
function checkSpans(text: string, root: AstNode): number {
  let n = 0;
  walk(root, (node, parent) => {
    n++;
    assert.ok(node.span.start >= 0 && node.span.end <= text.length && node.span.start <= node.span.end, `${node.kind} span out of the text`);
    if (parent && node.kind !== 'Missing') {
      assert.ok(node.span.start >= parent.span.start && node.span.end <= parent.span.end, `${node.kind} ${JSON.stringify(node.span)} outside its parent ${parent.kind} ${JSON.stringify(parent.span)}`);
    }
    if (node.kind === 'Ident') assert.strictEqual(text.slice(node.span.start, node.span.end), node.name);
    if (node.kind === 'Number') assert.strictEqual(text.slice(node.span.start, node.span.end), node.text);
    if (node.kind === 'Error') assert.strictEqual(text.slice(node.span.start, node.span.end), node.text);
  });
  return n;
}

/** Applies one random token-level edit: delete, duplicate or swap in a random token. */
function mutate(text: string, next: () => number): string {
  const { tokens } = parse(text);
  const i = Math.floor(next() * (tokens.length - 1));
  const t = tokens[i];
  const pick = tokens[Math.floor(next() * (tokens.length - 1))].text;
  const r = next();
  if (r < 0.33) return text.slice(0, t.span.start) + text.slice(t.span.end);
  if (r < 0.66) return text.slice(0, t.span.start) + pick + text.slice(t.span.start);
  return text.slice(0, t.span.start) + pick + text.slice(t.span.end);
}

describe('parser', () => {
  it('gives every node an exact span nested in its parent (all scenarios and fixtures)', () => {
    let nodes = 0;
    for (const text of corpus()) nodes += checkSpans(text, parse(text).file);
    assert.ok(nodes > 2000, `walked ${nodes} nodes`);
  });

  it('spans a statement over exactly its text, without the newline or comment after it', () => {
    const text = 'task app {\n  buf = mmap(1G)   // comment\n}\n';
    const task = parse(text).file.items[0] as TaskBlock;
    const stmt = task.body!.stmts[0] as CallStmt;
    assert.strictEqual(text.slice(stmt.span.start, stmt.span.end), 'buf = mmap(1G)');
    assert.strictEqual(text.slice(task.header.start, task.header.end), 'task app');
    assert.strictEqual(text.slice(task.span.start, task.span.end), text.trimEnd());
  });

  it('parses node attributes in any order', () => {
    const a = parse('node 3 cram 4G media 2G ratio 3.0 watermarks low=10% high=25% tier 3 zone movable').file.items[0] as NodeDecl;
    const b = parse('node 3 cram 4G zone movable tier 3 watermarks low=10% high=25% ratio 3.0 media 2G').file.items[0] as NodeDecl;
    const names = (n: NodeDecl) => n.attrs.map((x) => x.name.name).sort();
    assert.deepStrictEqual(names(a), names(b));
    assert.deepStrictEqual(names(a), ['media', 'ratio', 'tier', 'watermarks', 'zone']);
  });

  it('continues a statement after a line ending in | or , and inside ( ) [ ] { }', () => {
    const r = parse('node 2 cxl 1G private ops MIGRATION |\n  MEMPOLICY callbacks migrate_to,\n  folio_migrate\nkernel {\n  p = alloc_pages_node(\n 2,\n GFP_KERNEL, 0, nodemask={0,\n 2})\n}\n');
    assert.deepStrictEqual(r.diagnostics, []);
    const node = r.file.items[0] as NodeDecl;
    assert.deepStrictEqual(node.attrs.map((a) => [a.name.name, a.args.length]), [['private', 0], ['ops', 1], ['callbacks', 2]]);
  });

  it('ends a statement at `;`', () => {
    const r = parse('task t { a = mmap(1G); touch(a); expect ok }');
    const t = r.file.items[0] as TaskBlock;
    assert.deepStrictEqual(t.body!.stmts.map((s) => s.kind), ['CallStmt', 'CallStmt', 'Expect']);
    assert.deepStrictEqual(r.diagnostics, []);
  });

  it('parses a 10,000-line scenario completely (linear-time structure)', function () {
    this.timeout(60000); // shared, loaded machines; the time is printed with MMLAB_PRINT_TIMES=1, not asserted
    const lines = ['node 0 dram 64G cpus 0-3', 'node 2 cxl 8G private ops MIGRATION | MEMPOLICY', 'task app cpu 0 {'];
    for (let i = 0; i < 9994; i++) lines.push(i % 3 === 0 ? `  b${i} = mmap(4K)` : i % 3 === 1 ? `  touch(b${i - 1})` : '  expect pages(app.b0, 0) >= 0');
    lines.push('}');
    const text = lines.join('\n');
    const started = process.hrtime.bigint();
    const r = parse(text);
    const lowered = lower(r);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (process.env.MMLAB_PRINT_TIMES) console.log(`      parse+lower of ${lines.length} lines: ${ms.toFixed(1)} ms`);
    assert.strictEqual(lines.length, 9998);
    assert.deepStrictEqual(r.diagnostics, []);
    assert.strictEqual((r.file.items[2] as TaskBlock).body!.stmts.length, 9994);
    assert.deepStrictEqual(lowered.diagnostics, []);
  });

  it('never throws on mutated scenarios, stays lossless and keeps diagnostics inside the text (seeded fuzz, 1500 inputs)', function () {
    this.timeout(120000);
    const next = rng(42);
    const texts = corpus();
    let withErrors = 0;
    for (let i = 0; i < 1500; i++) {
      let text = texts[i % texts.length];
      const edits = 1 + Math.floor(next() * 4);
      for (let e = 0; e < edits; e++) text = mutate(text, next);
      const r = parse(text);
      assert.strictEqual(r.tokens.map((t) => t.text).join(''), text);
      const l = lower(r);
      for (const d of l.diagnostics) assert.ok(d.span.start >= 0 && d.span.end <= text.length && d.span.start <= d.span.end);
      checkSpans(text, r.file);
      if (l.diagnostics.length) withErrors++;
    }
    assert.ok(withErrors > 500, `only ${withErrors} mutated inputs produced a diagnostic`);
  });

  it('never throws on random token soup built from the language\'s own words (seeded fuzz, 1000 inputs)', function () {
    this.timeout(120000);
    const next = rng(7);
    const words = [
      'node', 'task', 'kernel', 'device', 'expect', 'under', 'for_each_node', 'repeat', 'cgroup', 'sysctl', 'scenario', 'design', 'distance', 'swap',
      'mmap', 'touch', 'mbind', 'alloc_pages_node', 'pages', 'stat', 'ok', 'error', 'no', 'leak', 'diagnostic', 'buf', 'n', 'app', 'private', 'ops', 'callbacks',
      'watermarks', 'low', 'high', 'cpus', 'MPOL_BIND', 'GFP_KERNEL', '__GFP_PRIVATE', 'MIGRATION', 'ENOMEM', 'ops-rejected',
      '0', '2', '0-3', '4K', '1G', '60%', '2.5', '0x10', '"s"', '"open', '/*', '*/', '//', '(', ')', '{', '}', '[', ']', ',', ';', '=', '==', '|', ':', '-', '<=', '\n', '\n', '\n', ' ',
    ];
    for (let i = 0; i < 1000; i++) {
      const len = 1 + Math.floor(next() * 80);
      let text = '';
      for (let j = 0; j < len; j++) text += words[Math.floor(next() * words.length)] + (next() < 0.7 ? ' ' : '');
      const r = parse(text);
      assert.strictEqual(r.tokens.map((t) => t.text).join(''), text);
      lower(r);
      checkSpans(text, r.file);
    }
  });

  it('finds the innermost node and token at an offset', () => {
    const text = 'task app {\n  mbind(buf, MPOL_BIND | MPOL_F_STATIC_NODES, {0, 2})\n}';
    const r = parse(text);
    const at = text.indexOf('STATIC');
    const n = nodeAt(r.file, at);
    assert.strictEqual(n.kind, 'Ident');
    assert.strictEqual((n as { name: string }).name, 'MPOL_F_STATIC_NODES');
    assert.deepStrictEqual(pathAt(r.file, at).map((x) => x.kind), ['File', 'TaskBlock', 'Block', 'CallStmt', 'Call', 'Arg', 'Flags', 'Ident']);
    assert.strictEqual(tokenAt(r.tokens, at).text, 'MPOL_F_STATIC_NODES');
    assert.strictEqual(tokenAt(r.tokens, text.indexOf('{0') + 1).text, '0');
  });

  it('suggests the keyword a misspelled one meant, in the message and in data.suggestion', () => {
    const r = parse('nod 0 dram 4G\nnode 1 dram 4G privte\ntask t {\n  expct ok\n}');
    assert.deepStrictEqual(r.diagnostics.map((d) => d.data?.suggestion), ['node', 'private', 'expect']);
    assert.ok(r.diagnostics.every((d) => d.code === 'syntax' && /did you mean/.test(d.message)));
  });

  it('takes an indented next line as a for_each body (C style), but not an unindented one', () => {
    const ok = parse('kernel {\n  for_each_node(n)\n      kswapd(n)\n}');
    assert.deepStrictEqual(ok.diagnostics, []);
    const bad = parse('kernel {\n  for_each_node(n)\n  kswapd(n)\n}');
    assert.match(bad.diagnostics[0].message, /needs a body/);
  });

  it('survives pathological nesting without overflowing the stack (one diagnostic each)', () => {
    const cases = [
      'task a { touch(' + '{'.repeat(20000) + ') }',
      'task a { touch(' + 'a['.repeat(20000) + ') }',
      'task a { touch(' + 'f('.repeat(20000) + ') }',
      'kernel { ' + 'repeat 1 { '.repeat(20000) + ' }',
      'kernel { ' + 'for_each_node(n) '.repeat(20000) + 'kswapd(n) }',
    ];
    for (const text of cases) {
      const r = parse(text);
      const deep = r.diagnostics.filter((d) => /nesting deeper than 64 levels/.test(d.message));
      assert.strictEqual(deep.length, 1, text.slice(0, 30));
      lower(r);
      checkSpans(text, r.file);
    }
  });

  it('keeps an error line as an Error node with its text', () => {
    const text = 'task t {\n  ??? what\n  touch(x)\n}';
    const t = parse(text).file.items[0] as TaskBlock;
    const err = t.body!.stmts[0];
    assert.strictEqual(err.kind, 'Error');
    assert.strictEqual(err.kind === 'Error' && err.text, '??? what');
    assert.strictEqual(t.body!.stmts[1].kind, 'CallStmt');
  });
});
