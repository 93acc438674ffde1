#!/usr/bin/env bash
# Check the README's "## Set-up" commands on a fresh Debian 12 (bookworm), where PEP 668
# forbids `pip install` outside a virtual environment.
#
# What it does:
#   1. builds a minimal bookworm root file system with debootstrap (kept, and reused on a
#      rerun) and installs python3 and python3-pip in it; the certificate authorities this
#      machine adds in /usr/local/share/ca-certificates (a TLS-inspecting proxy's, say) are
#      trusted there too, so pip reaches PyPI as it does here;
#   2. shows that pip there refuses to install (error: externally-managed-environment) and
#      that `python3 -m venv` fails until python3-venv is installed;
#   3. installs python3-venv, the README's one prerequisite, and removes python3-pip again,
#      so that the commands run with nothing but python3 and python3-venv;
#   4. copies a clean checkout of the repository (`git archive REV`) into the chroot and
#      runs the two commands of the README's "## Set-up" section there, read from the
#      README as written, in a clean environment (no PIP_* variables from this machine:
#      pip uses the public index, as a newcomer's would); the first must exit 1 (the seed
#      article has known problems), the second 0;
#   5. checks that .ci/run runs the README's test command.
#
# Needs root (debootstrap, chroot, mount), debootstrap (apt-get install debootstrap), git,
# and a network that reaches the Debian archive and PyPI. It is not part of the test
# suite: run it by hand after changing the set-up commands.
#
# Usage: sudo tests/fresh_machine/check_setup.sh [ROOTFS] [REV]
#   ROOTFS  where the chroot lives, outside the repository (default /tmp/debroot)
#   REV     the commit to check (default HEAD)
# MIRROR=URL overrides the Debian mirror (default: the first "debian" URI in this
# machine's apt sources, else http://deb.debian.org/debian). Proxy variables
# (http_proxy, https_proxy, no_proxy) and PIP_INDEX_URL are passed into the chroot when set.
set -euo pipefail

REPO=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
ROOT=${1:-/tmp/debroot}
REV=${2:-HEAD}
SUITE=bookworm

