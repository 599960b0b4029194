#!/usr/bin/env bash
# Installs every Debian package sipmob needs (idempotent: installs only what is missing).
# SPDX-License-Identifier: GPL-2.0-only
set -euo pipefail
PACKAGES=(
  build-essential cmake git pkg-config
  libns3-dev ns3 libgsl-dev libjemalloc-dev libgoogle-perftools-dev
  libboost-dev libsqlite3-dev sqlite3 libfmt-dev libyaml-cpp-dev libcli11-dev libssl-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  pybind11-dev python3-dev python3-matplotlib python3-pandas python3-pytest python3-yaml
  tshark sip-tester sipsak baresip-core kamailio iproute2
  libosip2-dev libsofia-sip-ua-dev
  slurm-wlm slurm-client munge
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: missing packages (${missing[*]}); run as root or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
