/**
 * build_all_zonelists per design (kernel-semantics §3.3) and find_next_best_node's
 * tie-breaking (the node_load rotation of equal-distance groups).
 */
import * as assert from 'assert';
import { DesignName } from '../../server/src/model/ir';
import { buildNodes, Mm } from '../../server/src/mm/machine';
import { buildAllZonelists, formatZonelist, zonelistFor } from '../../server/src/mm/zonelist';
import { lower } from '../../server/src/model/lower';
import { parse } from '../../server/src/syntax/parser';
import { builtinDesigns } from '../../server/src/model/designs/builtins';

function machine(text: string, design: DesignName): Mm {
  const mm = new Mm(builtinDesigns()[design].design);
  buildNodes(mm, lower(parse(text)).program.machine);
  buildAllZonelists(mm);
  return mm;
}

const PRIV = `
node 0 dram 1G cpus 0-1
node 1 dram 1G cpus 2-3
node 2 cxl 64M private ops MIGRATION | MEMPOLICY
node 3 cxl 64M private ops MIGRATION | MEMPOLICY
distance 0 1 20
distance 0 2 30
distance 1 2 40
distance 0 3 40
distance 1 3 30
distance 2 3 50
`;

describe('zonelists', () => {
  it('equal distances rotate across nodes through node_load (4 CPU nodes, all 20 apart)', () => {
    const mm = machine(
      `
node 0 dram 1G cpus 0
node 1 dram 1G cpus 1
node 2 dram 1G cpus 2
node 3 dram 1G cpus 3`,
      'stock',
    );
    assert.deepStrictEqual([0, 1, 2, 3].map((n) => zonelistFor(mm, n, false)), [
      [0, 1, 2, 3],
      [1, 2, 3, 0],
      [2, 3, 0, 1],
      [3, 0, 1, 2],
    ]);
  });

  it('boot-time lists have no CPU penalty (cpumasks empty at build_all_zonelists): ties go by n < local and node_load (oracle l02)', () => {
    const mm = machine(
      `
node 0 dram 1G cpus 0
node 1 dram 1G cpus 1
node 2 dram 1G`,
      'stock',
    );
    assert.strictEqual(mm.cpumasksPopulated, false);
    assert.deepStrictEqual(zonelistFor(mm, 0, false), [0, 1, 2]);
    assert.deepStrictEqual(zonelistFor(mm, 1, false), [1, 2, 0]);
  });

  it('lists rebuilt after a memory hotplug prefer a CPU-less node at equal distance (PENALTY_FOR_NODE_WITH_CPUS) (oracle f11)', () => {
    // a ZONE_MOVABLE node is hot-added memory: its onlining rebuilt the lists with the CPUs up
    const mm = machine(
      `
node 0 dram 1G cpus 0
node 1 dram 1G cpus 1
node 2 dram 1G zone movable`,
      'stock',
    );
    assert.strictEqual(mm.cpumasksPopulated, true);
    assert.deepStrictEqual(zonelistFor(mm, 0, false), [0, 2, 1]);
    assert.deepStrictEqual(zonelistFor(mm, 1, false), [1, 2, 0]);
  });

  it('v4: private nodes are in no normal list; a private node\'s own list is itself then the N_MEMORY nodes (seed 004 example)', () => {
    const mm = machine(PRIV, 'private_v4');
    assert.deepStrictEqual(zonelistFor(mm, 0, false), [0, 1]);
    assert.deepStrictEqual(zonelistFor(mm, 1, false), [1, 0]);
    assert.deepStrictEqual(zonelistFor(mm, 2, false), [2, 0, 1]);
    assert.deepStrictEqual(zonelistFor(mm, 3, false), [3, 1, 0]);
    assert.deepStrictEqual(zonelistFor(mm, 2, true), [2]);
    assert.strictEqual(formatZonelist(mm, 2), 'Fallback order for Node 2 (private): 2 0 1');
  });

  it('private_soft builds the same lists; private_nofallback gives a private node only itself', () => {
    const soft = machine(PRIV, 'private_soft');
    assert.deepStrictEqual(zonelistFor(soft, 3, false), [3, 1, 0]);
    const nofb = machine(PRIV, 'private_nofallback');
    assert.deepStrictEqual(zonelistFor(nofb, 2, false), [2]);
    assert.deepStrictEqual(zonelistFor(nofb, 0, false), [0, 1]);
  });

  it('stock and spm_v2 keep the private/SPM nodes in every list (SPM is filtered per zone walk instead)', () => {
    for (const d of ['stock', 'spm_v2'] as const) {
      const mm = machine(PRIV, d);
      assert.deepStrictEqual(zonelistFor(mm, 0, false), [0, 1, 2, 3], d);
    }
  });

  it('zone_device memory is in no normal list', () => {
    const mm = machine(PRIV, 'zone_device');
    assert.deepStrictEqual(zonelistFor(mm, 0, false), [0, 1]);
  });
});
