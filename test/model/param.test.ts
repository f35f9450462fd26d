/**
 * `param NAME = VALUE` (language.md, param): parsed as a declaration, its name usable wherever a
 * value of its kind goes, a wrong kind reported at the use (`param-kind`), and the editor's
 * hover, completion, outline and formatter knowing it. Sweeping a param by name is in
 * test/whatif/sweep.test.ts.
 */
import * as assert from 'assert';
import { analyzeFull, analyzeStatic } from '../../server/src/analysis/analyze';
import { completionsAt } from '../../server/src/analysis/completion';
import { FeatureContext } from '../../server/src/analysis/context';
import { formatText } from '../../server/src/analysis/formatting';
import { hoverAt } from '../../server/src/analysis/hover';
import { definitionAt } from '../../server/src/analysis/definition';
import { renameEdits } from '../../server/src/analysis/rename';
import { documentSymbols } from '../../server/src/analysis/symbols';

const TEXT = `scenario "params"
param media_size = 1G
param data_size = 768M
param rounds = 3
param r = 2.5
param share = 10%

node 0 dram 2G cpus 0-3
node 3 cram 4G media media_size ratio r watermarks low=share high=25%
sysctl cram.writable_fraction = share
task app cpu 0 {
  a = malloc(data_size)
  touch(a, write)
  c = mmap(data_size, shared)
  repeat rounds {
    b = malloc(4K)
  }
  expect used(0) == data_size
}
`;

