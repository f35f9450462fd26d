/**
 * Issue 17 item 1: zonelist building grows as N² log N in the node count (it was cubic: 1,024
 * one-line nodes took a minute past a 1 s budget), node ids stop at MAX_NUMNODES, and machine
 * setup and online/offline rebuilds count against the run's time budget. Growth is asserted as a
 * ratio of operation counts (candidate scorings) between two sizes, never as a time.
 */
import { strict as assert } from 'assert';
import { analyzeFull } from '../../server/src/analysis/analyze';
import { buildNodes, Mm } from '../../server/src/mm/machine';
import { buildAllZonelists, zonelistFor, zonelistScorings } from '../../server/src/mm/zonelist';
import { lower } from '../../server/src/model/lower';
import { parse } from '../../server/src/syntax/parser';
import { builtinDesigns } from '../../server/src/model/designs/builtins';

const nodes = (n: number, attrs = (i: number) => `cpus ${i}`) => Array.from({ length: n }, (_, i) => `node ${i} dram 1G ${attrs(i)}`).join('\n') + '\n';

function machine(text: string): Mm {
  const mm = new Mm(builtinDesigns().stock.design);
  buildNodes(mm, lower(parse(text)).program.machine);
  return mm;
}

/** candidates scored by one build_all_zonelists of `n` nodes (the build's unit of work) */
function scorings(n: number): number {
  const mm = machine(nodes(n));
  const before = zonelistScorings();
  buildAllZonelists(mm);
  assert.equal(mm.zonelistCache.size, n);
  return zonelistScorings() - before;
}

describe('scale: zonelists (issue 17 item 1)', () => {
  it('build_all_zonelists scores O(N²) candidates, each list sorted once: 4× the nodes, ~16× the scorings (the kernel-style rescan was 64×)', () => {
    const small = scorings(64);
    const large = scorings(256);
    assert.equal(small, 64 * 63, 'each node scores every other candidate once');
    const ratio = large / small;
    assert.ok(ratio <= 17, `scorings grew ${ratio.toFixed(1)}× (${small} -> ${large})`);
  });

  it('the sorted build gives the lists the kernel scan gives (node_load rotation over 6 equidistant nodes)', () => {
    const mm = machine(nodes(6));
    buildAllZonelists(mm);
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5].map((n) => zonelistFor(mm, n, false)),
      [
        [0, 1, 2, 3, 4, 5],
        [1, 2, 3, 4, 5, 0],
        [2, 3, 4, 5, 0, 1],
        [3, 4, 5, 0, 1, 2],
        [4, 5, 0, 1, 2, 3],
        [5, 0, 1, 2, 3, 4],
      ],
    );
  });

  it('node ids stop at MAX_NUMNODES - 1 with a diagnostic on the id', () => {
    const text = 'node 1023 dram 1G\nnode 1024 dram 1G\n';
    const f = analyzeFull(text, { maxMs: 5000 });
    const d = f.diagnostics.filter((x) => x.code === 'invalid-argument');
    assert.equal(d.length, 1);
    assert.equal(d[0].span.start, text.indexOf('1024'));
    assert.match(d[0].message, /node ids are 0\.\.1023 \(MAX_NUMNODES\)/);
    assert.deepEqual(f.run.nodes.map((n) => n.id), [1023]);
  });

  it('a rebuild past the deadline stops between nodes and marks the run timed out', () => {
    const mm = machine(nodes(256));
    mm.deadline = 0; // long past
    buildAllZonelists(mm);
    assert.ok(mm.timedOut);
    assert.ok(mm.zonelistCache.size < 256, `built ${mm.zonelistCache.size} lists past the deadline`);
    // a list the cut build did not reach is still answered (computed on demand)
    assert.equal(zonelistFor(mm, 255, false)[0], 255);
  });

  it('machine setup counts against the time budget: 1,024 nodes under a 1 ms budget are cut before the first statement', () => {
    const text = nodes(1024, () => '') + 'task t {\n  b = malloc(4K)\n}\nexpect used(0) == 0\n';
    const f = analyzeFull(text, { maxMs: 1 });
    assert.equal(f.run.cut?.reason, 'time');
    assert.equal(f.run.executed, 0);
    const d = f.allDiagnostics.find((x) => x.code === 'time-budget-exceeded');
    assert.ok(d, 'time-budget-exceeded');
    assert.match(d!.message, /machine setup \(1024 nodes/);
    assert.equal(f.run.expectations.length, 1, 'the expectation still observes the booted machine');
    assert.deepEqual(f.allDiagnostics.filter((x) => x.code === 'internal-error'), []);
  });

  it('online_node/offline_node rebuilds in a loop stop at the time budget, never past it by a whole loop', () => {
    const text = nodes(512, () => '') + 'node 512 cxl 1G offline\nkernel {\n  repeat 1000000 {\n    online_node(512)\n    offline_node(512)\n  }\n}\n';
    const f = analyzeFull(text, { maxMs: 200, maxSteps: 10_000_000 });
    assert.equal(f.run.cut?.reason, 'time');
    assert.ok(f.run.executed < 2_000_000);
    assert.deepEqual(f.allDiagnostics.filter((x) => x.code === 'internal-error'), []);
  });
});
