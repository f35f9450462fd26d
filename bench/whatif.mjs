// The what-if bench of `npm run bench` (issue 16), kept apart from scripts/bench.mjs's own
// sections: bundles bench/whatif.ts and runs it in a fresh process against dist/cli.js (the
// worker-thread script). Returns the figures; the orchestrator prints the row.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

export async function benchWhatIf({ root, sample = 'sample-workspaces/isolation-debate/shrinker-info.mmlab', variants = 1000, threads = 2 } = {}) {
  if (!existsSync(join(root, 'dist/cli.js'))) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`build failed: ${b.stderr.slice(-500)}`);
  }
  const out = join(root, 'out/bench/whatif.js');
  mkdirSync(join(root, 'out/bench'), { recursive: true });
  await esbuild.build({ entryPoints: [join(root, 'bench/whatif.ts')], outfile: out, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  const r = spawnSync(process.execPath, [out, sample, String(variants), String(threads)], { cwd: root, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`whatif bench: exit ${r.status} ${r.stderr.slice(-800)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('..', import.meta.url).pathname;
  console.log(JSON.stringify(await benchWhatIf({ root, threads: Number(process.argv[2]) || 2 })));
}
