#!/usr/bin/env bash
# shellcheck disable=SC2016  # dpkg-query formats such as '${Status}' are dpkg's, not the shell's
# The Linux packages, built and proved on a clean system (label `package`):
#   1. cpack builds the .deb and the .rpm from BUILD_DIR (what `make package` does);
#   2. both hold every file a user needs (helper root-owned 0755 in /usr/libexec/fshosts, the polkit
#      action naming it, .desktop, metainfo, icons, catalogs, man pages, changelog) and declare
#      their dependencies; lintian and rpmlint report no error and no warning that is not
#      overridden with a reason (installer/linux/fshosts.lintian-overrides, installer/linux/rpmlint.toml);
#   3. the .deb is installed with `apt-get install ./fshosts_*.deb` into a clean Debian 12 root,
#      where the programs run, the desktop files validate, pkaction knows the action with polkitd
#      running, and a preview goes through the installed helper (installed_preview.sh, in the e2e
#      mount-namespace harness); then remove reverts an active preview and keeps the backups,
#      a failing revert refuses the removal, and purge deletes /var/lib/fshosts and leaves nothing.
#
# Why debootstrap and not this machine in a mount namespace: this machine has every build and test
# dependency installed, so a missing Depends would go unnoticed. A debootstrap --variant=minbase
# root has only Essential packages (plus the test's own tools, none of them a dependency of
# fshosts), so `apt-get install ./fshosts_*.deb` must pull in everything the package declares and
# nothing else. The root is cached as a tar outside the tree, in $FSHOSTS_TEST_CACHE (default
# /var/cache/fshosts-test), keyed by the suite, mirror and package list; a cold run makes it
# (~2 min) from the Debian mirror that apt already uses. Downloaded .debs are cached there too.
# Everything runs in a private mount namespace (proc, dev, the caches are mounted only there);
# the root is a temp dir under /var/tmp that is deleted at the end.
#
# Usage: package_test.sh BUILD_DIR SOURCE_DIR     (needs root; exit 77 = skipped)
set -euo pipefail

# --pivot-run ROOT COMMAND...: (in a mount namespace of its own) makes ROOT the root of the
# namespace with pivot_root and runs COMMAND there. A chroot is not enough for the e2e harness:
# the kernel refuses a new mount namespace (unshare -m) to a chrooted process.
if [[ ${1:-} == --pivot-run ]]; then
    root=$2
    shift 2
    mount --rbind "$root" "$root"
    cd "$root"
    pivot_root . mnt/fshosts-oldroot
    cd /
    umount -l /mnt/fshosts-oldroot
    exec /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"
fi

build=$(readlink -f "${1:?usage: $0 BUILD_DIR SOURCE_DIR}")
src=$(readlink -f "${2:?usage: $0 BUILD_DIR SOURCE_DIR}")
# shellcheck source-path=SCRIPTDIR source=../e2e/lib.sh
source "$src/tests/e2e/lib.sh"  # e2e_fail, e2e_skip, e2e_ok

suite=bookworm
cache=${FSHOSTS_TEST_CACHE:-/var/cache/fshosts-test}
# Tools the test runs inside the root; none of them is a dependency of fshosts.
root_tools=(iproute2 desktop-file-utils appstream)
helper=usr/libexec/fshosts/fshosts-helper
policy=usr/share/polkit-1/actions/jp.fshosts.modify-hosts.policy
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[[ -n $version ]] || e2e_fail "no CMAKE_PROJECT_VERSION in $build/CMakeCache.txt"

# ==== in the private mount namespace: the clean root ==============================================


in_root() {  # in_root COMMAND...: runs COMMAND in the clean root with a clean environment
    chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive "$@"
}

