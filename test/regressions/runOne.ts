/**
 * Runs one regression fixture in its own process (so a hang can be killed):
 * analyzeFull under a design with a small time budget; prints one JSON line.
 *
 *   node --require tsx/cjs test/regressions/runOne.ts FILE DESIGN MAX_MS
 */
import * as fs from 'fs';
import { analyzeFull } from '../../server/src/analysis/analyze';
import { DesignName } from '../../server/src/model/ir';

const [file, design, maxMs] = process.argv.slice(2);
const f = analyzeFull(fs.readFileSync(file, 'utf8'), { design: design as DesignName, maxMs: Number(maxMs), maxSteps: 1_000_000 });
process.stdout.write(
  JSON.stringify({
    cut: f.run.cut?.reason ?? null,
    executed: f.run.executed,
    internalErrors: f.allDiagnostics.filter((d) => d.code === 'internal-error').map((d) => d.message),
    codes: [...new Set(f.allDiagnostics.map((d) => d.code))].sort(),
  }) + '\n',
);
