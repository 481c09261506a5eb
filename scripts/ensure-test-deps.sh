#!/usr/bin/env bash
# Installs what the test suite needs when it is missing: etcd (Debian's etcd-server).
# Tests start their own etcd on loopback ports; the distribution's service is stopped.
set -euo pipefail

need_etcd=0
if [ -n "${ETCD_BIN:-}" ] && [ -x "${ETCD_BIN}" ]; then
  :
elif command -v etcd >/dev/null 2>&1 || [ -x /usr/bin/etcd ]; then
  :
else
  need_etcd=1
fi

if [ "$need_etcd" = 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-test-deps: etcd is missing and apt-get is not available; install etcd 3.4+ and put it on PATH (or set ETCD_BIN)" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "ensure-test-deps: etcd is missing and this user cannot install packages (not root, no sudo); run: apt-get install etcd-server" >&2
    exit 1
  fi
fi

echo "ensure-test-deps: installing etcd-server (Debian) for the tests"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq </dev/null
$SUDO apt-get install -y -qq --no-install-recommends etcd-server etcd-client </dev/null >/dev/null
# The package may start a system etcd on the default ports; the tests start their own.
if [ -x /etc/init.d/etcd ]; then $SUDO /etc/init.d/etcd stop >/dev/null 2>&1 || true; fi
if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl stop etcd >/dev/null 2>&1 || true; fi
command -v etcd >/dev/null 2>&1 || [ -x /usr/bin/etcd ] || { echo "ensure-test-deps: etcd still missing after install" >&2; exit 1; }
echo "ensure-test-deps: $(/usr/bin/etcd --version | head -1)"