clean_root_test() {
    local deb_name=${deb##*/}
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount -t sysfs sysfs "$root/sys"
    mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives"
    mkdir "$root/mnt/fshosts-src" "$root/mnt/fshosts-packages" "$root/mnt/fshosts-oldroot"
    mount --bind -o ro "$src/tests" "$root/mnt/fshosts-src"
    mount --bind -o ro "${deb%/*}" "$root/mnt/fshosts-packages"
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    # debootstrap writes no /etc/hosts; the Debian installer writes this one.
    printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\nff02::1\t\tip6-allnodes\nff02::2\t\tip6-allrouters\n' \
        >"$root/etc/hosts"

    # Everything in the root before the install, to show what the purge leaves.
    in_root find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /mnt -o -path /tmp \
        -o -path /var/cache/apt -o -path /var/lib/apt/lists \) -prune -o -print | sort >"$tmp/before.txt"

    in_root apt-get update -q >"$tmp/apt-update.log" 2>&1 || { cat "$tmp/apt-update.log"; e2e_fail "apt-get update in the clean root"; }
    local t0=$SECONDS
    # shellcheck disable=SC2016  # $1 is expanded by that sh, as an argument, not text
    # --force-unsafe-io: no fsync per unpacked file (the root is thrown away); ~100 dependencies.
    in_root sh -c 'cd /mnt/fshosts-packages && exec apt-get -o Dpkg::Options::=--force-unsafe-io install -y -q --no-install-recommends "./$1"' sh "$deb_name" \
        >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; e2e_fail "apt-get install ./$deb_name into the clean $suite root"; }
    e2e_ok "apt-get install ./$deb_name into a clean $suite root pulled $(grep -c '^Setting up' "$tmp/install.log") packages ($((SECONDS - t0)) s)"
    in_root dpkg-query -W -f='${Status}\n' fshosts | grep -qx 'install ok installed' || e2e_fail "dpkg does not list fshosts as installed"

    local out
    out=$(in_root fshosts --version || true)
    [[ $out == "fshosts $version" ]] || e2e_fail "installed 'fshosts --version' printed '$out', expected 'fshosts $version'"
    e2e_ok "fshosts --version: $out"
    out=$(in_root fshosts-gui --version || true)
    [[ $out == "fshosts-gui $version" ]] ||
        e2e_fail "installed 'fshosts-gui --version' printed '$out', expected 'fshosts-gui $version'"
    e2e_ok "fshosts-gui --version: $out (every library it links is installed)"
    # The probes load libcurl at run time (the Depends names it): a probe of a closed port on this
    # PC's loopback gets as far as "refused", not "unavailable".
    out=$(in_root fshosts probe --json --connect-timeout 2 --ip 127.0.0.1 --http-port 1 --https-port 1 www.example.jp || true)
    [[ $(grep -c '"kind": "refused"' <<<"$out") -eq 2 ]] || e2e_fail "installed 'fshosts probe' could not use libcurl: $out"
    e2e_ok "fshosts probe in the clean root loads libcurl (the package's dependency)"
    out=$(stat -c '%U:%G %a' "$root/$helper")
    [[ $out == "root:root 755" ]] || e2e_fail "installed /$helper is $out, expected root:root 755"
    e2e_ok "/$helper is root:root 0755"
    in_root desktop-file-validate /usr/share/applications/jp.fshosts.fshosts.desktop ||
        e2e_fail "desktop-file-validate on the installed .desktop file"
    in_root appstreamcli validate --no-net /usr/share/metainfo/jp.fshosts.fshosts.metainfo.xml ||
        e2e_fail "appstreamcli validate on the installed metainfo"
    e2e_ok "the installed .desktop and metainfo files validate"
    in_root dpkg -L fshosts | sort >"$tmp/package-files.txt"

    # pkaction with polkitd running, and a preview through the installed helper (e2e harness).
    unshare --mount --propagation private -- "$(readlink -f "$0")" --pivot-run "$root" \
        /mnt/fshosts-src/installer/installed_preview.sh || e2e_fail "installed_preview.sh (see above)"

    # --- remove with an active preview: reverted through the installed helper, backups kept -------
    local hosts=$root/etc/hosts status
    printf '127.0.0.1\tlocalhost\r\n# 社内の開発用サーバー\r\n10.0.0.5\tintranet.local' >"$hosts"
    cp "$hosts" "$tmp/hosts.original"
    in_root fshosts apply --with-twin --ip 203.0.113.10 www.example.jp >/dev/null || e2e_fail "fshosts apply in the clean root"
    grep -qF '# >>> fshosts managed block' "$hosts" || e2e_fail "no fshosts block in the root's /etc/hosts after apply"
    in_root apt-get remove -y -q fshosts >"$tmp/remove.log" 2>&1 || { cat "$tmp/remove.log"; e2e_fail "apt-get remove fshosts"; }
    cat "$tmp/remove.log"
    cmp -s "$hosts" "$tmp/hosts.original" || e2e_fail "after apt-get remove, /etc/hosts is not byte-identical to before the preview"
    grep -q 'reverting it before fshosts is removed' "$tmp/remove.log" || e2e_fail "apt-get remove did not say it reverted the preview"
    e2e_ok "apt-get remove with an active preview reverted it byte for byte and said so"
    [[ -s $root/var/lib/fshosts/audit.log && -n $(ls -A "$root/var/lib/fshosts/backups") ]] ||
        e2e_fail "after apt-get remove, /var/lib/fshosts lacks the audit log or the backups"
    grep -q 'stay in /var/lib/fshosts' "$tmp/remove.log" || e2e_fail "apt-get remove did not say where the backups stay"
    [[ ! -e $root/usr/bin/fshosts && ! -e $root/$helper ]] || e2e_fail "the programs are still there after apt-get remove"
    e2e_ok "apt-get remove kept the backups and the audit log in /var/lib/fshosts and said so"

    # --- a preview that cannot be reverted: the removal is refused, the tools stay ----------------
    in_root apt-get install -y -q --no-install-recommends "/mnt/fshosts-packages/$deb_name" >"$tmp/install2.log" 2>&1 ||
        { cat "$tmp/install2.log"; e2e_fail "apt-get install again"; }
    in_root fshosts apply --ip 203.0.113.10 www.example.jp >/dev/null || e2e_fail "fshosts apply (second time)"
    # A hand edit inside the block makes it malformed: fshosts refuses to guess (exit 3).
    sed -i 's/^203\.0\.113\.10 www\.example\.jp/203.0.113.10 www.example.jp # edited by hand/' "$hosts"
    cp "$hosts" "$tmp/hosts.malformed"
    if in_root apt-get remove -y -q fshosts >"$tmp/refused.log" 2>&1; then
        cat "$tmp/refused.log"
        e2e_fail "apt-get remove succeeded although the preview could not be reverted"
    fi
    cat "$tmp/refused.log"
    grep -q 'fshosts stays installed' "$tmp/refused.log" || e2e_fail "the refused removal does not say why"
    [[ -x $root/usr/bin/fshosts && -x $root/$helper ]] || e2e_fail "the programs are gone after the refused removal"
    status=$(in_root dpkg-query -W -f='${db:Status-Status}' fshosts)
    [[ $status == installed ]] || e2e_fail "after the refused removal dpkg says fshosts is '$status', not 'installed'"
    cmp -s "$hosts" "$tmp/hosts.malformed" || e2e_fail "the refused removal changed /etc/hosts"
    e2e_ok "a preview that cannot be reverted refuses the removal; fshosts and /etc/hosts stay as they were"
    cp "$tmp/hosts.original" "$hosts"  # what the message tells the user to do: remove the lines by hand

    # --- purge: says where the backups were, deletes them, leaves nothing --------------------------
    in_root apt-get purge -y -q fshosts >"$tmp/purge.log" 2>&1 || { cat "$tmp/purge.log"; e2e_fail "apt-get purge fshosts"; }
    cat "$tmp/purge.log"
    grep -q 'deleting the backups of /etc/hosts and the audit log in /var/lib/fshosts' "$tmp/purge.log" ||
        e2e_fail "apt-get purge did not say where the backups were"
    [[ ! -e $root/var/lib/fshosts ]] || e2e_fail "/var/lib/fshosts is still there after apt-get purge"
    status=$(in_root dpkg-query -W -f='${Status}' fshosts 2>/dev/null || true)
    [[ -z $status || $status == "unknown ok not-installed" ]] || e2e_fail "dpkg still knows fshosts after purge: $status"
    # Every path the package had is gone, except what was there before the install and
    # directories another package owns too (e.g. /usr/share/icons/hicolor/48x48/apps).
    local left="" f
    while read -r f; do
        [[ -e $root$f || -L $root$f ]] || continue
        grep -qxF "$f" "$tmp/before.txt" && continue
        [[ -d $root$f ]] && in_root dpkg-query -S "$f" >/dev/null 2>&1 && continue
        left+=" $f"
    done <"$tmp/package-files.txt"
    [[ -z $left ]] || e2e_fail "files of the package are left after purge:$left"
    left=$(in_root find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /mnt -o -path /tmp \) -prune \
        -o -iname '*fshosts*' -print)
    [[ -z $left ]] || e2e_fail "paths named fshosts are left after purge: $left"
    e2e_ok "apt-get purge deleted /var/lib/fshosts and left no file of the package and nothing named fshosts"
}

