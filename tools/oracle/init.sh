#!/bin/busybox sh
# /init of the oracle initramfs: mount what the interpreter needs, make runs deterministic
# (kernel-oracle.md pitfalls 3-4: THP and NUMA balancing off), run the script, power off.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t cgroup2 none /sys/fs/cgroup
echo +cpuset > /sys/fs/cgroup/cgroup.subtree_control
mkdir -p /mnt/ramfs && mount -t ramfs none /mnt/ramfs
echo never > /sys/kernel/mm/transparent_hugepage/enabled
echo never > /sys/kernel/mm/transparent_hugepage/defrag
echo 0 > /proc/sys/kernel/numa_balancing
echo 0 > /proc/sys/vm/panic_on_oom
# the pressure family's swap disk (a virtio disk QEMU gets only for scenarios that declare swap)
for m in /lib/*.ko; do [ -e "$m" ] && insmod "$m"; done
if [ -b /dev/vda ]; then mkswap /dev/vda >/dev/null && swapon /dev/vda; fi
[ -x /pre.sh ] && /pre.sh
/oracle /scenarios.txt > /dev/ttyS1 2>&1
poweroff -f
