/**
 * Writes test/designs/builtins.golden.jsonl. Run only with the explicit flag:
 *   UPDATE_GOLDENS=1 npx tsx test/designs/capture.ts
 * (the captured file was written from the last commit whose designs were TypeScript objects).
 */
import { writeFileSync } from 'fs';
import * as path from 'path';
import { captureConformanceFile, captureRepoFile, conformanceScenarios, repoScenarios } from './builtinOutputs';

if (process.env.UPDATE_GOLDENS !== '1') {
  console.error('refusing to rewrite goldens without UPDATE_GOLDENS=1');
  process.exit(2);
}
const lines = [...repoScenarios().map(captureRepoFile), ...conformanceScenarios().map(captureConformanceFile)];
writeFileSync(path.join(__dirname, 'builtins.golden.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
console.log(`${lines.length} files captured`);
