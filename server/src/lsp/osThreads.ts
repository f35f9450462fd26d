/**
 * The kernel's view of this process's threads (Linux /proc), read by the edit-timing marks
 * (lsp/editTiming.ts: the other threads' CPU during a run) and by the helper threads' priority
 * (lsp/threadPriority.ts). Both answer undefined where /proc has no such files.
 */
import * as fs from 'fs';

/** the calling thread's kernel thread id (not worker_threads' threadId) */
export function osThreadId(): number | undefined {
  try {
    return Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return undefined;
  }
}

/** the kernel thread ids of every thread of this process but the calling one */
export function otherOsThreadIds(): number[] | undefined {
  const self = osThreadId();
  if (self === undefined) return undefined;
  try {
    return fs.readdirSync('/proc/self/task').map(Number).filter((tid) => tid !== self);
  } catch {
    return undefined;
  }
}
