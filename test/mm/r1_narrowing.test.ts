/**
 * R1's mask narrowing (issue 18, design-evolution idea 11) as the design choice value
 * `user_masks bind_only`: only MPOL_BIND may name a private node; PREFERRED, PREFERRED_MANY,
 * INTERLEAVE and WEIGHTED_INTERLEAVE are narrowed to the public nodes (EINVAL when nothing is
 * left). The emulator asks the choice, so a user design can pick it too.
 */
import * as assert from 'assert';
import { builtinDesigns } from '../../server/src/model/designs/builtins';
import { runText } from './helpers';

const MACHINE = `node 0 dram 2G cpus 0-3
node 2 cxl 1G private device A caps RECLAIM | USER_NUMA
`;
const DESIGN = `design narrow_v4 extends private_v4 {\n  user_masks bind_only\n}\n`;

/** the syscall-error message of `set_mempolicy(mode, mask)` (undefined: accepted) and where the task's pages went */
function under(design: string, mode: string, mask: string) {
  const text = `${MACHINE}${DESIGN}task t cpu 0 {\n  set_mempolicy(${mode}, ${mask})\n  m = mmap(8M)\n  touch(m)\n}\n`;
  const a = runText(text, design);
  const err = a.run.diagnostics.find((d) => d.code === 'syscall-error')?.message;
  const pages = Object.fromEntries(a.run.mappings.filter((m) => m.name === 'm').flatMap((m) => Object.entries(m.pages)));
  return { err, pages, warnings: a.run.diagnostics.filter((d) => d.code === 'private-policy').map((d) => d.message) };
}

describe('user_masks bind_only (R1: only MPOL_BIND names a private node)', () => {
  it('memory_public chooses it; the other built-ins do not', () => {
    const d = builtinDesigns();
    assert.strictEqual(d.memory_public.design.userNodemasks, 'bind_only');
    assert.strictEqual(d.private_v5.design.userNodemasks, 'trim_unopted');
    assert.strictEqual(d.private_v4.design.userNodemasks, 'require_op');
  });

  for (const mode of ['MPOL_PREFERRED', 'MPOL_INTERLEAVE', 'MPOL_PREFERRED_MANY', 'MPOL_WEIGHTED_INTERLEAVE']) {
    it(`${mode} {P}: EINVAL under memory_public and a user design that picks the value; accepted under v5`, () => {
      for (const design of ['memory_public', 'narrow_v4']) {
        const r = under(design, mode, '2');
        assert.match(r.err ?? '', new RegExp(`-EINVAL: ${mode} is narrowed to the public nodes: private node 2 dropped \\(only MPOL_BIND places pages on a private node\\), and nothing is left`), design);
        assert.deepStrictEqual(r.pages, { 0: 2048 }, `${design}: the default policy stayed`);
      }
      assert.strictEqual(under('private_v5', mode, '2').err, undefined);
    });
  }

  it('INTERLEAVE {0,P}: P dropped with a warning, every page on 0; v4 interleaves over both', () => {
    const r1 = under('memory_public', 'MPOL_INTERLEAVE', '{0, 2}');
    assert.strictEqual(r1.err, undefined);
    assert.deepStrictEqual(r1.pages, { 0: 2048 });
    assert.ok(r1.warnings.some((w) => /MPOL_INTERLEAVE is narrowed to the public nodes: private node 2 dropped .*the policy is \{0\}/.test(w)), r1.warnings.join('\n'));
    assert.deepStrictEqual(under('private_v4', 'MPOL_INTERLEAVE', '{0, 2}').pages, { 0: 1024, 2: 1024 });
  });

  it('MPOL_BIND {P} still reaches P', () => {
    for (const design of ['memory_public', 'narrow_v4']) assert.deepStrictEqual(under(design, 'MPOL_BIND', '2').pages, { 2: 2048 }, design);
  });
});
