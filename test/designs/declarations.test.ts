/**
 * `design NAME [extends BASE] { CHOICE VALUE ... }`: parsed, lowered, checked, and run
 * by the emulator through its choices alone.
 */
import * as assert from 'assert';
import { execSync } from 'child_process';
import * as path from 'path';
import { analyzeFull, analyzeStatic } from '../../server/src/analysis/analyze';
import { builtinDesigns } from '../../server/src/model/designs/builtins';
import { PRELUDE } from '../../server/src/model/designs/prelude';
import { DESIGNS } from '../../server/src/model/ir';
import { CHOICE_FIELD, DESIGN_CHOICES } from '../../server/src/vocab/designChoices';

const MACHINE = `
node 0 dram 1G cpus 0
node 2 cxl 1G private ops MIGRATION | MEMPOLICY
`;

const codes = (text: string) => analyzeStatic(text).diagnostics.map((d) => `${d.code}@${text.slice(d.span.start, d.span.end).split('\n')[0]}`);

describe('design declarations', () => {
  it('the prelude declares every built-in, each resolving every choice', () => {
    const b = builtinDesigns();
    assert.deepStrictEqual(Object.keys(b), [...DESIGNS]);
    // every required choice resolved; the optional post-v4 ones only where a declaration gives them
    for (const d of Object.values(b))
      for (const c of DESIGN_CHOICES) if (!c.optional) assert.ok(CHOICE_FIELD[c.key as keyof typeof CHOICE_FIELD] in d.design, `${d.name}: ${c.key}`);
    assert.deepStrictEqual([...b.private_nofallback.design.inferred], ['gate']);
    assert.deepStrictEqual([...b.private_latest.design.inferred], []);
    assert.ok(PRELUDE.includes('design private_latest extends private_v4 {'));
  });

  it('a scenario declares `design mine extends private_v4 { ... }` and runs under it', () => {
    const text = `${MACHINE}
design mine extends private_v4 {
  gate none
}
kernel {
  p = alloc_pages_node(2, GFP_HIGHUSER_MOVABLE, 0, count=16)
  expect pages(p, 2) == 100% under mine
  expect pages(p, 0) == 100% under private_v4
}`;
    assert.deepStrictEqual(codes(text), []);
    const mine = analyzeFull(text, { design: 'mine' });
    assert.strictEqual(mine.design, 'mine');
    assert.deepStrictEqual(mine.run.expectations.filter((e) => !e.skipped).map((e) => e.passed), [true]);
    assert.ok(mine.allDiagnostics.some((d) => d.code === 'private-leak'), 'no gate: a leak, as under private_soft');
    const v4 = analyzeFull(text, { design: 'private_v4' });
    assert.deepStrictEqual(v4.run.expectations.filter((e) => !e.skipped).map((e) => e.passed), [true]);
  });

  it('`design NAME` may pick a design declared further down; `under` may name it', () => {
    const text = `design mine\n${MACHINE}\ndesign mine extends stock {\n  node_state N_MEMORY\n}\nkernel {\n  p = alloc_pages_node(2, GFP_KERNEL, 0)\n  expect ok under mine\n}`;
    assert.deepStrictEqual(codes(text), []);
    assert.strictEqual(analyzeFull(text).design, 'mine');
  });

  it('unknown choices, bad values, missing choices, unknown bases and cycles are diagnosed where they are written', () => {
    assert.deepStrictEqual(codes('design a extends private_v4 {\n  gait none\n}'), ['invalid-argument@gait']);
    assert.deepStrictEqual(codes('design a extends private_v4 {\n  own_fallback self_onyl\n}'), ['invalid-argument@self_onyl']);
    assert.deepStrictEqual(codes('design a extends private_v4 {\n  gate __GFP_KERNEL\n}'), ['invalid-argument@__GFP_KERNEL']);
    assert.deepStrictEqual(codes('design a {\n  gate none\n}'), ['invalid-argument@a']);
    assert.deepStrictEqual(codes('design a extends privat_v4 {\n}'), ['invalid-argument@privat_v4']);
    assert.deepStrictEqual(codes('design a extends b {\n}\ndesign b extends a {\n}').length, 1);
    assert.deepStrictEqual(codes('design private_v4 extends stock {\n}'), ['invalid-argument@private_v4']);
    assert.deepStrictEqual(codes('design a extends stock {\n  gate none\n  gate none\n}'), ['invalid-argument@gate none']);
  });

  it('contradictory and pointless combinations get design-choice at the choice', () => {
    const unreachable = codes('design a extends private_v4 {\n  own_fallback normal_only\n  own_nofallback none\n}');
    assert.deepStrictEqual(unreachable, ['design-choice@own_nofallback none']);
    assert.deepStrictEqual(codes('design a extends private_v4 {\n  gate __GFP_SPM_NODE\n}'), ['design-choice@gate __GFP_SPM_NODE']);
    assert.deepStrictEqual(codes('design a extends spm_v2 {\n  services gated\n}'), ['design-choice@services gated']);
    // the combination's rule is inherited (injects, leak), the choice that broke it is written: the finding goes there
    assert.deepStrictEqual(codes('design a extends private_v4 {\n  unlock none\n}'), ['design-choice@unlock none', 'design-choice@unlock none']);
    // private_latest's own lists never hold the node, but its private zonelist does: no finding
    assert.deepStrictEqual(codes('design a extends private_latest {\n  services closed\n}'), []);
    const sev = analyzeStatic('design a extends private_v4 {\n  gate __GFP_SPM_NODE\n}').diagnostics[0].severity;
    assert.strictEqual(sev, 'error');
  });

  it('a broken body never throws and keeps the rest of the file', () => {
    for (const t of ['design a extends private_v4 {', 'design a extends {\n}', 'design a extends private_v4 {\n  gate |\n}\nnode 0 dram 1G', 'design a {\n  ) (\n}', 'design { }']) {
      const s = analyzeStatic(t);
      assert.ok(s.diagnostics.length > 0, t);
    }
    const s = analyzeStatic('design a extends private_v4 {\n  gate none\nnode 0 dram 1G cpus 0\n');
    assert.strictEqual(s.program.machine.nodes.length, 1, 'an unclosed body ends at the next top-level line');
  });

  it('the emulator asks choices, never a design name (grep of server/src)', () => {
    const root = path.resolve(__dirname, '../..');
    const out = execSync(`grep -rn "userMasks\\|=== 'private_v4'\\|=== 'spm_v2'" server/src || true`, { cwd: root }).toString().trim();
    const offending = out.split('\n').filter((l) => l && !l.startsWith('server/src/model/designs/'));
    assert.deepStrictEqual(offending, []);
  });
});
