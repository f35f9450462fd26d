import { analyzeStatic, runStatic } from '../server/src/analysis/analyze';
import { compactForTransfer } from '../server/src/lsp/compact';
import { generateLargeScenario } from './_gen';
const text = generateLargeScenario(5000);
for (let i = 0; i < 10; i++) {
  const t0 = performance.now();
  const stat = analyzeStatic(text);
  const t1 = performance.now();
  const r = runStatic(stat, { design: 'private_v4', maxSteps: 1e6, maxMs: 5000, trace: false, maxStepRecords: 0 });
  const t2 = performance.now();
  const c = compactForTransfer(r.run);
  const t3 = performance.now();
  const cl = structuredClone(c);
  const t4 = performance.now();
  console.log(`static ${(t1 - t0).toFixed(1)} run ${(t2 - t1).toFixed(1)} compact ${(t3 - t2).toFixed(1)} clone ${(t4 - t3).toFixed(1)} json ${JSON.stringify(c).length}`);
}