if [[ ${FSHOSTS_PACKAGE_INSIDE:-} == 1 ]]; then
    root=${FSHOSTS_PACKAGE_ROOT:?} tmp=${FSHOSTS_PACKAGE_TMP:?} deb=${FSHOSTS_PACKAGE_DEB:?}
    clean_root_test
    exit 0
fi

# ==== outside: build, inspect, lint, make the root, then the namespace ============================
[[ $(id -u) -eq 0 ]] || e2e_skip "needs root (debootstrap, chroot, a private mount namespace)"
# shellcheck source=../support/tools.sh
source "$src/tests/support/tools.sh"
fshosts_require_tools cpack dpkg-deb dpkg-shlibdeps lintian rpmbuild rpm rpm2cpio cpio rpmlint \
    debootstrap unshare chroot pivot_root flock tar man apt-cache
unshare --mount --propagation private true 2>/dev/null || e2e_skip "cannot create a private mount namespace here"

tmp=$(mktemp -d /var/tmp/fshosts-package.XXXXXX)
cleanup() {
    # The namespace's mounts vanished with it; the root is a plain directory tree now.
    rm -rf --one-file-system "$tmp"
}
trap cleanup EXIT

# ---- 1. build both packages ---------------------------------------------------------------------
rm -rf "$build/packages"
t0=$SECONDS
cpack --config "$build/CPackConfig.cmake" -B "$build/packages" >"$tmp/cpack.log" 2>&1 ||
    { cat "$tmp/cpack.log"; e2e_fail "cpack --config $build/CPackConfig.cmake"; }
