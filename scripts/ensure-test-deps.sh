#!/usr/bin/env bash
# Installs what the test suite needs when it is missing: etcd (Debian's etcd-server), and for the
# dataplane check (network namespaces, nftables SNAT) iproute2 and nftables.
# Tests start their own etcd on loopback ports; the distribution's service is stopped.
set -euo pipefail

packages=()
if [ -n "${ETCD_BIN:-}" ] && [ -x "${ETCD_BIN}" ]; then
  :
elif command -v etcd >/dev/null 2>&1 || [ -x /usr/bin/etcd ]; then
  :
else
  packages+=(etcd-server etcd-client)
fi
# The dataplane check skips (with a message) without them; it runs only as root, so only root installs them.
if [ "$(id -u)" = 0 ]; then
  command -v ip >/dev/null 2>&1 || packages+=(iproute2)
  command -v nft >/dev/null 2>&1 || [ -x /usr/sbin/nft ] || packages+=(nftables)
fi

if [ "${#packages[@]}" = 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-test-deps: missing ${packages[*]} and apt-get is not available; install etcd 3.4+ (or set ETCD_BIN), iproute2 and nftables" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "ensure-test-deps: missing ${packages[*]} and this user cannot install packages (not root, no sudo); run: apt-get install ${packages[*]}" >&2
    exit 1
  fi
fi

echo "ensure-test-deps: installing ${packages[*]} (Debian) for the tests"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq </dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" </dev/null >/dev/null
# The etcd package may start a system etcd on the default ports; the tests start their own.
if [ -x /etc/init.d/etcd ]; then $SUDO /etc/init.d/etcd stop >/dev/null 2>&1 || true; fi
if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl stop etcd >/dev/null 2>&1 || true; fi
command -v etcd >/dev/null 2>&1 || [ -x /usr/bin/etcd ] || { echo "ensure-test-deps: etcd still missing after install" >&2; exit 1; }
echo "ensure-test-deps: $(/usr/bin/etcd --version | head -1)"
if [ "$(id -u)" = 0 ]; then
  command -v nft >/dev/null 2>&1 && echo "ensure-test-deps: $(nft --version)"
fi
