/**
 * Budgets: wherever a scenario can loop or grow (repeat 1000000000, nested
 * repeats, for_each inside repeat, huge sizes, huge counts=, huge node ids)
 * the run stops at its step or time budget with `budget-exceeded` on the
 * outermost running statement, or finishes with a diagnostic, never an
 * emulator exception; and the language server answers requests while such a
 * run is going on (ordering, not timing: the answers arrive before the run's
 * mmlab/runFinished).
 */
import { strict as assert } from 'assert';
import { analyzeFull, FullAnalysis } from '../../server/src/analysis/analyze';
import { DESIGNS } from '../../server/src/model/ir';
import { LspClient, startClient } from '../protocol/harness';
import { reportCount } from './config';

const MACHINE = 'node 0 dram 4G cpus 0-3\nnode 1 dram 4G cpus 4-7\nnode 2 cxl 4G private ops MIGRATION | MEMPOLICY\n';

function run(text: string, opts: { maxSteps?: number; maxMs?: number; design?: (typeof DESIGNS)[number]; isCancelled?: () => boolean } = {}): FullAnalysis {
  const f = analyzeFull(text, { maxSteps: 20_000, maxMs: 10_000, ...opts });
  const internal = f.allDiagnostics.filter((d) => d.code === 'internal-error');
  assert.deepEqual(internal.map((d) => d.message), [], 'no emulator exception');
  return f;
}

function assertCutAt(f: FullAnalysis, text: string, outermost: string, reason: 'steps' | 'time' | 'cancelled', maxSteps: number): void {
  assert.ok(f.run.cut, `the run was not cut (executed ${f.run.executed})`);
  assert.equal(f.run.cut!.reason, reason);
  // the statement the budget refuses does not run and is not counted
  assert.ok(f.run.executed <= maxSteps, `executed ${f.run.executed} > budget ${maxSteps}`);
  if (reason === 'steps') assert.equal(f.run.executed, maxSteps, 'the step cut comes exactly at the budget');
  const start = text.indexOf(outermost);
  assert.equal(f.run.cut!.span.start, start, `cut at ${JSON.stringify(text.slice(f.run.cut!.span.start, f.run.cut!.span.start + 30))}, expected the outermost statement ${JSON.stringify(outermost)}`);
  if (reason !== 'cancelled') {
    // the step cut is deterministic (budget-exceeded); a wall-clock cut says it is not
    const code = reason === 'steps' ? 'budget-exceeded' : 'time-budget-exceeded';
    const d = f.allDiagnostics.find((x) => x.code === code);
    assert.ok(d, `a ${code} diagnostic`);
    assert.equal(d!.span.start, start, `${code} sits on the outermost running statement`);
    assert.ok(!f.allDiagnostics.some((x) => x.code === (reason === 'steps' ? 'time-budget-exceeded' : 'budget-exceeded')), 'one cut, one diagnostic');
  }
}

const LOOPS: { name: string; text: string; outermost: string }[] = [
  {
    name: 'repeat 1000000000 in a task',
    text: `${MACHINE}task app {\n  buf = mmap(64M)\n  repeat 1000000000 {\n    buf[4K] = 1\n  }\n  expect ok\n}\n`,
    outermost: 'repeat 1000000000',
  },
  {
    name: 'nested repeats',
    text: `${MACHINE}kernel {\n  repeat 100000 {\n    repeat 100000 {\n      repeat 100000 {\n        p = alloc_pages_node(0, GFP_KERNEL, 0)\n        free_pages(p)\n      }\n    }\n  }\n}\n`,
    outermost: 'repeat 100000 {\n    repeat',
  },
  {
    name: 'for_each inside repeat',
    text: `${MACHINE}kernel {\n  repeat 1000000000 {\n    for_each_node(n) {\n      p = alloc_pages_node(n, GFP_KERNEL, 0)\n      free_pages(p)\n    }\n  }\n}\n`,
    outermost: 'repeat 1000000000',
  },
  {
    name: 'repeat inside for_each inside repeat, in a second block',
    text: `${MACHINE}task app {\n  buf = mmap(1G)\n}\nkernel {\n  repeat 99999999999999 {\n    for_each_online_node(n) {\n      repeat 1000 {\n        k = kmalloc_node(64, GFP_KERNEL, n)\n      }\n    }\n  }\n}\n`,
    outermost: 'repeat 99999999999999',
  },
];