deb=$(echo "$build/packages/fshosts_${version}_"*.deb)
rpm=$(echo "$build/packages/fshosts-${version}-1."*.rpm)
[[ -f $deb && -f $rpm ]] || { cat "$tmp/cpack.log"; e2e_fail "cpack did not make both packages: $(ls "$build/packages")"; }
e2e_ok "cpack built ${deb##*/} ($(stat -c %s "$deb") bytes) and ${rpm##*/} ($(stat -c %s "$rpm") bytes) in $((SECONDS - t0)) s"

# ---- 2. contents, metadata, linters -------------------------------------------------------------
expected=(usr/bin/fshosts usr/bin/fshosts-gui "$helper" "$policy"
    usr/share/applications/jp.fshosts.fshosts.desktop usr/share/metainfo/jp.fshosts.fshosts.metainfo.xml
    usr/share/icons/hicolor/scalable/apps/fshosts.svg
    usr/share/man/man1/fshosts.1.gz usr/share/man/man1/fshosts-gui.1.gz
    usr/share/man/ja/man1/fshosts.1.gz usr/share/man/ja/man1/fshosts-gui.1.gz
    usr/share/doc/fshosts/changelog.gz usr/share/doc/fshosts/copyright)
for size in 16 24 32 48 64 128 256 512; do expected+=("usr/share/icons/hicolor/${size}x${size}/apps/fshosts.png"); done
while read -r lang; do
    [[ -z $lang || $lang == \#* ]] || expected+=("usr/share/locale/$lang/LC_MESSAGES/fshosts.mo")
done <"$src/po/LINGUAS"

dpkg-deb -c "$deb" | awk '{print $1, $2, $6}' | sed 's| \./| /|' >"$tmp/deb-list.txt"
rpm -qp --qf '[%{FILEMODES:perms} %{FILEUSERNAME}/%{FILEGROUPNAME} %{FILENAMES}\n]' "$rpm" >"$tmp/rpm-list.txt"
for f in "${expected[@]}"; do
    grep -q " /$f\$" "$tmp/deb-list.txt" || e2e_fail "the .deb lacks /$f"
    grep -q " /$f\$" "$tmp/rpm-list.txt" || e2e_fail "the .rpm lacks /$f"
done
e2e_ok "both packages hold the ${#expected[@]} expected files"
for list in "$tmp/deb-list.txt" "$tmp/rpm-list.txt"; do
    grep -qx -- "-rwxr-xr-x root/root /$helper" "$list" ||
        e2e_fail "the helper is not root/root 0755 in ${list##*/}: $(grep "/$helper" "$list")"
done
e2e_ok "both packages install /$helper as root/root 0755"

dpkg-deb --fsys-tarfile "$deb" | tar -xO "./$policy" >"$tmp/deb.policy"
(cd "$tmp" && rpm2cpio "$rpm" | cpio -i --quiet --to-stdout "./$policy") >"$tmp/rpm.policy"
for p in "$tmp/deb.policy" "$tmp/rpm.policy"; do
    grep -qF "<annotate key=\"org.freedesktop.policykit.exec.path\">/$helper</annotate>" "$p" ||
        e2e_fail "the packaged polkit action's exec.path is not /$helper: $(grep exec.path "$p")"
done
e2e_ok "the packaged polkit action's exec.path is /$helper"

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for dep in libc6 libidn2-0 'libwxgtk3.2-1' libnettle8 pkexec polkitd libcurl4; do
    grep -qE "(^|, )$dep( |,|$)" <<<"$depends" || e2e_fail "the .deb does not depend on $dep (Depends: $depends)"
done
# SHA-256 comes from Nettle (issue 8): OpenSSL is no longer loaded, so no longer required.
! grep -qE "(^|, )libssl3( |,|$)" <<<"$depends" || e2e_fail "the .deb still depends on libssl3 (Depends: $depends)"
requires=$(rpm -qpR "$rpm")
# libcurl: loaded at run time by the probes, so named explicitly (installer/cpack/*.cmake).
for dep in polkit 'libidn2.so.0()(64bit)' 'libc.so.6()(64bit)' 'libcurl.so.4()(64bit)'; do
    grep -qxF "$dep" <<<"$requires" || e2e_fail "the .rpm does not require $dep: $requires"
done
grep -q '^libwx_gtk3u_core-3.2.so.0' <<<"$requires" || e2e_fail "the .rpm does not require wxWidgets: $requires"
e2e_ok "dependencies: the libraries (shlibdeps / rpm autoreq) and pkexec + polkitd (polkit)"

[[ $(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/doc/fshosts/changelog.gz | gzip -dc | head -n 1) == "fshosts ($version) "* ]] ||
    e2e_fail "the newest entry of the packaged changelog is not $version"
rpm -qp --changelog "$rpm" | head -n 1 | grep -q -- "- $version-1\$" || e2e_fail "the .rpm %changelog does not start with $version-1"
e2e_ok "the changelog (Debian: /usr/share/doc/fshosts/changelog.gz; rpm: %changelog) starts with $version"

# Man pages: render without a groff warning, in English and Japanese, and name this version.
for page in fshosts.1 fshosts-gui.1 ja/fshosts.1 ja/fshosts-gui.1; do
    file=$src/installer/linux/man/$page
    grep -q "^\.TH .* \"fshosts $version\"" "$file" || e2e_fail "$page: the .TH line does not say fshosts $version"
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 "$file" 2>&1 >/dev/null) || true
    [[ -z $warnings ]] || e2e_fail "man --warnings $page: $warnings"
done
e2e_ok "the man pages render without warnings"

lintian --version
# Overridden tags are shown as "O:" with their reason; any "E:" or "W:" line fails.
lintian --show-overrides "$deb" >"$tmp/lintian.log" 2>&1 || true
cat "$tmp/lintian.log"
grep -q "^O: fshosts: " "$tmp/lintian.log" || e2e_fail "lintian did not run, or did not read the package's overrides"
! grep -qE '^(E|W): ' "$tmp/lintian.log" ||
    e2e_fail "lintian reports errors or warnings that are not overridden (installer/linux/fshosts.lintian-overrides)"
e2e_ok "lintian: no error, no warning without an override and its reason"

# rpmlint exits non-zero on errors; warnings we keep are filtered with a reason in installer/linux/rpmlint.toml.
if ! rpmlint -c "$src/installer/linux/rpmlint.toml" "$rpm" >"$tmp/rpmlint.log" 2>&1; then
    cat "$tmp/rpmlint.log"
    e2e_fail "rpmlint reports errors"
fi
cat "$tmp/rpmlint.log"
grep -qE 'packages and [0-9]+ specfiles checked; 0 errors, 0 warnings' "$tmp/rpmlint.log" ||
    e2e_fail "rpmlint reports warnings that are not filtered with a reason in installer/linux/rpmlint.toml"
e2e_ok "rpmlint: no error, no warning without a filter and its reason"

# ---- 3. the clean root --------------------------------------------------------------------------
# The mirror apt uses on this machine for the suite (sources.list or deb822 sources).
mirror=$(apt-cache policy | awk -v s="$suite/main" '$3 == s && $2 ~ /^https?:/ { print $2; exit }')
security=$(apt-cache policy | awk -v s="$suite-security/main" '$3 == s && $2 ~ /^https?:/ { print $2; exit }')
[[ -n $mirror ]] || e2e_skip "apt on this machine has no $suite mirror configured (apt-cache policy)"
key=$(printf '%s\n' "$suite" "$mirror" "${root_tools[@]}" "$(dpkg-query -W -f='${Version}' debootstrap)" v1 | sha256sum | cut -c1-16)
tarball=$cache/debootstrap-$suite-$key.tar
mkdir -p "$cache/apt-archives/partial"
exec {lock}>"$cache/lock"
flock "$lock"  # one test at a time may make the cache or use the archive cache
if [[ ! -f $tarball ]]; then
    t0=$SECONDS
    echo "making the clean $suite root from $mirror (cached as $tarball) ..."
    mkdir "$tmp/base"
    if ! debootstrap --variant=minbase --include="$(IFS=,; echo "${root_tools[*]}")" \
        --cache-dir="$cache/apt-archives" "$suite" "$tmp/base" "$mirror" >"$tmp/debootstrap.log" 2>&1; then
        tail -n 30 "$tmp/debootstrap.log"
        e2e_fail "debootstrap $suite from $mirror"
    fi
    # apt sources as on a user's Debian 12 (with the updates and security suites), and no daemon
    # start-up from maintainer scripts in a chroot (policy-rc.d 101: action forbidden).
    {
        echo "deb $mirror $suite main"
        echo "deb $mirror $suite-updates main"
        [[ -z $security ]] || echo "deb $security $suite-security main"
    } >"$tmp/base/etc/apt/sources.list"
    printf '#!/bin/sh\nexit 101\n' >"$tmp/base/usr/sbin/policy-rc.d"
    chmod 0755 "$tmp/base/usr/sbin/policy-rc.d"
    rm -f "$tmp/base/var/cache/apt/archives"/*.deb
    tar -C "$tmp/base" -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    # Roots made for another key (package list, mirror, debootstrap version) are not used again.
    find "$cache" -maxdepth 1 -name "debootstrap-$suite-*.tar" ! -path "$tarball" -delete
    rm -rf --one-file-system "$tmp/base"
    e2e_ok "made the clean $suite root in $((SECONDS - t0)) s"
fi
mkdir "$tmp/root"
tar -C "$tmp/root" -xf "$tarball"
e2e_ok "clean $suite root from $tarball ($(du -sm "$tmp/root" | cut -f1) MB)"

FSHOSTS_PACKAGE_INSIDE=1 FSHOSTS_PACKAGE_ROOT=$tmp/root FSHOSTS_PACKAGE_TMP=$tmp FSHOSTS_PACKAGE_DEB=$deb \
    unshare --mount --propagation private -- "$(readlink -f "$0")" "$build" "$src"
echo "PASS: the .deb and .rpm build, lint clean, and the .deb installs, works and purges cleanly on a clean $suite"
