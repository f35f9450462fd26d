/**
 * `TASK.VAR` in expectations (language.md, Expectations): a kernel block or another task observes
 * a task's mapping (`expect pages(b.y, 0) == 0` after b was OOM-killed). Evaluation, the
 * diagnostics of an unknown task or variable (each on its own part of the name), completion,
 * go-to-definition, hover and rename, at the analysis level.
 */
import * as assert from 'assert';
import { analyzeFull, FullAnalysis } from '../../server/src/analysis/analyze';
import { completionsAt } from '../../server/src/analysis/completion';
import { FeatureContext } from '../../server/src/analysis/context';
import { definitionAt } from '../../server/src/analysis/definition';
import { hoverAt } from '../../server/src/analysis/hover';
import { renameEdits } from '../../server/src/analysis/rename';

// task b asks for twice the machine: the OOM killer picks b (the largest), a keeps its pages.
// Both tasks and the kernel name a variable `y`: `b.y` must mean b's.
const SCENARIO = `scenario "cross-task references"
node 0 dram 64M cpus 0-3
task a {
  y = mmap(16M)
  touch(y)
}
task b {
  y = mmap(128M)
  touch(y)
}
kernel {
  y = alloc_pages_node(0, GFP_KERNEL, 0, count=4)
  expect pages(a.y, 0) == 100%
  expect pages(b.y, 0) == 0
  expect pages(b.y, 0) > 0
  expect pages(y, 0) == 4
}
task a {
  expect pages(b.y, 0) == 0
  expect pages(kernel.y, 0) == 4
}
`;

let cached: FullAnalysis | undefined;
const analysis = (text = SCENARIO): FullAnalysis => (text === SCENARIO ? (cached ??= analyzeFull(text, { design: 'private_v4' })) : analyzeFull(text, { design: 'private_v4' }));
const ctxOf = (a: FullAnalysis): FeatureContext => ({ stat: a, run: a.run, design: 'private_v4', diagnostics: a.allDiagnostics });
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;
function offsetOf(text: string, needle: string, delta = 0, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} #${nth}`);
  return at + delta;
}

