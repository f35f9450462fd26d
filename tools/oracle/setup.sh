#!/usr/bin/env bash
# Provision the kernel oracle (issue 5): QEMU, busybox, a static C toolchain and the pinned
# Debian 6.12 kernel, unpacked (not installed) into the git-ignored .oracle-cache/ at the repo root.
# Idempotent: a second run only checks what is there. Runs as root (apt); everything after
# provisioning (building the initramfs, booting) needs no root.
#
# Why a pinned kernel: the oracle's golden files are versioned by kernel version
# (oracle/expected/<version>/), and some answers differ between versions (kernel-oracle.md §4:
# unpopulated move_pages query is -ENOENT on 6.12, -EFAULT on 6.1).
set -euo pipefail

KERNEL_META=linux-image-6.12-amd64
# The exact version the goldens in oracle/expected/6.12.117/ were recorded with.
PINNED_ABI=6.12.117+deb12-amd64
PINNED_PKG=linux-image-$PINNED_ABI
PINNED_UPSTREAM=6.12.117

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${ORACLE_CACHE:-$ROOT/.oracle-cache}
mkdir -p "$CACHE"

die() { echo "oracle setup: $*" >&2; exit 1; }
APT=(apt-get -o DPkg::Lock::Timeout=600)

need_pkgs=()
command -v qemu-system-x86_64 >/dev/null || need_pkgs+=(qemu-system-x86)
dpkg -s busybox-static >/dev/null 2>&1 || need_pkgs+=(busybox-static)  # the static one: the initramfs has no libc
command -v cpio >/dev/null || need_pkgs+=(cpio)
command -v gcc >/dev/null || need_pkgs+=(gcc)
command -v unxz >/dev/null || need_pkgs+=(xz-utils)
[ -e /usr/lib/x86_64-linux-gnu/libc.a ] || need_pkgs+=(libc6-dev)

updated=0
apt_update() { [ $updated = 1 ] && return; "${APT[@]}" update -qq || die "apt-get update failed"; updated=1; }

if [ ${#need_pkgs[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "need root to install: ${need_pkgs[*]}"
  # A fresh machine may have stale or no package lists: update first when a package is unknown.
  for p in "${need_pkgs[@]}"; do apt-cache show "$p" >/dev/null 2>&1 || apt_update; done
  DEBIAN_FRONTEND=noninteractive "${APT[@]}" install -y -qq --no-install-recommends "${need_pkgs[@]}" \
    || die "could not install: ${need_pkgs[*]}"
fi

# The kernel: fetched and unpacked, never installed into /boot (no initramfs-tools/grub triggers).
KDIR=$CACHE/kernel/$PINNED_UPSTREAM
VMLINUZ=$KDIR/boot/vmlinuz-$PINNED_ABI
if [ ! -s "$VMLINUZ" ]; then
  apt-cache show "$PINNED_PKG" >/dev/null 2>&1 || apt_update
  if ! apt-cache show "$PINNED_PKG" >/dev/null 2>&1; then
    resolved=$(apt-cache depends "$KERNEL_META" 2>/dev/null | awk '/Depends: linux-image-/{print $2; exit}')
    die "pinned kernel $PINNED_PKG is not available from apt (the meta package $KERNEL_META now resolves to '${resolved:-nothing}'); re-record the goldens for that version or restore the pinned one"
  fi
  mkdir -p "$CACHE/debs"
  ( cd "$CACHE/debs" && "${APT[@]}" download "$PINNED_PKG" 2>&1 | grep -v "_apt" || true )
  deb=$(ls "$CACHE"/debs/"${PINNED_PKG}"_*.deb 2>/dev/null | head -1)
  [ -n "$deb" ] || die "download of $PINNED_PKG failed"
  rm -rf "$KDIR.tmp" && mkdir -p "$KDIR.tmp"
  dpkg-deb -x "$deb" "$KDIR.tmp" || die "could not unpack $deb"
  # keep boot/ (vmlinuz, config, System.map) and the one module the oracle loads: virtio_blk, the
  # swap disk of the pressure family (Debian builds it as a module; busybox insmod needs it unpacked)
  rm -rf "$KDIR" && mkdir -p "$KDIR" && mv "$KDIR.tmp/boot" "$KDIR/boot"
  mkdir -p "$KDIR/modules" && unxz -c "$KDIR.tmp/lib/modules/$PINNED_ABI/kernel/drivers/block/virtio_blk.ko.xz" > "$KDIR/modules/virtio_blk.ko" \
    || die "no virtio_blk module in $deb"
  rm -rf "$KDIR.tmp"
  dpkg-deb -f "$deb" Version > "$KDIR/deb-version"
  rm -f "$deb"
fi
[ -s "$VMLINUZ" ] || die "no kernel image at $VMLINUZ"
# A cache unpacked before the pressure family kept no module: fetch the package again for it.
if [ ! -s "$KDIR/modules/virtio_blk.ko" ]; then
  apt-cache show "$PINNED_PKG" >/dev/null 2>&1 || apt_update
  mkdir -p "$CACHE/debs" "$KDIR/modules"
  ( cd "$CACHE/debs" && "${APT[@]}" download "$PINNED_PKG" 2>&1 | grep -v "_apt" || true )
  deb=$(ls "$CACHE"/debs/"${PINNED_PKG}"_*.deb 2>/dev/null | head -1)
  [ -n "$deb" ] || die "download of $PINNED_PKG failed"
  dpkg-deb --fsys-tarfile "$deb" | tar -xO "./lib/modules/$PINNED_ABI/kernel/drivers/block/virtio_blk.ko.xz" | unxz -c > "$KDIR/modules/virtio_blk.ko" \
    || die "no virtio_blk module in $deb"
  rm -f "$deb"
fi

# The static scenario interpreter and the base initramfs (busybox + /oracle + /init).
BUILD=$CACHE/build
mkdir -p "$BUILD"
SRC=$ROOT/tools/oracle/oracle.c
if [ ! -x "$BUILD/oracle" ] || [ "$SRC" -nt "$BUILD/oracle" ]; then
  gcc -O2 -static -Wall -Wextra -Wno-unused-parameter -o "$BUILD/oracle.tmp" "$SRC" || die "oracle.c does not build"
  mv "$BUILD/oracle.tmp" "$BUILD/oracle"
fi
BASE=$BUILD/base.cpio.gz
if [ ! -s "$BASE" ] || [ "$BUILD/oracle" -nt "$BASE" ] || [ "$ROOT/tools/oracle/build-initrd.sh" -nt "$BASE" ] \
   || [ "$ROOT/tools/oracle/init.sh" -nt "$BASE" ] || [ "$KDIR/modules/virtio_blk.ko" -nt "$BASE" ]; then
  "$ROOT/tools/oracle/build-initrd.sh" "$BUILD/oracle" "$BASE" "$KDIR/modules/virtio_blk.ko" || die "initramfs build failed"
fi

cat > "$CACHE/oracle.env" <<EOF
ORACLE_KERNEL_VERSION=$PINNED_UPSTREAM
ORACLE_KERNEL_DEB_VERSION=$(cat "$KDIR/deb-version")
ORACLE_KERNEL_ABI=$PINNED_ABI
ORACLE_VMLINUZ=$VMLINUZ
ORACLE_BASE_INITRD=$BASE
ORACLE_QEMU=$(command -v qemu-system-x86_64)
EOF
echo "oracle setup: ok ($PINNED_PKG $(cat "$KDIR/deb-version"), $(qemu-system-x86_64 --version | head -1))"
