import * as assert from 'assert';
import { lookupVocab, renderVocab } from '../../server/src/analysis/vocabLookup';
import { DESIGNS } from '../../server/src/model/ir';
import { CALLS } from '../../server/src/vocab/calls';
import { ERRNO_NAMES } from '../../server/src/vocab/errno';
import { GFP_TABLE } from '../../server/src/vocab/gfp';
import { KEYWORDS } from '../../server/src/vocab/keywords';
import { MADV_NAMES } from '../../server/src/vocab/madv';
import { MPOL_TABLE } from '../../server/src/vocab/mpol';
import { NP_OPS_TABLE } from '../../server/src/vocab/npops';
import { SYSCTL_KEYS } from '../../server/src/vocab/sysctl';
import { VMSTAT_NAMES } from '../../server/src/vocab/vmstat';
import { DIAGNOSTIC_CODES } from '../../server/src/common/diagnostics';

describe('hover text for every vocabulary name', () => {
  const families: [string, readonly string[], string[]][] = [
    ['GFP', [...GFP_TABLE.keys()], ['gfp']],
    ['MPOL', [...MPOL_TABLE.keys()], ['mpol']],
    ['MADV', MADV_NAMES, ['madv']],
    ['NP_OPS', [...NP_OPS_TABLE.keys()], ['npops']],
    ['NP_OPS short', [...NP_OPS_TABLE.keys()].map((k) => k.replace(/^NP_OPS_/, '')), ['npops']],
    ['errno', ERRNO_NAMES, ['errno']],
    ['vmstat', VMSTAT_NAMES, ['vmstat']],
    ['sysctl', SYSCTL_KEYS, ['sysctl']],
    ['call', CALLS.map((c) => c.name), ['call']],
    ['keyword', KEYWORDS.map((k) => k.name), ['keyword']],
    ['design', DESIGNS, ['design']],
    ['diagnostic code', Object.keys(DIAGNOSTIC_CODES), ['code']],
  ];
  for (const [family, names, prefer] of families) {
    it(`explains every ${family} name (${names.length})`, () => {
      for (const n of names) {
        const hit = lookupVocab(n, prefer as never);
        assert.ok(hit, `${family} ${n}`);
        assert.ok(hit!.doc.trim().length > 3, `${family} ${n} has a doc`);
        const md = renderVocab(hit!);
        assert.ok(md.split('\n').filter((l) => l.trim()).length <= 4, `${n}: short`);
      }
    });
  }
  it('marks inferred facts as inferred and series facts with their series', () => {
    assert.match(renderVocab({ kind: 'gfp', name: 'X', title: 't', doc: 'd', source: 'inferred' }), /Inferred: not read from kernel code/);
    assert.match(renderVocab(lookupVocab('__GFP_PRIVATE')!), /RFC v4/);
    assert.match(renderVocab(lookupVocab('__GFP_SPM_NODE')!), /SPM v2/);
  });
});
