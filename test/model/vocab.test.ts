import * as assert from 'assert';
import { DIAGNOSTIC_CODES } from '../../server/src/common/diagnostics';
import { shapeFits } from '../../server/src/model/lowering/args';
import { suggest } from '../../server/src/model/suggest';
import { CALLS, signatureLabel } from '../../server/src/vocab/calls';
import { ERRNO_TABLE } from '../../server/src/vocab/errno';
import { KEYWORDS } from '../../server/src/vocab/keywords';
import { MADV_TABLE } from '../../server/src/vocab/madv';
import { CALLBACK_TABLE, NODE_ATTRS, NODE_KINDS } from '../../server/src/vocab/nodekinds';
import { CALLBACKS } from '../../server/src/vocab/npops';
import { findSysctl, SYSCTL_KEYS, SYSCTLS } from '../../server/src/vocab/sysctl';
import { VMSTAT_TABLE } from '../../server/src/vocab/vmstat';
import { lower } from '../../server/src/model/lower';
import { simulate } from '../../server/src/run/simulate';
import { parse } from '../../server/src/syntax/parser';
import { NODE_ATTRIBUTES } from '../../server/src/syntax/parser/declarations';

describe('vocabulary tables', () => {
  it('every call has a doc, allowed blocks and documented parameters; optional params come after required positional ones', () => {
    for (const c of CALLS) {
      assert.ok(c.doc.length > 10, c.name);
      assert.ok(c.blocks.length > 0, c.name);
      const positional = c.params.filter((p) => !p.named);
      const firstOptional = positional.findIndex((p) => p.optional);
      if (firstOptional >= 0) assert.ok(positional.slice(firstOptional).every((p) => p.optional), `${c.name}: required after optional`);
      for (const p of c.params) {
        assert.ok(p.doc.length > 0, `${c.name}.${p.name}`);
        if (p.kind === 'keyword') assert.ok(p.values && p.values.length > 0, `${c.name}.${p.name} values`);
      }
    }
  });

  it('signature labels show optional and named parameters', () => {
    const mbind = CALLS.find((c) => c.name === 'mbind')!;
    assert.strictEqual(signatureLabel(mbind), 'mbind(range, mode, [nodes], [flags])');
    const apn = CALLS.find((c) => c.name === 'alloc_pages_node')!;
    assert.strictEqual(signatureLabel(apn), 'alloc_pages_node(nid, gfp, order, [nodemask=NODESET], [count=COUNT])');
  });

  it('contains every statement of language.md §6', () => {
    const names = new Set(CALLS.map((c) => c.name));
    for (const n of ['mmap', 'malloc', 'munmap', 'mbind', 'set_mempolicy', 'touch', 'read', 'write', 'move_pages', 'migrate_pages', 'madvise', 'mlock', 'munlock', 'pin', 'unpin', 'exit',
      'alloc_pages_node', 'alloc_pages', 'kmalloc_node', 'kvzalloc_node', 'free_pages', 'kswapd', 'reclaim', 'compact', 'khugepaged', 'ksm_scan', 'numa_balancing_scan',
      'add_private_memory_driver_managed', 'online_node', 'offline_node', 'node_private_set_ops', 'set_cpuset_mems', 'memory_failure', 'raise', 'set_ratio', 'fill',
      'pages', 'used', 'free', 'media_used', 'open', 'pressure', 'stat']) {
      assert.ok(names.has(n), n);
    }
  });

  it('errno, vmstat, MADV tables hold the names language.md uses', () => {
    for (const e of ['ENOMEM', 'EINVAL', 'ENODEV', 'EACCES', 'EPERM', 'EIO', 'EFAULT', 'ENOENT', 'EBUSY', 'ENOSPC', 'ESRCH', 'EOPNOTSUPP', 'EAGAIN', 'EXDEV']) assert.ok(ERRNO_TABLE.get(e)?.doc, e);
    assert.strictEqual(ERRNO_TABLE.get('ENOMEM')!.value, 12);
    for (const s of ['pgdemote_kswapd', 'pgdemote_direct', 'pgpromote_success', 'pgmigrate_success', 'pgmigrate_fail', 'pswpin', 'pswpout', 'numa_hit', 'numa_miss', 'numa_foreign', 'interleave_hit', 'oom_kill', 'cram_promote', 'cram_media_overflow'])
      assert.ok(VMSTAT_TABLE.has(s), s);
    for (const m of ['MADV_PAGEOUT', 'MADV_COLD', 'MADV_DONTNEED', 'MADV_HUGEPAGE', 'MADV_NOHUGEPAGE', 'MADV_MERGEABLE']) assert.ok(MADV_TABLE.has(m), m);
  });

  it('sysctl keys resolve, including node families; values carry ranges', () => {
    assert.strictEqual(findSysctl('mempolicy.weighted_interleave.node12')?.key, 'mempolicy.weighted_interleave.nodeN');
    assert.strictEqual(findSysctl('vm.panic_on_oom')?.max, 2);
    assert.strictEqual(findSysctl('vm.nope'), undefined);
    for (const k of SYSCTL_KEYS) assert.ok(findSysctl(k), k);
    for (const e of SYSCTLS) assert.ok(e.doc.length > 10 && e.source, e.key);
  });

  it('the emulator knows every sysctl the vocabulary accepts (one table: no unknown-sysctl for any of them, one for a key outside it)', () => {
    // built as IR, past the front end: the run's own check is what is under test
    const program = lower(parse('node 0 dram 1G cpus 0\n')).program;
    const span = { start: 0, end: 0 };
    program.machine.sysctls = [...SYSCTL_KEYS, 'vm.not_a_knob'].map((key) => ({ key, value: findSysctl(key)?.default ?? 0, span }));
    const unknown = simulate(program, { design: 'stock' }).diagnostics.filter((d) => d.code === 'unknown-sysctl').map((d) => d.message);
    assert.deepStrictEqual(unknown, ['sysctl vm.not_a_knob: the emulator does not model this key']);
  });

  it('node kinds, attributes, callbacks and keywords are documented and agree with the parser', () => {
    assert.deepStrictEqual(NODE_KINDS.map((k) => k.name), ['dram', 'hbm', 'cxl', 'cram', 'accel', 'nic']);
    assert.deepStrictEqual(NODE_ATTRS.map((a) => a.name).sort(), [...NODE_ATTRIBUTES].sort());
    assert.deepStrictEqual([...CALLBACK_TABLE.keys()].sort(), [...CALLBACKS].sort());
    for (const k of KEYWORDS) assert.ok(k.doc.length > 5, k.name);
  });

  it('suggestions find the nearest name, prefix-insensitively, and give up when nothing is close', () => {
    assert.strictEqual(suggest('MIGRATON', ['NP_OPS_MIGRATION', 'NP_OPS_MEMPOLICY']), 'NP_OPS_MIGRATION');
    assert.strictEqual(suggest('gfp_kernel', ['GFP_KERNEL', 'GFP_USER']), 'GFP_KERNEL');
    assert.strictEqual(suggest('zzzzzzzz', ['GFP_KERNEL', 'GFP_USER']), undefined);
    assert.strictEqual(suggest('ops-rejectd', Object.keys(DIAGNOSTIC_CODES)), 'ops-rejected');
  });

  it('argument shapes tell a node set from a flag and a keyword from a range', () => {
    const id = (name: string) => ({ kind: 'Ident' as const, name, span: { start: 0, end: 0 } });
    const mbind = CALLS.find((c) => c.name === 'mbind')!;
    const nodes = mbind.params.find((p) => p.name === 'nodes')!;
    assert.strictEqual(shapeFits(nodes, id('MPOL_MF_MOVE')), false);
    assert.strictEqual(shapeFits(nodes, id('n')), true);
    const mmap = CALLS.find((c) => c.name === 'mmap')!;
    assert.strictEqual(shapeFits(mmap.params[1], id('shared')), false);
    assert.strictEqual(shapeFits(mmap.params[2], id('shared')), true);
  });
});
