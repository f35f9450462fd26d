// `npm start`: the main job on the bundled sample scenarios: build, then run every
// sample workspace under its own design and under every design it names, and print
// the design comparison of the headline scenario.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

if (run(['scripts/build.mjs']) !== 0) process.exit(1);
const status = run(['dist/cli.js', 'test', 'sample-workspaces', '--all-designs']);
const headline = 'sample-workspaces/isolation-debate/shrinker-info.mmlab';
if (existsSync(`${root}/${headline}`)) {
  console.log(`\n== mmlab compare ${headline}`);
  run(['dist/cli.js', 'compare', headline]);
}
process.exit(status);
