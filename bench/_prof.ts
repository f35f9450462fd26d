import { generateLargeScenario } from './_gen';
import { analyzeStatic, runStatic } from '/work/main/server/src/analysis/analyze';


const text = generateLargeScenario(5000);
for (let i = 0; i < 8; i++) {
  const t0 = performance.now();
  const stat = analyzeStatic(text);
  const t1 = performance.now();
  const r = runStatic(stat, { design: 'private_v4', maxSteps: 1e6, maxMs: 5000, trace: true });
  const t2 = performance.now();
  console.log(`static ${(t1 - t0).toFixed(1)} ms, run ${(t2 - t1).toFixed(1)} ms, records ${r.run.steps?.length ?? (r.run as any).records?.length}`);
}
