#!/usr/bin/env bash
# Build the oracle's base initramfs: static busybox + /init + the static /oracle interpreter.
# The per-batch script travels in a second, uncompressed cpio placed BEFORE this one
# (server/src/oracle/initramfs.ts; kernel-oracle.md pitfall 2).
# usage: build-initrd.sh ORACLE_BINARY OUT.cpio.gz [MODULE.ko...]   (modules go to /lib, /init loads them)
set -euo pipefail
bin=$1; out=$2; shift 2
here=$(cd "$(dirname "$0")" && pwd)
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree"/{bin,sbin,proc,sys,dev,tmp,mnt,etc}
cp /bin/busybox "$tree/bin/busybox"
cp "$here/init.sh" "$tree/init"
cp "$bin" "$tree/oracle"
mkdir -p "$tree/lib"
for m in "$@"; do cp "$m" "$tree/lib/"; done
chmod 755 "$tree/init" "$tree/oracle" "$tree/bin/busybox"
( cd "$tree" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --owner 0:0 --quiet ) | gzip -9 > "$out.tmp"
mv "$out.tmp" "$out"