if [ "$(id -u)" -ne 0 ]; then echo "needs root" >&2; exit 2; fi
command -v debootstrap >/dev/null || { echo "needs debootstrap (apt-get install debootstrap)" >&2; exit 2; }
case "$ROOT" in "$REPO"|"$REPO"/*) echo "keep ROOTFS outside the repository" >&2; exit 2 ;; esac

if [ -z "${MIRROR:-}" ]; then
    MIRROR=$(grep -hoE '(URIs:|^deb)[[:space:]]+[^[:space:]]+/debian/?([[:space:]]|$)' \
                 /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
                 /etc/apt/sources.list.d/*.list 2>/dev/null \
             | awk '{print $2; exit}' || true)
    MIRROR=${MIRROR:-http://deb.debian.org/debian}
fi

step() { printf '\n=== %s\n' "$*"; }

cleanup() {
    for m in "$ROOT/dev/pts" "$ROOT/proc"; do
        if mountpoint -q "$m"; then umount "$m"; fi
    done
}
trap cleanup EXIT

# A command inside the chroot, with a clean environment.
envvars=(HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
         LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive)
for v in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY PIP_INDEX_URL; do
    if [ -n "${!v:-}" ]; then envvars+=("$v=${!v}"); fi
done
in_root() { chroot "$ROOT" /usr/bin/env -i "${envvars[@]}" /bin/bash -c "$1"; }
# Run a command in the root that may fail: its output in $out, its status in $rc, and the
# first line matching $2 shown.
try_in_root() {
    set +e; out=$(in_root "$1" 2>&1); rc=$?; set -e
    echo "$out" | grep -m1 "$2" || true
}

step "debootstrap $SUITE into $ROOT from $MIRROR"
if [ -x "$ROOT/usr/bin/apt-get" ]; then
    echo "(already there: reused)"
else
    debootstrap --variant=minbase --include=ca-certificates "$SUITE" "$ROOT" "$MIRROR"
fi
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
# debootstrap writes no /etc/hosts; an installed Debian has one, and "localhost" must resolve
# (language-tool-python looks it up).
if [ ! -e "$ROOT/etc/hosts" ]; then
    printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$ROOT/etc/hosts"
fi
mountpoint -q "$ROOT/proc" || mount -t proc proc "$ROOT/proc"
mkdir -p "$ROOT/dev/pts"
mountpoint -q "$ROOT/dev/pts" || mount -t devpts devpts "$ROOT/dev/pts"
shopt -s nullglob
local_cas=(/usr/local/share/ca-certificates/*.crt)
shopt -u nullglob
if [ "${#local_cas[@]}" -gt 0 ]; then
    step "trust this machine's local certificate authorities: ${local_cas[*]}"
    cp "${local_cas[@]}" "$ROOT/usr/local/share/ca-certificates/"
    in_root 'update-ca-certificates >/dev/null && echo "updated"'
fi

step "install python3 and python3-pip (no python3-venv yet)"
in_root 'apt-get update -q >/dev/null
         apt-get purge -y -q python3-venv python3.11-venv >/dev/null 2>&1 || true
         apt-get install -y -q --no-install-recommends python3 python3-pip >/dev/null
         python3 --version; python3 -m pip --version'

step "pip outside a virtual environment must be refused (PEP 668)"
try_in_root 'cd /tmp && python3 -m pip install pyyaml' 'externally-managed-environment'
echo "exit $rc"
if [ "$rc" -eq 0 ] || ! grep -q 'externally-managed-environment' <<<"$out"; then
    echo "FAIL: pip was not refused; this is not a PEP 668 system" >&2; exit 1
fi

step "python3 -m venv without python3-venv"
try_in_root 'cd /tmp && rm -rf probe-venv && python3 -m venv probe-venv' 'ensurepip is not'
echo "exit $rc (non-zero means python3-venv is a prerequisite)"

step "install python3-venv, remove python3-pip"
in_root 'apt-get install -y -q --no-install-recommends python3-venv >/dev/null
         apt-get purge -y -q --autoremove python3-pip >/dev/null
         dpkg-query -W -f="\${Package} \${Version}\n" python3 python3-venv
         python3 -m pip --version 2>&1 || true'

step "clean checkout of $REV into $ROOT/root/factlint"
rm -rf "$ROOT/root/factlint"
mkdir -p "$ROOT/root/factlint"
git -C "$REPO" archive "$REV" | tar -x -C "$ROOT/root/factlint"
git -C "$REPO" rev-parse "$REV"

# The ```sh blocks of the README's "## Set-up" section, one command each.
mapfile -t cmds < <(awk '/^## /{inset=($0=="## Set-up")} inset&&/^```/{blk=!blk; next} inset&&blk' \
                        "$ROOT/root/factlint/README.md")
if [ "${#cmds[@]}" -ne 2 ]; then
    echo "FAIL: expected 2 commands in the README's Set-up section, found ${#cmds[@]}" >&2
    exit 1
fi

fail=0
expect=(1 0)
for i in 0 1; do
    step "README command $((i + 1)) (expect exit ${expect[$i]}): ${cmds[$i]}"
    log="$ROOT/root/setup-command-$((i + 1)).log"
    set +e
    in_root "cd /root/factlint && ${cmds[$i]}" >"$log" 2>&1
    rc=$?
    set -e
    tail -n 12 "$log"
    echo "exit $rc (whole output: $log)"
    if [ "$rc" -ne "${expect[$i]}" ]; then echo "FAIL: expected ${expect[$i]}" >&2; fail=1; fi
    # Exit 1 must be factlint's findings, not a failed install.
    if [ "$i" -eq 0 ] && ! grep -qE '^fixtures/kishida-peace-treaty\.txt:[0-9]+:[0-9]+: [A-Z]{2}[0-9]{3} ' "$log"; then
        echo "FAIL: no findings from factlint in the output" >&2; fail=1
    fi
done

step ".ci/run runs the README's test command"
if grep -qxF -- "${cmds[1]}" "$ROOT/root/factlint/.ci/run"; then
    echo "yes"
else
    echo "FAIL: .ci/run does not contain: ${cmds[1]}" >&2; fail=1
fi

if [ "$fail" -eq 0 ]; then step "OK"; else step "FAILED"; fi
exit "$fail"
