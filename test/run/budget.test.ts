import * as assert from 'assert';
import { runText, lineOf } from '../mm/helpers';
import { DEFAULT_MAX_STEPS } from '../../server/src/run/interpreter';

describe('interpreter: budget, dead tasks, step records', () => {
  it('a runaway repeat stops at the step budget with budget-exceeded on the outermost statement; later expects see the state at the cut', () => {
    const text = `
node 0 dram 1G cpus 0
task t cpu 0 {
  a = malloc(4K)
  repeat 1000000000 {
    touch(a)
  }
  expect pages(a, 0) == 1
}
kernel {
  p = alloc_pages_node(0, GFP_KERNEL, 0)
  expect used(0) == 1
}`;
    const r = runText(text, 'private_v4', { maxSteps: 5000 });
    assert.ok(r.run.cut, 'the run was cut');
    assert.strictEqual(r.run.cut!.reason, 'steps');
    const d = r.run.diagnostics.find((x) => x.code === 'budget-exceeded');
    assert.ok(d);
    assert.strictEqual(text.slice(d!.span.start, d!.span.start + 6), 'repeat');
    assert.strictEqual(r.run.executed, 5000);
    const exp = r.run.expectations.map((e) => [lineOf(text, e.span.start), e.passed]);
    // the expect after the loop holds (state at the cut); the kernel block never ran, so used(0) is still 1 (the malloc'd page)
    assert.deepStrictEqual(exp, [
      [8, true],
      [12, true],
    ]);
  });

  it('the default budget is the step budget: two runs stop at the same statement, executed == the budget (issue 14 item 11)', () => {
    const text = `
node 0 dram 1G cpus 0
task t cpu 0 {
  a = malloc(4K)
  repeat 1000000000 {
    touch(a)
  }
}`;
    const runs = [runText(text, 'stock'), runText(text, 'stock')];
    for (const r of runs) {
      assert.strictEqual(r.run.cut?.reason, 'steps', 'cut by the step budget, not the wall clock');
      assert.strictEqual(r.run.executed, DEFAULT_MAX_STEPS, 'the statement past the budget does not run');
      assert.ok(r.run.diagnostics.some((d) => d.code === 'budget-exceeded'));
      assert.ok(!r.run.diagnostics.some((d) => d.code === 'time-budget-exceeded'));
    }
    assert.deepStrictEqual(runs[0].run.cut, runs[1].run.cut);
    assert.deepStrictEqual(runs[0].run.stats, runs[1].run.stats);
  });

  it('the wall-clock budget also cuts (checked every few hundred steps), with its own non-deterministic diagnostic', () => {
    const text = `
node 0 dram 1G cpus 0
task t cpu 0 {
  a = malloc(4K)
  repeat 100000000 { touch(a) }
}`;
    const r = runText(text, 'private_v4', { maxMs: 1, maxSteps: 1e12 });
    assert.ok(r.run.cut);
    assert.strictEqual(r.run.cut!.reason, 'time');
    const d = r.run.diagnostics.find((x) => x.code === 'time-budget-exceeded');
    assert.ok(d && /not deterministic/.test(d.message), d?.message);
    assert.ok(!r.run.diagnostics.some((x) => x.code === 'budget-exceeded'));
  });

  it('a task killed by the OOM killer runs no more statements: task-dead info on each, its expects still checked', () => {
    const text = `
node 0 dram 256M cpus 0
task t cpu 0 {
  a = malloc(1G)
  touch(a)
  expect oom
  b = malloc(4K)
  touch(b)
  expect diagnostic task-dead
  expect pages(a, 0) == 0
}`;
    const r = runText(text, 'stock');
    assert.deepStrictEqual(r.run.expectations.map((e) => e.passed), [true, true, true]);
    const dead = r.run.diagnostics.filter((d) => d.code === 'task-dead');
    assert.strictEqual(dead.length, 2);
    assert.ok(dead[0].related && dead[0].related.length === 1);
    const oom = r.run.diagnostics.find((d) => d.code === 'oom');
    assert.ok(oom && /victim t/.test(oom.message) && /CONSTRAINT_NONE/.test(oom.message), oom?.message);
  });

  it('step records are capped; later executions update the record of their span', () => {
    const text = `
node 0 dram 1G cpus 0
task t cpu 0 {
  a = malloc(8K)
  repeat 50 { touch(a) }
}`;
    const r = runText(text, 'private_v4', { maxStepRecords: 3 });
    assert.strictEqual(r.run.steps.length, 3);
    const touch = [...r.run.steps].reverse().find((s) => text.slice(s.span.start, s.span.end).startsWith('touch'));
    assert.ok(touch);
    assert.strictEqual(touch!.count, 50);
  });

  it('each step has placements, explain lines, events and node snapshots', () => {
    const text = `
node 0 dram 1G cpus 0
node 2 cxl 1G private ops MIGRATION | MEMPOLICY
kernel "driver" {
  p = alloc_pages_node(2, GFP_KERNEL, 0, count=4)
}`;
    const r = runText(text, 'private_v4');
    const s = r.run.steps[0];
    assert.deepStrictEqual(s.placements, [{ owner: 'kernel:p', node: 0, pages: 4 }]);
    assert.ok(s.explain.some((l) => /node 2 skipped: no __GFP_PRIVATE/.test(l)), s.explain.join('\n'));
    assert.ok(s.explain.some((l) => /node 0 ×4 \(fell back from node 2\)/.test(l)), s.explain.join('\n'));
    assert.ok(s.events.some((e) => e.tp === 'mm_page_alloc'));
    assert.strictEqual(s.nodes.find((n) => n.id === 0)!.usedPages, 4);
    const tr = runText(text, 'private_v4', { trace: false });
    assert.deepStrictEqual(tr.run.steps[0].events, []);
  });

  it('a private-leak names the path and GFP and points at the node declaration', () => {
    const text = `
node 0 dram 1G cpus 0
node 2 cxl 1G private ops MIGRATION | MEMPOLICY
kernel "memcg" {
  for_each_node(n) { info = kvzalloc_node(4K, GFP_KERNEL, n) }
}`;
    const r = runText(text, 'private_soft');
    const leak = r.run.diagnostics.filter((d) => d.code === 'private-leak');
    assert.strictEqual(leak.length, 1);
    assert.match(leak[0].message, /node 2 through memcg: kvzalloc_node\(2, GFP_KERNEL/);
    assert.strictEqual(text.slice(leak[0].related![0].span.start, leak[0].related![0].span.start + 6), 'node 2');
    assert.strictEqual(runText(text, 'stock').run.diagnostics.filter((d) => d.code === 'private-leak').length, 0);
  });
});
