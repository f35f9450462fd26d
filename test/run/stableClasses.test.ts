/**
 * What a run starts with has the class (V8 map) it keeps (ADR 0027): in a fresh process the second
 * run of a long document deoptimised some twenty emulator and step-log functions that the first run
 * had optimised, because its nodes, its context and its lists started with other classes than the
 * ones the first run's had reached, and node ids lowered as boxed doubles made one-node zonelists
 * arrays of doubles. These checks read V8's own answer (natives syntax, enabled for the functions
 * made here), so they fail when a field is again added later or a list starts as an array of small
 * integers.
 */
import * as assert from 'assert';
import { setFlagsFromString } from 'v8';
import { analyzeStatic, designFor } from '../../server/src/analysis/analyze';
import { anyArray } from '../../server/src/common/arrays';
import { Mm } from '../../server/src/mm/machine';
import { RunResult } from '../../server/src/mm/result';
import { RunContext, StepTally } from '../../server/src/mm/run_context';
import { Tracer } from '../../server/src/mm/trace';
import { VmStat } from '../../server/src/mm/vmstat';
import { Interpreter } from '../../server/src/run/interpreter';
import { StepLog } from '../../server/src/run/stepLog';
import { simulate } from '../../server/src/run/simulate';

setFlagsFromString('--allow-natives-syntax');
const sameClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
const isSmallInteger = new Function('v', 'return %IsSmi(v)') as (v: unknown) => boolean;
const holdsAnyValue = new Function('a', 'return %HasObjectElements(a)') as (a: unknown[]) => boolean;

const SCENARIO = `design private_v4
node 0 dram 64G cpus 0-7
node 1 dram 64G cpus 8-15
node 2 cxl 64G private ops MIGRATION | MEMPOLICY | DEMOTION
node 3 cram 64G media 16G ratio 2.5 watermarks low=10% high=20%
cgroup jobs mems 0-2
task t cpu 3 {
  a = mmap(4M)
  mbind(a, MPOL_BIND, 1)
  touch(a, write)
  expect pages(a, 1) == 100%
}
kernel "driver" {
  p = alloc_pages_node(1, GFP_KERNEL, 0, count=8)
  for_each_node(n) {
    s = kmalloc_node(512, GFP_KERNEL, n)
  }
  q = alloc_pages(GFP_KERNEL | __GFP_THISNODE, 1, nodemask={0, 1})
  free_pages(q)
}
`;

/**
 * A run of SCENARIO; `atFirstStatement` is called at its first statement boundary (the classes are
 * compared there: the objects change later), `machine` is the run's machine after it.
 */
function run(atFirstStatement?: (mm: Mm) => void): { machine: Mm; result: RunResult } {
  const stat = analyzeStatic(SCENARIO);
  let machine: Mm | undefined;
  const result = simulate(stat.program, { design: designFor(stat) }, {
    hooks: {
      onBoundary(_item, _stmt, _ctx, interp: Interpreter) {
        const mm = (interp as unknown as { mm: Mm }).mm;
        if (!machine) atFirstStatement?.(mm);
        machine = mm;
      },
    },
  });
  assert.ok(machine, 'the run has statement boundaries');
  return { machine, result };
}

describe('run: the classes a run starts with are the ones it keeps (ADR 0027)', () => {
  it("a run's nodes at its first statement have the class the previous run's nodes ended with", () => {
    const first = run();
    void first.result.nodes; // the node reports, which add the owner lists
    const nodesAtEnd = [...first.machine.nodes.values()];
    let compared = 0;
    run((mm) => {
      [...mm.nodes.values()].forEach((n, i) => {
        assert.ok(sameClass(n, nodesAtEnd[i]), `node ${i}: another class at the start of the next run`);
        compared++;
      });
    });
    assert.strictEqual(compared, 4);
  });

  it('a run context has its final class when made (boot reads it before the step log attaches)', () => {
    const { machine } = run();
    assert.ok(sameClass(new RunContext(), machine.run), 'a fresh RunContext and one a run used differ');
  });

  it("the run's per-step lists start as lists of any value", () => {
    assert.ok(holdsAnyValue(anyArray()));
    assert.ok(!holdsAnyValue([]), 'V8 changed: `[]` now starts as a list of any value, anyArray is no longer needed');
    const lists: [string, unknown][] = [
      ['StepTally keys', (new StepTally() as unknown as { keys_: unknown[] }).keys_],
      ['Tracer slots', (new Tracer(true) as unknown as { evs: { items: unknown[] } }).evs.items],
      ['VmStat changed', (new VmStat() as unknown as { changed: unknown[] }).changed],
      ['StepLog sealed', (new StepLog() as unknown as { sealed: unknown[] }).sealed],
    ];
    // the interpreter's expectation results, empty at the first statement; a lowered machine's lists (no sysctl here)
    // (asked at the first statement, while still empty: after the run it holds objects either way)
    let expectationsAtStart: { empty: boolean; any: boolean } | undefined;
    simulate(analyzeStatic(SCENARIO).program, { design: 'private_v4' }, {
      hooks: {
        onBoundary: (_i, _s, _c, interp) => {
          const list = (interp as unknown as { expectations: unknown[] }).expectations;
          expectationsAtStart ??= { empty: list.length === 0, any: holdsAnyValue(list) };
        },
      },
    });
    assert.deepStrictEqual(expectationsAtStart, { empty: true, any: true }, "the interpreter's expectation results at the first statement");
    const { machine } = analyzeStatic(SCENARIO).program;
    for (const k of ['nodes', 'distances', 'cgroups', 'sysctls'] as const) lists.push([`lowered machine ${k}`, machine[k]]);
    assert.strictEqual(machine.sysctls.length, 0, 'an empty list is asked about');
    for (const [what, list] of lists) assert.ok(Array.isArray(list) && holdsAnyValue(list), `${what}: not a list of any value`);
  });

  it('node ids and CPU lists are lowered as small integers, not boxed doubles', () => {
    const { program } = analyzeStatic(SCENARIO);
    const ints: [string, unknown][] = [];
    for (const n of program.machine.nodes) {
      ints.push([`node ${n.id} id`, n.id]);
      n.cpus.forEach((c) => ints.push([`node ${n.id} cpu`, c]));
    }
    for (const c of program.machine.cgroups) (c.mems ?? []).forEach((m) => ints.push([`cgroup ${c.name} mem`, m]));
    // every { const } node reference in the statements (alloc_pages_node's node, the nodemask)
    const walk = (v: unknown, where: string): void => {
      if (Array.isArray(v)) v.forEach((x) => walk(x, where));
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === 'const') ints.push([`${where} node reference`, x]);
          else walk(x, k === 'op' ? String(x) : where);
        }
      }
    };
    walk(program.items, 'statement');
    assert.ok(ints.filter(([w]) => w.endsWith('node reference')).length >= 3, 'the scenario has node references');
    for (const [what, v] of ints) assert.ok(isSmallInteger(v), `${what} ${String(v)} is a boxed double`);
  });
});
