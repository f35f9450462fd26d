/** sysctl keys the emulator models (language.md, the machine sysctl); `*` = a prefix */
export const KNOWN_SYSCTLS = [
  'kernel.numa_balancing',
  'vm.demotion_enabled',
  'vm.panic_on_oom',
  'vm.oom_kill_allocating_task',
  'vm.min_free_kbytes',
  'vm.watermark_scale_factor',
  'vm.watermark_boost_factor',
  'vm.swappiness',
  'vm.zone_reclaim_mode',
  'vm.transparent_hugepage',
  'mempolicy.weighted_interleave.node*',
  'cram.*',
];
