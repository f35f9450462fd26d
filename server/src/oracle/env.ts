/**
 * Where the oracle's pieces live: provisions them with tools/oracle/setup.sh (idempotent, a few ms
 * when everything is there) and reads the resulting .oracle-cache/oracle.env.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { OracleEnv } from './qemu';

export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, 'tools', 'oracle', 'setup.sh')) && existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

export function defaultCacheDir(): string {
  return join(repoRoot(), '.oracle-cache');
}

/** Provision (if needed) and describe the oracle. Throws with setup.sh's message when it cannot. */
export function oracleEnv(cacheDir?: string): OracleEnv {
  const cache = resolve(cacheDir ?? defaultCacheDir());
  const setup = join(repoRoot(), 'tools', 'oracle', 'setup.sh');
  const r = spawnSync('bash', [setup], { env: { ...process.env, ORACLE_CACHE: cache }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`oracle setup failed (exit ${r.status}):\n${(r.stderr || r.stdout || '').trim()}`);
  const vars: Record<string, string> = {};
  for (const line of readFileSync(join(cache, 'oracle.env'), 'utf8').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) vars[line.slice(0, i)] = line.slice(i + 1);
  }
  return {
    qemu: vars.ORACLE_QEMU,
    vmlinuz: vars.ORACLE_VMLINUZ,
    baseInitrd: vars.ORACLE_BASE_INITRD,
    kernelVersion: vars.ORACLE_KERNEL_VERSION,
    debVersion: vars.ORACLE_KERNEL_DEB_VERSION,
  };
}