const GROWTH: { name: string; text: string }[] = [
  { name: 'touching a 1023T mapping', text: `${MACHINE}task app {\n  buf = mmap(1023T)\n  touch(buf)\n  buf2 = malloc(1023T)\n  touch(buf2[0:1T])\n  expect oom\n}\n` },
  { name: 'a 1023T node', text: `node 0 dram 1023T cpus 0-3\nnode 1 cram 1023T media 1023T\ntask app {\n  buf = mmap(1000T)\n  touch(buf)\n  mbind(buf, MPOL_INTERLEAVE, 0-1, MPOL_MF_MOVE)\n  move_pages(buf, 1)\n}\n` },
  { name: 'huge count=', text: `${MACHINE}kernel {\n  p = alloc_pages_node(0, GFP_KERNEL, 0, count=1000000000000)\n  q = alloc_pages(GFP_KERNEL, 10, count=99999999999999)\n  memory_failure(0, count=99999999999)\n  free_pages(p)\n}\n` },
  { name: 'huge node ids', text: `node 1023 dram 1G cpus 0-3\nnode 99999999 dram 1G\nnode 4294967297 cxl 1G private\ntask app {\n  buf = mmap(64M)\n  mbind(buf, MPOL_BIND, {1023, 1024, 99999999})\n  touch(buf)\n  move_pages(buf, 4294967296)\n}\nkernel {\n  p = alloc_pages_node(1024, GFP_KERNEL, 0)\n  p = alloc_pages_node(99999999999, GFP_KERNEL, 0)\n  for_each_node(n) { q = alloc_pages_node(n, GFP_KERNEL, 0) }\n}\n` },
  // (hotplugging terabytes is test/regressions K2: under stock it ignores the time budget)
  { name: 'order and sizes out of range', text: `${MACHINE}kernel {\n  p = alloc_pages_node(0, GFP_KERNEL, 4294967296)\n  k = kmalloc_node(99999999T, GFP_KERNEL, 0)\n  reclaim(0, 99999999T)\n  add_private_memory_driver_managed(3, 64G, ops=MIGRATION)\n}\n` },
  { name: 'many distinct pokes', text: `${MACHINE}task app {\n  buf = mmap(4G)\n${Array.from({ length: 1000 }, (_, i) => `  buf[${i * 8}K] = 1`).join('\n')}\n}\n` },
];

describe('budgets: runaway and huge scenarios stop or finish cleanly', function () {
  this.timeout(120_000);
  let cases = 0;
  after(() => reportCount('budgets: runaway/huge scenarios x designs', cases));

  for (const l of LOOPS) {
    it(`step budget: ${l.name}`, () => {
      const f = run(l.text, { maxSteps: 20_000 });
      assertCutAt(f, l.text, l.outermost, 'steps', 20_000);
      cases++;
    });
  }

  it('time budget: repeat 1000000000 with an unbounded step budget stops on time', () => {
    const l = LOOPS[0];
    const f = run(l.text, { maxSteps: 1e12, maxMs: 100 });
    assertCutAt(f, l.text, l.outermost, 'time', 1e12);
    cases++;
  });

  it('cancellation stops a runaway run between statements', () => {
    const l = LOOPS[2];
    let calls = 0;
    const f = run(l.text, { maxSteps: 1e12, maxMs: 60_000, isCancelled: () => ++calls > 500 });
    assertCutAt(f, l.text, l.outermost, 'cancelled', 1e12);
    cases++;
  });

  for (const g of GROWTH) {
    it(`finishes without an emulator exception under every design: ${g.name}`, () => {
      for (const design of DESIGNS) {
        const f = run(g.text, { design, maxSteps: 100_000, maxMs: 10_000 });
        assert.ok(!f.run.cut, `${design}: cut by ${f.run.cut?.reason} after ${f.run.executed} statements (a straight-line scenario should finish)`);
        cases++;
      }
    });
  }

  describe('the language server stays responsive during a runaway run', () => {
    let client: LspClient;
    before(async () => {
      client = await startClient({ settings: { budget: { maxSteps: 1e12, maxMs: 4000 }, debounceMs: 0 } });
    });
    after(async () => {
      await client?.close();
    });

    it('answers hover, completion and symbols before the run finishes; the run ends with time-budget-exceeded', async () => {
      const text = LOOPS[0].text;
      const uri = 'file:///fuzz/runaway.mmlab';
      client.open(uri, text, 1);
      // the run is under way at once (its worker also does the static analysis, ADR 0007)
      const line = text.split('\n').findIndex((l) => l.includes('buf[4K]'));
      const answered: string[] = [];
      const ask = (method: string, params: unknown) => client.request(method, params).then(() => answered.push(method));
      await Promise.all([
        ask('textDocument/completion', { textDocument: { uri }, position: { line, character: 4 } }),
        ask('textDocument/documentSymbol', { textDocument: { uri } }),
        ask('textDocument/foldingRange', { textDocument: { uri } }),
        ask('textDocument/hover', { textDocument: { uri }, position: { line, character: 5 } }),
      ]);
      assert.equal(client.runFinished(uri, 1), undefined, `requests were answered only after the run finished (answered: ${answered.join(', ')})`);
      const diags = await client.runDiagnostics(uri, 1, 60_000);
      assert.ok(diags.diagnostics.some((d) => d.code === 'time-budget-exceeded'), 'the runaway run (step budget 1e12) ends at the wall clock: time-budget-exceeded');
      assert.equal(client.proc.exitCode, null);
      cases++;
    });
  });
});
