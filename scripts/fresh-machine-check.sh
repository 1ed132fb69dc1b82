#!/usr/bin/env bash
# The issue-13 check: on a fresh Debian bookworm (a debootstrap chroot: minbase + python3, python3-venv,
# make, git), a clean clone must pass `make demo` and `make test` with no test failing or erroring.
#
#   sudo scripts/fresh-machine-check.sh [REPO] [REF]      (default: this checkout, its HEAD)
#
# Needs root (debootstrap, chroot, mounts). The chroot shares this machine's network namespace, so the
# suite reaches this machine's PostgreSQL, Redis and RabbitMQ on 127.0.0.1 (CI is set: a missing service
# fails). The mirror is the first deb.debian.org-style URI in this machine's apt sources. The chroot is
# left in $CHROOT (default /var/tmp/sohoa-fresh) for inspection; delete it with `rm -rf` after umounting.
set -euo pipefail

REPO=${1:-$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)}
REF=${2:-$(git -C "$REPO" rev-parse HEAD)}
CHROOT=${CHROOT:-/var/tmp/sohoa-fresh}
SUITE=bookworm

if [ "$(id -u)" -ne 0 ]; then
  echo "fresh-machine-check: run as root (debootstrap and chroot need it)" >&2
  exit 1
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi

mirror=$( (cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true) \
         | grep -v '^[[:space:]]*#' | grep -oE 'https?://[^ ]+' | grep -v security | head -1 || true)
mirror=${mirror:-http://deb.debian.org/debian}
echo "fresh-machine-check: $SUITE from $mirror into $CHROOT; repo $REPO at $REF"

cleanup() {
  for m in dev/pts dev proc sys; do
    mountpoint -q "$CHROOT/$m" && umount -l "$CHROOT/$m" || true
  done
}
trap cleanup EXIT

if [ ! -x "$CHROOT/usr/bin/python3" ]; then
  rm -rf "$CHROOT"
  debootstrap --variant=minbase --include=python3,python3-venv,make,git,ca-certificates "$SUITE" "$CHROOT" "$mirror"
fi
mkdir -p "$CHROOT/proc" "$CHROOT/dev" "$CHROOT/sys"
mount -t proc proc "$CHROOT/proc"
mount --rbind /dev "$CHROOT/dev"
mount -t sysfs sysfs "$CHROOT/sys"
cp /etc/resolv.conf "$CHROOT/etc/resolv.conf"
# The pip configuration of this machine (its index or mirror), if any, so the chroot installs the same way.
[ -f /etc/pip.conf ] && cp /etc/pip.conf "$CHROOT/etc/pip.conf"
[ -f /etc/ssl/certs/ca-certificates.crt ] && cp /etc/ssl/certs/ca-certificates.crt "$CHROOT/etc/ssl/certs/"

rm -rf "$CHROOT/root/sohoa"
git clone -q "$REPO" "$CHROOT/root/sohoa"
git -C "$CHROOT/root/sohoa" checkout -q "$REF"

status=0
chroot "$CHROOT" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  LANG=C.UTF-8 CI=true OMP_THREAD_LIMIT=1 PIP_INDEX_URL="${PIP_INDEX_URL:-}" \
  /bin/bash -c 'cd /root/sohoa && make demo && make test' || status=$?
if [ "$status" -eq 0 ]; then
  echo "fresh-machine-check: PASSED (make demo and make test on a fresh $SUITE)"
else
  echo "fresh-machine-check: FAILED (exit $status)"
fi
exit "$status"