function ctx(text: string): FeatureContext {
  const a = analyzeFull(text, { design: 'private_v4' });
  return { stat: a, run: a.run, design: 'private_v4', diagnostics: a.allDiagnostics };
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

describe('param', () => {
  it('parses as a declaration and stands for its value wherever a value of its kind goes', () => {
    const a = analyzeFull(TEXT, { design: 'private_v4' });
    assert.deepStrictEqual(a.allDiagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
    const decls = a.parse.file.items.filter((i) => i.kind === 'Param');
    assert.strictEqual(decls.length, 5);
    const n3 = a.program.machine.nodes.find((n) => n.id === 3)!;
    assert.strictEqual(n3.mediaBytes, 2 ** 30);
    assert.strictEqual(n3.ratio, 2.5);
    assert.strictEqual(a.program.machine.sysctls.find((s) => s.key === 'cram.writable_fraction')!.value, 0.1);
    // the allocation sizes, the positional `shared` after a param size, the repeat count, the expect value
    const app = a.run.mappings.filter((m) => m.task === 'app');
    assert.strictEqual(app.find((m) => m.name === 'a')!.sizeBytes, 768 * 2 ** 20);
    assert.match(JSON.stringify(a.program.items), /"op":"mmap","size":805306368,"backing":"anon","shared":true/);
    assert.strictEqual(app.filter((m) => m.name === 'b').length >= 1, true);
    assert.ok(a.run.expectations.every((e) => e.passed), JSON.stringify(a.run.expectations.map((e) => [e.text, e.actual])));
    // every use is recorded (hover, rename-like features read them)
    const p = a.program.params!.find((x) => x.name === 'data_size')!;
    assert.deepStrictEqual(p.uses.map((u) => lineOf(TEXT, u.start)), [12, 14, 18]);
    assert.strictEqual(p.value, '768M');
  });

  it('a param of the wrong kind is a param-kind error at the use, pointing at the declaration', () => {
    const text = 'param big = 512M\nparam half = 50%\nnode 0 dram 2G cpus 0\ntask t cpu 0 {\n  repeat big {\n    a = malloc(half)\n  }\n}\nsysctl vm.panic_on_oom = big\n';
    const a = analyzeStatic(text);
    const ds = a.diagnostics.filter((d) => d.code === 'param-kind');
    assert.deepStrictEqual(
      ds.map((d) => [text.slice(d.span.start, d.span.end), lineOf(text, d.span.start)]),
      [['big', 5], ['half', 6], ['big', 9]],
    );
    assert.match(ds[0].message, /the repeat count must be a whole number: param `big` is the size `512M`/);
    assert.strictEqual(ds[0].related![0].span.start, 0, 'related: the declaration');
    assert.ok(ds.every((d) => d.severity === 'error'));
  });

  it('a param declared twice, a value that is not a literal, and a half-written param are errors, never throws', () => {
    const a = analyzeStatic('param x = 1G\nparam x = 2G\nparam y = GFP_KERNEL\nparam\nparam z 3\nnode 0 dram x cpus 0\n');
    const msgs = a.diagnostics.map((d) => `${d.code}: ${d.message}`);
    assert.ok(msgs.some((m) => /param `x` is declared twice/.test(m)), msgs.join('\n'));
    assert.ok(msgs.some((m) => /a param's value is a number, size, ratio or percentage/.test(m)), msgs.join('\n'));
    assert.ok(msgs.some((m) => /^syntax: `param` needs a name/.test(m)), msgs.join('\n'));
    assert.ok(msgs.some((m) => /^syntax: expected `=` after `param z`/.test(m)), msgs.join('\n'));
    assert.strictEqual(a.program.machine.nodes[0].sizeBytes, 2 ** 30, 'the first declaration wins');
  });

  it('hover shows the value and the uses; completion offers params of the fitting kind', () => {
    const c = ctx(TEXT);
    const use = TEXT.indexOf('data_size)');
    const md = hoverAt(c, use + 2)!.markdown;
    assert.match(md, /param `data_size`\*\* = `768M` \(a size; used 3 times\)/);
    assert.match(md, /--set data_size=/);
    assert.match(hoverAt(c, TEXT.indexOf('rounds = 3'))!.markdown, /a whole number; used 1 time\)/);
    // inside malloc( a size goes: the size params and the whole numbers, not the ratio or the percentage
    const inMalloc = TEXT.indexOf('malloc(data_size)') + 'malloc('.length;
    const labels = completionsAt(c, inMalloc).map((x) => x.label);
    assert.ok(labels.includes('media_size') && labels.includes('data_size') && labels.includes('rounds'), labels.join(','));
    assert.ok(!labels.includes('r') && !labels.includes('share'), labels.join(','));
    const repeatAt = TEXT.indexOf('repeat ') + 'repeat '.length;
    assert.deepStrictEqual(completionsAt(c, repeatAt).map((x) => x.label), ['rounds']);
    // the node size position
    const text2 = 'param cap = 4G\nnode 3 cram \n';
    assert.deepStrictEqual(completionsAt(ctx(text2), text2.indexOf('cram ') + 5).map((x) => x.label), ['cap']);
  });

  it('go to definition and rename follow every use (not a named argument or a call of the same name)', () => {
    const text = 'param size = 64M\nnode 0 dram 1G cpus 0\ntask t cpu 0 {\n  a = mmap(size)\n  b = mmap(size=size)\n  touch(a)\n}\nexpect used(0) == size\n';
    const c = ctx(text);
    const use = text.indexOf('mmap(size)') + 5;
    assert.deepStrictEqual(definitionAt(c, use), { start: 6, end: 10 });
    const r = renameEdits(c, use, 'len');
    assert.ok('edits' in r, JSON.stringify(r));
    const renamed = [...r.edits].sort((a, b) => b.span.start - a.span.start).reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);
    assert.strictEqual(renamed, 'param len = 64M\nnode 0 dram 1G cpus 0\ntask t cpu 0 {\n  a = mmap(len)\n  b = mmap(size=len)\n  touch(a)\n}\nexpect used(0) == len\n');
    assert.deepStrictEqual(analyzeStatic(renamed).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  });

  it('formats like the other declarations and shows in the outline', () => {
    assert.strictEqual(formatText('param   x=1G\nnode 0 dram x cpus 0\n', { tabSize: 2, insertSpaces: true }), 'param x = 1G\nnode 0 dram x cpus 0\n');
    const outline = documentSymbols(ctx(TEXT)).filter((s) => s.kind === 'param');
    assert.deepStrictEqual(outline.map((s) => `${s.name} ${s.detail}`).slice(0, 2), ['param media_size 1G', 'param data_size 768M']);
  });
});
