/**
 * The design hook objects (server/src/mm/designs) and what they decide, one
 * small scenario per difference.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { zoneGate } from '../../server/src/mm/designs';
import { builtinDesigns } from '../../server/src/model/designs/builtins';
import { GFP } from '../../server/src/vocab/gfp';
import { DESIGNS } from '../../server/src/model/ir';
import { failedExpectations, runText } from './helpers';

describe('design hooks', () => {
  const B = (name: string) => builtinDesigns()[name].design;
  it('every design of the contract is a declaration of the prelude, in the order of DESIGNS', () => {
    assert.deepStrictEqual(Object.keys(builtinDesigns()), [...DESIGNS]);
  });

  it('the zone gates: v4 needs __GFP_PRIVATE, spm_v2 __GFP_SPM_NODE, zone_device the driver\'s GFP_PRIVATE; stock and soft have none', () => {
    const priv = { id: 2, state: 'private' as const };
    assert.ok(zoneGate(B('private_v4'), priv, GFP.__GFP_THISNODE));
    assert.strictEqual(zoneGate(B('private_v4'), priv, GFP.__GFP_PRIVATE), undefined);
    assert.strictEqual(zoneGate(B('private_soft'), priv, 0), undefined);
    assert.ok(zoneGate(B('spm_v2'), { state: 'spm' as const }, GFP.__GFP_PRIVATE));
    assert.strictEqual(zoneGate(B('spm_v2'), { state: 'spm' as const }, GFP.__GFP_SPM_NODE), undefined);
    assert.ok(zoneGate(B('zone_device'), { state: 'device' as const }, GFP.__GFP_THISNODE));
    assert.strictEqual(zoneGate(B('stock'), { state: 'normal' as const }, 0), undefined);
  });

  it('a private node is private / SPM / device memory / a plain node depending on the design', () => {
    const text = `
node 0 dram 1G cpus 0
node 2 cxl 1G private ops MIGRATION | MEMPOLICY`;
    const states = Object.fromEntries(DESIGNS.map((d) => [d, runText(text, d).run.nodes.find((n) => n.id === 2)!.state]));
    assert.deepStrictEqual(states, {
      stock: 'normal',
      private_v4: 'private',
      private_soft: 'private',
      private_nofallback: 'private',
      spm_v2: 'spm',
      zone_device: 'device',
      private_latest: 'private',
      nofallback_only: 'private',
      folio_only: 'private',
      memalloc_scope: 'private',
      private_v5: 'private',
      memory_public: 'private',
      memory_common: 'private',
    });
  });

  it('zone_device: kernel callers never get device pages; the driver\'s own allocation (GFP_PRIVATE) does; no mempolicy', () => {
    const r = runText(
      `
node 0 dram 1G cpus 0
node 2 accel 1G private
kernel {
  k = alloc_pages_node(2, GFP_KERNEL | __GFP_THISNODE, 0)
  expect error ENOMEM
  d = alloc_pages_node(2, GFP_PRIVATE | GFP_HIGHUSER_MOVABLE, 0, count=16)
  expect pages(d, 2) == 100%
}
task t cpu 0 {
  a = mmap(4M)
  mbind(a, MPOL_BIND, 2)
  expect error EINVAL
}`,
      'zone_device',
    );
    assert.deepStrictEqual(failedExpectations(r), []);
  });

  it('spm_v2: userspace never reaches an SPM node; __GFP_SPM_NODE kernel users do; cpuset sysram clipping', () => {
    const r = runText(
      `
node 0 dram 1G cpus 0
node 2 cxl 1G private
cgroup g mems 0,2
task t cpu 0 cgroup g {
  a = mmap(4M)
  mbind(a, MPOL_PREFERRED, 2)
  expect error EINVAL
  set_mempolicy(MPOL_INTERLEAVE, {0, 2})
  expect ok
  b = malloc(4M)
  touch(b)
  expect pages(b, 0) == 100%
  move_pages(b, 2)
  expect error EACCES
}
kernel {
  z = alloc_pages_node(2, GFP_KERNEL | __GFP_SPM_NODE, 0)
  expect pages(z, 2) == 100%
}`,
      'spm_v2',
    );
    assert.deepStrictEqual(failedExpectations(r), []);
  });
});

describe('OOM constraints with private nodes (kernel-semantics §6)', () => {
  const constraintOf = (file: string) => {
    const r = runText(fs.readFileSync(path.join(__dirname, 'ideas', file), 'utf8'), 'private_v4');
    const o = r.run.steps.find((s) => s.outcome.kind === 'oom')?.outcome;
    return o && o.kind === 'oom' ? o.constraint : undefined;
  };
  it('a PREFERRED {P} fault whose zonelist holds a non-OOM-eligible private zone: CONSTRAINT_CPUSET (idea 48)', () => {
    assert.strictEqual(constraintOf('48-oom-preferred-p.mmlab'), 'CONSTRAINT_CPUSET');
  });
  it('a BIND {P} fault: CONSTRAINT_MEMORY_POLICY (idea 16)', () => {
    assert.strictEqual(constraintOf('16-bind-p-exhausted.mmlab'), 'CONSTRAINT_MEMORY_POLICY');
  });
});
