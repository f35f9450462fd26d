/** `expect status(RANGE, NODE or ERRNO)`: the metric of a move_pages query, in the editor. */
import * as assert from 'assert';
import { analyzeFull } from '../../server/src/analysis/analyze';
import { completionsAt } from '../../server/src/analysis/completion';
import { hoverAt } from '../../server/src/analysis/hover';

const TEXT = 'node 0 dram 1G cpus 0\ntask a {\n  x = mmap(4M)\n  touch(x)\n  move_pages(x)\n  expect status(x, 0) == 100%\n  expect status(x, \n}\n';

describe('status() metric in the editor', () => {
  const a = analyzeFull(TEXT, { design: 'private_v4' });
  const ctx = { stat: a, run: a.run, design: 'private_v4', diagnostics: a.allDiagnostics };
  it('completion offers the nodes and the per-page errnos of a move_pages query', () => {
    const at = TEXT.lastIndexOf('status(x, ') + 'status(x, '.length;
    const labels = completionsAt(ctx, at).map((i) => i.label);
    assert.ok(labels.includes('0') && labels.includes('ENOENT') && labels.includes('EFAULT'), labels.join(','));
  });
  it('hover on the metric explains it, and the expectation shows what the query saw', () => {
    const h = hoverAt(ctx, TEXT.indexOf('status(x, 0)') + 2)!;
    assert.match(h.markdown, /move_pages\(RANGE\)/);
    assert.match(h.markdown, /status\(x, 0\) = 1024 \(100% of 1024\)|✓ holds/);
  });
});
