#!/usr/bin/env bash
# iproute2's `ip`, for the cluster test whose nodes run in network namespaces of their own (`healthledger cluster
# --netns`, docs/network.md "Nodes on hosts of their own").
#
# Sourced by .ci/run; it can also be sourced by hand. Idempotent: installs Debian's iproute2 only when `ip` is absent
# (needs root and apt). Being sourced, it never calls `exit` and leaves the caller's shell options alone; it returns
# non-zero with a message when it cannot provide `ip`.

hl_iproute2_setup() {
  if command -v ip >/dev/null 2>&1 || [ -x /usr/sbin/ip ] || [ -x /sbin/ip ]; then return 0; fi
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "setup-iproute2: ip is absent and cannot be installed here (needs root and apt-get); the network-namespace cluster test will say so." >&2
    return 1
  fi
  echo "setup-iproute2: installing Debian's iproute2" >&2
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iproute2; } >&2; then
    echo "setup-iproute2: 'apt-get install iproute2' failed" >&2
    return 1
  fi
}

hl_iproute2_setup
