import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { executeJob, JobRequest, WorkerMessage } from '../../server/src/lsp/jobs';

/** the worker's job with MMLAB_INCREMENTAL=1 and a document URI: the same runs as without (ADR 0011) */
function runs(req: Omit<JobRequest, 'id' | 'designs' | 'fallbackDesign' | 'maxSteps' | 'maxMs'>): string {
  let out: WorkerMessage | undefined;
  executeJob({ id: 1, designs: [null, 'stock'], fallbackDesign: 'private_v4', maxSteps: 50_000, maxMs: 30_000, ...req }, (m) => (out = m));
  assert.ok(out && out.type === 'done', JSON.stringify(out));
  return JSON.stringify(out.runs);
}

describe('simulation jobs with incremental runs (MMLAB_INCREMENTAL=1)', () => {
  const before = process.env.MMLAB_INCREMENTAL;
  after(() => {
    if (before === undefined) delete process.env.MMLAB_INCREMENTAL;
    else process.env.MMLAB_INCREMENTAL = before;
  });
  it('a document edited line by line gets the runs of a job from scratch, under each design', () => {
    process.env.MMLAB_INCREMENTAL = '1';
    const text = readFileSync(path.resolve(__dirname, '../../sample-workspaces/cram/05-backpressure.mmlab'), 'utf8');
    const lines = text.split('\n');
    const uri = 'file:///test/incremental-jobs.mmlab';
    for (let i = lines.length - 1; i >= 0; i -= 3) {
      const edited = [...lines.slice(0, i), `${lines[i]} `, ...lines.slice(i + 1)].join('\n');
      assert.strictEqual(runs({ text: edited, uri }), runs({ text: edited }), `line ${i}`);
    }
  });
});
