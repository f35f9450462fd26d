import { table } from './entry';

/**
 * errno values (include/uapi/asm-generic/errno-base.h, errno.h) with what they
 * mean in the mm calls a scenario makes. `expect error NAME` checks against these.
 */
export const ERRNO_TABLE = table([
  { name: 'EPERM', value: 1, source: 'upstream', doc: 'Operation not permitted: mbind MPOL_MF_MOVE_ALL or move_pages of another task\'s pages without CAP_SYS_NICE.' },
  { name: 'ENOENT', value: 2, source: 'upstream', doc: 'No such entry: move_pages status for a page that is not present or not movable (v4: a source folio on a private node without NP_OPS_MIGRATION); set_mempolicy_home_node with no VMA policy in range.' },
  { name: 'ESRCH', value: 3, source: 'upstream', doc: 'No such process: migrate_pages/move_pages naming a task that does not exist.' },
  { name: 'EIO', value: 5, source: 'upstream', doc: 'I/O error: mbind MPOL_MF_STRICT found pages that do not follow the policy (or, with MOVE, could not be moved).' },
  { name: 'E2BIG', value: 7, source: 'upstream', doc: 'Argument list too long: a nodemask larger than the kernel accepts.' },
  { name: 'EAGAIN', value: 11, source: 'upstream', doc: 'Try again: a transient failure (a page under writeback or locked, a busy migration); also mlock over RLIMIT_MEMLOCK.' },
  { name: 'ENOMEM', value: 12, source: 'upstream', doc: 'Out of memory: an allocation returned NULL (alloc_pages_node, kmalloc, hotplug metadata), move_pages could not allocate on the target, a longterm pin could not migrate the page away.' },
  { name: 'EACCES', value: 13, source: 'upstream', doc: 'Permission denied: move_pages to a node outside the task\'s cpuset (mems_allowed).' },
  { name: 'EFAULT', value: 14, source: 'upstream', doc: 'Bad address: mbind over a range with holes (unmapped addresses), an unreadable user nodemask.' },
  { name: 'EBUSY', value: 16, source: 'upstream', doc: 'Device or resource busy: node_private_register on a node already N_MEMORY or owned by another driver, node_private_unregister while the node is still N_MEMORY_PRIVATE, offline with pages that cannot move, move_pages status for a pinned page, soft-offline of a non-migratable private folio.' },
  { name: 'EEXIST', value: 17, source: 'upstream', doc: 'Exists: hot-adding a memory range that is already present.' },
  { name: 'EXDEV', value: 18, source: 'upstream', doc: 'Cross-device link: move_pages status when a page could not be moved to the target node (migration failed after isolation).' },
  { name: 'ENODEV', value: 19, source: 'upstream', doc: 'No such device: move_pages to a node that is not online with memory (absent, offline, or v4 private without a migrate_to callback: node_private_migrate_to returns -ENODEV); node_private_set_ops on a node no driver registered.' },
  { name: 'EINVAL', value: 22, source: 'upstream', doc: 'Invalid argument: a bad mode or flags, a mask empty after cpuset clipping, a node id out of range; v4: a mask naming a private node without NP_OPS_MEMPOLICY; node_private_set_ops refusing an inconsistent flag set.' },
  { name: 'ENOSPC', value: 28, source: 'upstream', doc: 'No space left: mbind/mprotect would need more VMAs than vm.max_map_count allows; swap is full.' },
  { name: 'ERANGE', value: 34, source: 'upstream', doc: 'Out of range: a value outside what the interface accepts.' },
  { name: 'ENOSYS', value: 38, source: 'upstream', doc: 'Not implemented: NUMA system calls on a kernel built without CONFIG_NUMA.' },
  { name: 'EOPNOTSUPP', value: 95, source: 'upstream', doc: 'Operation not supported: set_mempolicy_home_node on a VMA policy that is not BIND or PREFERRED_MANY; mbind/mempolicy on ZONE_DEVICE memory.' },
  { name: 'EHWPOISON', value: 133, source: 'upstream', doc: 'Memory page has hardware error: an access to a poisoned page (after memory_failure).' },
]);

export const ERRNO_NAMES: readonly string[] = [...ERRNO_TABLE.keys()];
