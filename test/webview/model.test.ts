/** View-model computations behind the memory map (no browser). */
import { strict as assert } from 'assert';
import type { RunData } from '../../server/src/lsp/protocol';
import { formatBytes, formatPercent } from '../../server/src/common/format';
import { colourSlot, nodeViewsAt, ownerCategory, ownerLabel, stepDeltas, stepForLine } from '../../server/src/webview/model';
import { fixture } from './harness';

describe('memory-map view model', () => {
  const run = fixture<RunData>('handmade/cram-demotion.run.json');

  it('classifies owners by kind', () => {
    assert.deepEqual(
      ['task:buf', 'app:buf', 'kernel:p', 'slab', 'foreign', 'memmap', 'cram:promote'].map(ownerCategory),
      ['mapping', 'mapping', 'kernel', 'slab', 'foreign', 'system', 'system'],
    );
    assert.equal(ownerLabel('task:buf'), 'buf');
    assert.equal(ownerLabel('app:buf'), 'app:buf');
    assert.equal(ownerLabel('kernel:p'), 'kernel p');
  });

  it('keeps an owner colour stable and spreads owners over the palette', () => {
    assert.equal(colourSlot('task:buf'), colourSlot('task:buf'));
    const slots = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((n) => colourSlot(`task:${n}`)));
    assert.ok(slots.size >= 4, `only ${slots.size} colours for 10 owners`);
  });

  it('builds the final bars from the last step, shares against capacity', () => {
    const views = nodeViewsAt(run, -1);
    assert.deepEqual(views.map((v) => v.id), [0, 2, 3, 4]);
    const n0 = views[0];
    const cold = n0.segments.find((s) => s.owner === 'task:cold')!;
    assert.equal(cold.pages, 73728);
    assert.equal(cold.share, 73728 / 262144);
    assert.ok(cold.span, 'a segment keeps the span of the statement that allocated it');
    assert.equal(n0.otherPages, 0, 'owners add up to the used pages');
    assert.equal(views[3].state, 'offline');
  });

  it('derives the CRAM gauge and the watermark lines (shares of media used)', () => {
    const media = nodeViewsAt(run, -1)[2].media!;
    assert.equal(media.capacityBytes, 2 * 1024 ** 3);
    assert.equal(media.lowLine, 0.9);
    assert.equal(media.highLine, 0.75);
    assert.equal(media.open, true);
  });

  it('shows the state after a given step', () => {
    const before = nodeViewsAt(run, 1);
    assert.equal(before[2].segments.some((s) => s.owner === 'task:cold'), false);
    assert.equal(before[0].segments.find((s) => s.owner === 'task:cold')!.pages, 196608);
  });

  it('lists per-node page changes of a step', () => {
    assert.deepEqual(stepDeltas(run, 3), [
      { node: 0, owner: 'task:cold', before: 196608, after: 73728 },
      { node: 0, owner: 'task:hot', before: 0, after: 131072 },
      { node: 3, owner: 'task:cold', before: 0, after: 122880 },
    ]);
    assert.deepEqual(stepDeltas(run, 2), []);
  });

  it('maps an editor line to the timeline step (fallback for mmlab/stepAt)', () => {
    const first = run.steps[0].range.start.line;
    assert.equal(stepForLine(run, 0), -1, 'before the first statement');
    assert.equal(stepForLine(run, first), 0);
    assert.equal(stepForLine(run, first + 3), 3);
    assert.equal(stepForLine(run, 10_000), run.steps.length - 1);
  });

  it('formats sizes and shares', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1024 ** 3), '1 GiB');
    assert.equal(formatBytes(1.5 * 1024 ** 2), '1.5 MiB');
    // truncated, not rounded: a nearly full GiB does not read as a whole one
    assert.equal(formatBytes(1024 ** 3 - 256 * 1024), '1023 MiB');
    assert.equal(formatBytes(4 * 1024 ** 3 - 256 * 1024), '3.99 GiB');
    assert.equal(formatBytes(1.15 * 1024 ** 2), '1.15 MiB');
    assert.equal(formatPercent(0.078125), '7.8%');
    assert.equal(formatPercent(0.00001), '<0.1%');
  });
});
