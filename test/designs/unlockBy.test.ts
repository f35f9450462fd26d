/**
 * `unlock_by` (issue 18): in which contexts the unlock flag counts. Elsewhere the allocator
 * clears it before the zone walk, through the rules module (never the design's name); the
 * checker reports an unlock flag no context may set. The built-ins leave it at `any`.
 */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { analyzeFull, analyzeStatic } from '../../server/src/analysis/analyze';
import { builtinDesigns } from '../../server/src/model/designs/builtins';

const SAMPLE = path.join(__dirname, '../../sample-workspaces/own-design/owner-only.mmlab');

/** the outcome of the statement on the line holding `needle` */
function lineOutcome(text: string, design: string, needle: string): string {
  const a = analyzeFull(text, { design });
  const at = text.indexOf(needle);
  const step = a.run.steps.filter((s) => s.span.start <= at && at < s.span.end).at(-1);
  assert.ok(step, `a step for ${needle}`);
  return step.outcome.kind === 'ok' ? `ok ${step.placements.map((p) => `N${p.node}×${p.pages}`).join(' ')}` : `${step.outcome.kind} ${(step.outcome as { errno?: string }).errno ?? ''}`.trim();
}

describe('design choice unlock_by', () => {
  const text = readFileSync(SAMPLE, 'utf8');

  it('the built-ins honour the flag in every context (the choice is absent)', () => {
    for (const d of Object.values(builtinDesigns())) assert.strictEqual(d.design.unlockBy, undefined, d.name);
  });

  it('owner, task: the owning driver and a task\'s faults keep the flag; another driver, generic kernel code and an interrupt lose it', () => {
    assert.strictEqual(lineOutcome(text, 'owner_only', 'mine = alloc_pages_node'), 'ok N2×4');
    assert.strictEqual(lineOutcome(text, 'private_v4', 'cross = alloc_pages_node'), 'ok N3×1');
    assert.match(lineOutcome(text, 'owner_only', 'cross = alloc_pages_node'), /ENOMEM/);
    assert.match(lineOutcome(text, 'owner_only', 'probe = alloc_pages_node'), /ENOMEM/);
    assert.match(lineOutcome(text, 'owner_only', 'irq = alloc_pages_node'), /ENOMEM/);
    assert.strictEqual(lineOutcome(text, 'owner_only', 'touch(buf)'), 'ok N2×4096');
    const a = analyzeFull(text, { design: 'owner_only' });
    // the refused allocations end in NULL (GFP_PRIVATE: no fallback, no OOM kill), and nothing leaks
    assert.deepStrictEqual(a.allDiagnostics.filter((d) => d.severity === 'error').map((d) => d.code), ['gfp-private-oom', 'gfp-private-oom', 'gfp-private-oom']);
    assert.ok(a.run.expectations.filter((e) => !e.skipped).every((e) => e.passed));
    const explain = a.run.steps.flatMap((s) => s.explain ?? []).join('\n');
    assert.match(explain, /__GFP_PRIVATE cleared: it counts only in owner, task \(unlock_by\), not in device A's driver \(node owned by device B\)/);
    assert.match(explain, /not in generic kernel code/);
    assert.match(explain, /not in interrupt context/);
  });

  it('checks: an unlock flag no context may set is an error at the choice; a restriction that undoes `injects` is pointless', () => {
    const at = (src: string, needle: string) => analyzeStatic(src).diagnostics.filter((d) => d.code === 'design-choice' && d.span.start === src.indexOf(needle));
    const none = 'design locked extends private_v4 {\n  unlock_by none\n}\n';
    const [err] = at(none, 'unlock_by');
    assert.strictEqual(err?.severity, 'error');
    assert.match(err.message, /an unlock flag no context may set/);
    const owner = 'design drivers extends private_v4 {\n  unlock_by owner\n}\n';
    const [warn] = at(owner, 'unlock_by');
    assert.match(warn?.message ?? '', /pointless: fault and mbind_move add the flag in task context/);
    const noFlag = 'design plain extends stock {\n  unlock_by driver\n}\n';
    assert.match(at(noFlag, 'unlock_by')[0]?.message ?? '', /with `unlock none` there is no flag/);
    assert.deepStrictEqual(at('design ok extends private_v4 {\n  unlock_by owner, task\n}\n', 'unlock_by'), []);
  });
});
