/**
 * What the statement functions of ops.ts and kernelOps.ts share: the call environment and the
 * turning of mm/ results into an Outcome plus the diagnostics that name the rule.
 */
import { Span } from '../common/span';
import { Mapping, Mm, Task } from '../mm/machine';
import { ExecContext, mappingNamed } from './context';
import { Outcome } from '../mm/result';

export const OK: Outcome = { kind: 'ok' };
export const err = (errno: string): Outcome => ({ kind: 'error', errno });

export interface CallEnv {
  mm: Mm;
  ctx: ExecContext;
  assign?: string;
  /**
   * the statement's span: its start names anonymous mappings and handles (`mmap@OFFSET`). The
   * span, not its start: most statements never read it, and reading it for each was a cache miss
   * (a run touches each statement's span object nowhere else).
   */
  span: Span;
}

/**
 * OOM kills during the statement decide the outcome: the statement "led to an OOM kill". The
 * victim reported is the first one killed: out_of_memory() picks the eligible task with the
 * highest oom_badness() (often not the faulting task), and only if the fault still cannot be
 * served does a later round kill another (oracle f08 / l06 / l07: kernel log "task=big" first).
 */
export function oomOutcome(mm: Mm, fallback: Outcome): Outcome {
  const ev = mm.oomEvents[0];
  if (!ev) return fallback;
  return { kind: 'oom', victim: ev.victim, constraint: ev.constraint };
}

export function reportOoms(mm: Mm): void {
  for (const ev of mm.oomEvents) {
    const code = ev.privateOom ? 'gfp-private-oom' : 'oom';
    mm.emit(
      code,
      `OOM kill: victim ${ev.victim}, ${ev.constraint}${ev.privateOom ? ' (the allocation was bound to private nodes and could not fall back)' : ''}${ev.message ? ` — ${ev.message}` : ''}`,
    );
  }
}

export function syscallError(mm: Mm, call: string, errno: string, rule: string | undefined): Outcome {
  mm.emit('syscall-error', `${call} = -${errno}: ${rule ?? 'refused'}`);
  return err(errno);
}

export function needTask(env: CallEnv): Task | undefined {
  return env.ctx.task;
}

export function mappingOf(env: CallEnv, name: string): Mapping | undefined {
  return mappingNamed(env.mm, env.ctx, name);
}