describe('TASK.VAR in expectations', () => {
  describe('evaluation', () => {
    it('a kernel block sees task b\'s mapping after the OOM kill, and task a\'s, each by its own name', () => {
      const a = analysis();
      assert.ok(a.allDiagnostics.some((d) => d.code === 'oom'), 'b is OOM-killed');
      const at = (needle: string) => a.run.expectations.find((e) => e.span.start === offsetOf(SCENARIO, needle))!;
      assert.strictEqual(at('expect pages(a.y, 0) == 100%').passed, true);
      assert.strictEqual(at('expect pages(b.y, 0) == 0').passed, true);
      const fail = at('expect pages(b.y, 0) > 0');
      assert.strictEqual(fail.passed, false);
      assert.match(fail.actual!, /^pages\(b\.y, 0\) = 0 \(0% of 32768\)/, 'the failure names b.y, not the kernel\'s or a\'s y');
      assert.strictEqual(at('expect pages(y, 0) == 4').passed, true, 'the kernel block\'s own y is its handle');
    });
    it('another task observes b\'s mapping and the kernel\'s handle', () => {
      const a = analysis();
      const late = a.run.expectations.filter((e) => e.span.start > offsetOf(SCENARIO, 'task a {', 0, 1));
      assert.deepStrictEqual(late.map((e) => [e.text, e.passed]), [
        ['expect pages(b.y, 0) == 0', true],
        ['expect pages(kernel.y, 0) == 4', true],
      ]);
    });
    it('a task cannot touch another task\'s mapping: only expectations observe', () => {
      const text = 'node 0 dram 1G cpus 0\ntask a { x = mmap(4M) }\ntask b { touch(a.x) }\n';
      const d = analysis(text).diagnostics.find((x) => x.code === 'unknown-name');
      assert.ok(d, 'touch(a.x) in task b is an error');
      assert.strictEqual(text.slice(d.span.start, d.span.end), 'a.x');
    });
  });

  describe('diagnostics of an unknown task or variable', () => {
    const text = `node 0 dram 1G cpus 0
task app { buf = mmap(4M) }
kernel {
  expect pages(apq.buf, 0) == 0
  expect pages(app.bfu, 0) == 0
  expect pages(kernel.h, 0) == 0
}
expect pages(later.x, 0) == 0
task later { x = mmap(4M) }
`;
    const diags = () => analysis(text).diagnostics.filter((d) => d.code === 'unknown-name');
    it('an unknown task is reported on the task part, with the tasks and a suggestion', () => {
      const d = diags().find((x) => /apq/.test(x.message))!;
      assert.strictEqual(text.slice(d.span.start, d.span.end), 'apq');
      assert.strictEqual(lineOf(text, d.span.start), 4);
      assert.match(d.message, /`apq` in `apq\.buf` is not a task declared above this line \(tasks: app\); did you mean `app`/);
      assert.deepStrictEqual(d.data, { suggestion: 'app' });
    });
    it('an unknown variable of a known task is reported on the variable part, with its variables', () => {
      const d = diags().find((x) => /bfu/.test(x.message))!;
      assert.strictEqual(text.slice(d.span.start, d.span.end), 'bfu');
      assert.strictEqual(lineOf(text, d.span.start), 5);
      assert.match(d.message, /task `app` assigns no `bfu` before this line \(its variables: buf\); did you mean `buf`/);
    });
    it('kernel.VAR names the kernel blocks\' handles', () => {
      const d = diags().find((x) => /`h`/.test(x.message))!;
      assert.strictEqual(text.slice(d.span.start, d.span.end), 'h');
      assert.match(d.message, /the kernel blocks assign no `h` before this line/);
    });
    it('an unqualified name another task assigns: the message and the quick fix say `task.var`', () => {
      const t = 'node 0 dram 1G cpus 0\ntask b { y = mmap(4M) }\nkernel {\n  expect pages(y, 0) == 0\n}\n';
      const d = analysis(t).diagnostics.find((x) => x.code === 'unknown-name')!;
      assert.strictEqual(t.slice(d.span.start, d.span.end), 'y');
      assert.match(d.message, /task `b` assigns it, .*; an expectation names it `b\.y`$/);
      assert.deepStrictEqual(d.data, { suggestion: 'b.y' });
    });
    it('a task declared below is not yet known', () => {
      const d = diags().find((x) => /later/.test(x.message))!;
      assert.strictEqual(text.slice(d.span.start, d.span.end), 'later');
      assert.strictEqual(lineOf(text, d.span.start), 8);
    });
    it('each unevaluable expectation fails the run with its reason (nothing dropped)', () => {
      const a = analysis(text);
      assert.strictEqual(a.run.expectations.length, 4);
      for (const e of a.run.expectations) {
        assert.strictEqual(e.passed, false, e.text);
        assert.match(e.actual ?? '', /not evaluated: unknown-name/);
      }
    });
  });

  describe('editor features', () => {
    it('completion after `b.` offers task b\'s variables only, replacing the part after the dot', () => {
      const text = SCENARIO.replace('expect pages(b.y, 0) == 0\n  expect pages(b.y, 0) > 0', 'expect pages(b., 0) == 0');
      const at = offsetOf(text, 'pages(b.', 'pages(b.'.length);
      const items = completionsAt(ctxOf(analysis(text)), at);
      assert.deepStrictEqual(items.map((i) => i.label), ['y']);
      assert.strictEqual(items[0].detail, 'mapping of task b');
      assert.deepStrictEqual(items[0].replace, { start: at, end: at });
    });
    it('completion after `kernel.` offers the kernel blocks\' handles', () => {
      const text = SCENARIO.replace('expect pages(kernel.y, 0) == 4', 'expect pages(kernel.y');
      const at = offsetOf(text, 'pages(kernel.y', 'pages(kernel.y'.length);
      const items = completionsAt(ctxOf(analysis(text)), at);
      assert.deepStrictEqual(items.map((i) => [i.label, i.detail]), [['y', 'handle of the kernel blocks']]);
      assert.deepStrictEqual(items[0].replace, { start: at - 1, end: at });
    });
    it('where an expectation takes a variable: its own scope\'s, then the other tasks as `task.`', () => {
      const at = offsetOf(SCENARIO, 'pages(y, 0) == 4', 'pages('.length);
      const items = completionsAt(ctxOf(analysis()), at);
      const labels = items.map((i) => i.label);
      assert.ok(labels.includes('y'), 'the kernel\'s own handle');
      assert.ok(labels.includes('a.') && labels.includes('b.'), labels.join(','));
      const b = items.find((i) => i.label === 'b.')!;
      assert.strictEqual(b.kind, 'task');
      assert.strictEqual(b.detail, 'task b: y');
      assert.strictEqual(b.retrigger, true, 'the editor completes the variable next');
    });
    it('a statement (not an expectation) is not offered other tasks', () => {
      const text = 'node 0 dram 1G cpus 0\ntask a { x = mmap(4M) }\ntask b {\n  w = mmap(4M)\n  touch(\n}\n';
      const labels = completionsAt(ctxOf(analysis(text)), offsetOf(text, 'touch(', 6)).filter((i) => i.kind === 'variable' || i.kind === 'task').map((i) => i.label);
      assert.deepStrictEqual(labels, ['w']);
    });
    it('go to definition: on `b` the task, on `y` the assignment in task b', () => {
      const ctx = ctxOf(analysis());
      const use = offsetOf(SCENARIO, 'pages(b.y', 'pages('.length);
      const task = definitionAt(ctx, use)!;
      assert.strictEqual(SCENARIO.slice(task.start, task.end), 'b');
      assert.strictEqual(task.start, offsetOf(SCENARIO, 'task b', 5));
      const v = definitionAt(ctx, use + 2)!;
      assert.strictEqual(v.start, offsetOf(SCENARIO, 'y = mmap(128M)'), 'b\'s y, not a\'s');
      const k = definitionAt(ctx, offsetOf(SCENARIO, 'kernel.y', 'kernel.'.length))!;
      assert.strictEqual(k.start, offsetOf(SCENARIO, 'y = alloc_pages_node'));
    });
    it('hover: on `b` the task (its blocks), on `y` b\'s mapping at that statement', () => {
      const ctx = ctxOf(analysis());
      const use = offsetOf(SCENARIO, 'pages(b.y', 'pages('.length);
      const t = hoverAt(ctx, use)!;
      assert.match(t.markdown, /^\*\*task `b`\*\* — 1 block/);
      assert.deepStrictEqual([t.span.start, t.span.end], [use, use + 1]);
      const v = hoverAt(ctx, use + 2)!;
      assert.match(v.markdown, /\*\*mapping `y`\*\* — from `y = mmap\(128M\)`/);
    });
    it('rename of b\'s y renames the variable part of `b.y` only (a\'s y and the kernel\'s stay)', () => {
      const r = renameEdits(ctxOf(analysis()), offsetOf(SCENARIO, 'y = mmap(128M)'), 'big');
      assert.ok('edits' in r);
      let out = SCENARIO;
      for (const e of [...r.edits].sort((x, y) => y.span.start - x.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
      assert.match(out, /task b \{\n {2}big = mmap\(128M\)\n {2}touch\(big\)/);
      assert.strictEqual((out.match(/b\.big/g) ?? []).length, 3);
      assert.match(out, /pages\(a\.y, 0\)/);
      assert.match(out, /pages\(kernel\.y, 0\)/);
    });
  });
});
