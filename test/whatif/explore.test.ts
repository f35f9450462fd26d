/**
 * `mmlab explore`: one-change variants, each a valid file, run and ranked by what they flip.
 */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join, resolve } from 'path';
import { analyzeFull, analyzeStatic } from '../../server/src/analysis/analyze';
import { explore, variantsOf } from '../../server/src/analysis/whatif/explore';
import { formatExplore } from '../../server/src/analysis/whatif/format';
import { runInProcess } from '../../server/src/analysis/whatif/summary';
import { variantText } from '../../server/src/analysis/whatif/variants';
import { parseCli } from '../../server/src/cli/args';
import { explore as exploreCmd } from '../../server/src/cli/commands/explore';

const root = resolve(__dirname, '../..');
const read = (f: string) => readFileSync(join(root, f), 'utf8');
const SHRINKER = 'sample-workspaces/isolation-debate/shrinker-info.mmlab';

describe('what-if: explore', function () {
  this.timeout(300000);

  it('names the one change that removes the leak under private_soft (shrinker-info, line 17)', async () => {
    const text = read(SHRINKER);
    const r = await explore(text, { design: 'private_soft', line: 17 }, runInProcess);
    assert.strictEqual(r.focusRow?.outcome, 'leak');
    const labels = r.fixes.map((f) => f.variant.label);
    assert.ok(labels.includes('add __GFP_PRIVATE on kvzalloc_node (line 17)'), labels.join('\n'));
    assert.ok(labels.includes('design private_v4 instead of private_soft'), labels.join('\n'));
    // the fix really removes the leak: its file, run under private_soft, has no leak on line 17
    const fix = r.fixes.find((f) => f.variant.kind === 'gfp')!;
    const after = analyzeFull(variantText(text, fix.variant), { design: 'private_soft' });
    const leaks = after.allDiagnostics.filter((d) => d.code === 'private-leak').map((d) => after.lineIndex.positionAt(d.span.start).line + 1);
    assert.ok(!leaks.includes(17), `leaks on lines ${leaks}`);
    // __GFP_THISNODE keeps the leak (fails half the iterations instead): not a fix
    assert.ok(!labels.some((l) => l.includes('__GFP_THISNODE')));
    assert.ok(r.others.some((o) => o.variant.label === 'add __GFP_THISNODE on kvzalloc_node (line 17)' && /^leak/.test(o.focus!.after)));
    const text2 = formatExplore(SHRINKER, r);
    assert.match(text2, /changes that fix line 17 \(fewest other changes first\)\n(.*\n)*\s+\d\. add __GFP_PRIVATE on kvzalloc_node \(line 17\)/);
  });

  it('on a node line, ranks first the changes that move that node\'s use (cram/07-media-overflow, node 3)', async () => {
    const f = 'sample-workspaces/cram/07-media-overflow.mmlab';
    const line = read(f).split('\n').findIndex((l) => l.startsWith('node 3')) + 1;
    const r = await explore(read(f), { line }, runInProcess);
    assert.strictEqual(r.focusNode?.id, 3);
    assert.match(r.focusNode!.now, /^\d+ pages, media /);
    assert.ok(r.others.length > 0 && r.others[0].focus?.kind === 'node', JSON.stringify(r.others[0]?.focus));
    const moving = r.others.filter((o) => o.focus);
    assert.ok(moving.every((o) => o.focus!.before !== o.focus!.after));
    assert.match(formatExplore(f, r), new RegExp(`line ${line}: node 3\n  now: `));
  });

  it('finds the change that breaks a clean line (a design without the gate leaks)', async () => {
    const r = await explore(read('test/cli/fixtures/leak.mmlab'), { design: 'private_v4', line: 7 }, runInProcess);
    assert.ok(r.breaks.some((b) => b.variant.label === 'design private_soft instead of private_v4' && /^leak/.test(b.focus!.after)), JSON.stringify(r.breaks.map((b) => b.variant.label)));
    assert.ok(!r.fixes.length);
  });

  it('makes every kind of change, each a file that parses with no new error', () => {
    const files = [SHRINKER, 'sample-workspaces/cxl-mempolicy/mbind-bind.mmlab', 'sample-workspaces/cram/01-demotion.mmlab'];
    const kinds = new Set<string>();
    for (const f of files) {
      const text = read(f);
      const base = analyzeStatic(text).diagnostics.filter((d) => d.severity === 'error' && d.code !== 'ops-rejected').length;
      const { variants } = variantsOf(text);
      assert.ok(variants.length > 5, `${f}: ${variants.length}`);
      for (const v of variants) {
        kinds.add(v.kind);
        const t = variantText(text, v);
        assert.notStrictEqual(t, text, v.label);
        const ds = analyzeStatic(t).diagnostics.filter((d) => d.severity === 'error' && ['syntax', 'unknown-name', 'unknown-flag', 'invalid-argument'].includes(d.code));
        assert.ok(ds.length <= base, `${f} ${v.label}: ${ds.map((d) => d.message).join('; ')}\n${t}`);
      }
      assert.strictEqual(new Set(variants.map((v) => v.id)).size, variants.length, 'ids are unique');
    }
    assert.deepStrictEqual([...kinds].sort(), ['design', 'gfp', 'mbind', 'node_size', 'np_ops']);
  });

  it('variants: sizes halve and double exactly, flags toggle both ways, a design line is added or replaced', () => {
    const text = 'scenario "t"\n\nnode 0 dram 1G cpus 0\nnode 1 cxl 512M private ops MIGRATION | MEMPOLICY\n\ntask a cpu 0 {\n  x = mmap(8M)\n  mbind(x, MPOL_BIND, 1)\n  touch(x)\n}\n';
    const { variants } = variantsOf(text, 'private_v4');
    const by = (label: string) => variants.find((v) => v.label === label);
    assert.match(variantText(text, by('node 1 256M instead of 512M (line 4)')!), /node 1 cxl 256M private/);
    assert.match(variantText(text, by('node 0 2G instead of 1G (line 3)')!), /node 0 dram 2G cpus 0/);
    assert.match(variantText(text, by('node 1: remove NP_OPS_MEMPOLICY (line 4)')!), /ops MIGRATION\n/);
    assert.match(variantText(text, by('node 1: add NP_OPS_RECLAIM (line 4)')!), /ops MIGRATION \| MEMPOLICY \| NP_OPS_RECLAIM\n/);
    assert.match(variantText(text, by('MPOL_INTERLEAVE instead of MPOL_BIND on mbind (line 8)')!), /mbind\(x, MPOL_INTERLEAVE, 1\)/);
    assert.match(variantText(text, by('add MPOL_F_STATIC_NODES on mbind (line 8)')!), /mbind\(x, MPOL_BIND \| MPOL_F_STATIC_NODES, 1\)/);
    assert.match(variantText(text, by('add MPOL_MF_MOVE on mbind (line 8)')!), /mbind\(x, MPOL_BIND, 1, MPOL_MF_MOVE\)/);
    const d = by('design spm_v2 instead of private_v4')!;
    assert.strictEqual(d.design, 'spm_v2');
    assert.match(variantText(text, d), /^scenario "t"\ndesign spm_v2\n/);
    const withLine = text.replace('scenario "t"\n', 'scenario "t"\ndesign private_soft\n');
    const v2 = variantsOf(withLine).variants.find((v) => v.label === 'design stock instead of private_soft')!;
    assert.match(variantText(withLine, v2), /^scenario "t"\ndesign stock\n/);
  });

  it("tries the user's own design, adding a `design` line and leaving the declaration alone", async () => {
    const text = 'scenario "u"\ndesign mine extends private_soft {\n}\nnode 0 dram 1G cpus 0\nnode 1 cxl 512M private ops MIGRATION | MEMPOLICY\nkernel "k" {\n  p = kvzalloc_node(4K, GFP_KERNEL, 1)\n}\n';
    const v = variantsOf(text).variants.find((x) => x.label === 'design mine instead of private_v4');
    assert.ok(v, variantsOf(text).variants.map((x) => x.label).join('\n'));
    const t = variantText(text, v!);
    assert.match(t, /^scenario "u"\ndesign mine\ndesign mine extends private_soft \{\n\}/);
    const r = await explore(text, { line: 7 }, runInProcess);
    assert.ok(r.breaks.some((b) => b.variant.label === 'design mine instead of private_v4' && /^leak/.test(b.focus!.after)), JSON.stringify(r.breaks.map((b) => b.variant.label)));
  });

  it('CLI: --variant prints one variant as a file; an unknown id is a usage error', async () => {
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const list = await exploreCmd(parseCli(['explore', SHRINKER, '--design', 'private_soft', '--line', '17', '--jobs', '1']));
      const id = /add __GFP_PRIVATE on kvzalloc_node \(line 17\)\s+\[(\w+:\d+)\]/.exec(list.stdout)?.[1];
      assert.ok(id, list.stdout);
      const v = await exploreCmd(parseCli(['explore', SHRINKER, '--design', 'private_soft', '--variant', id!]));
      assert.strictEqual(v.exitCode, 0);
      assert.match(v.stdout, /info = kvzalloc_node\(1K, GFP_KERNEL \| __GFP_PRIVATE, nid\)/);
      const bad = await exploreCmd(parseCli(['explore', SHRINKER, '--variant', 'gfp:9999']));
      assert.strictEqual(bad.exitCode, 2);
    } finally {
      process.chdir(cwd);
    }
  });
});
