/**
 * Issue 17 item 5 on the real server: `mmlab/compare` with 100,000 designs took 33.5 s and
 * 1.2 GB. Now 1,000 duplicate entries run as many designs as 10 (asserted on the answer, an
 * operation count), and 100,000 entries are refused at once with -32602.
 */
import { strict as assert } from 'assert';
import { RawClient } from './rawClient';

describe('protocol: bounded design lists (issue 17 item 5)', function () {
  this.timeout(120_000);

  it('mmlab/compare deduplicates its designs and refuses 100,000 entries', async () => {
    const c = new RawClient();
    try {
      await c.initialize();
      const uri = 'file:///mmlab-test/limits.mmlab';
      c.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mmlab', version: 1, text: 'node 0 dram 4G\ntask t {\n  b = malloc(4K)\n}\n' } });
      const designsOf = async (n: number) => {
        const id = c.send('mmlab/compare', { uri, designs: Array.from({ length: n }, (_, i) => (i % 2 ? 'stock' : 'spm_v2')) });
        const a = await c.answer(id, 60_000);
        assert.equal(a.error, undefined, JSON.stringify(a.error));
        return (a.result as { designs: string[] }).designs;
      };
      assert.deepEqual(await designsOf(10), ['spm_v2', 'stock']);
      assert.deepEqual(await designsOf(1_000), ['spm_v2', 'stock']);
      const huge = c.send('mmlab/compare', { uri, designs: Array.from({ length: 100_000 }, () => 'stock') });
      const a = await c.answer(huge);
      assert.equal(a.error?.code, -32602);
      assert.match(a.error!.message, /100000 entries, at most 1024/);
    } finally {
      await c.close();
    }
  });
});
