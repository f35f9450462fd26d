/** The one rule for the workspace's designs (CLI and language server): the nearest designs.mmlab above a scenario, never itself. */
import * as assert from 'assert';
import { posix, win32 } from 'path';
import { designsFileCandidates, nearestDesignsFile } from '../../server/src/analysis/designsFile';

describe('the workspace designs file rule (analysis/designsFile.ts)', () => {
  it('candidates: the folder, then each ancestor up to the root', () => {
    assert.deepStrictEqual(designsFileCandidates('/ws/sub/a.mmlab', posix), ['/ws/sub/designs.mmlab', '/ws/designs.mmlab', '/designs.mmlab']);
    assert.deepStrictEqual(designsFileCandidates('C:\\ws\\a.mmlab', win32), ['C:\\ws\\designs.mmlab', 'C:\\designs.mmlab']);
  });

  it('designs.mmlab itself sees only an ancestor\'s, and the nearest wins', () => {
    assert.deepStrictEqual(designsFileCandidates('/ws/designs.mmlab', posix), ['/designs.mmlab']);
    const files: Record<string, string> = { '/ws/designs.mmlab': 'root', '/ws/sub/designs.mmlab': 'sub' };
    assert.deepStrictEqual(nearestDesignsFile('/ws/sub/deep/a.mmlab', posix, (p) => files[p]), { path: '/ws/sub/designs.mmlab', found: 'sub' });
    assert.deepStrictEqual(nearestDesignsFile('/ws/sub/designs.mmlab', posix, (p) => files[p]), { path: '/ws/designs.mmlab', found: 'root' });
    assert.strictEqual(nearestDesignsFile('/other/a.mmlab', posix, (p) => files[p]), undefined);
  });
});
