# shellcheck shell=bash disable=SC2034  # E2E_* variables are for the sourcing script
# Shared by the e2e scripts (sourced, not run). Each script runs twice:
#   outside  checks root and tools, installs the build into a fresh prefix, re-runs itself in a
#            private mount + network namespace, then checks that the machine's real files are
#            unchanged and that nothing the test started is still running;
#   inside   sets up the namespace (loopback, a bind-mounted /etc/hosts, an empty /var/lib) and
#            does the test. Every process it starts is registered with e2e_started and stopped
#            and reaped by e2e_cleanup: PID 1 on the CI machines does not reap orphans, so
#            nothing may be left to it (daemons run in the foreground as our children).
#
# Set by the caller before e2e_enter_namespace:
#   E2E_TOOLS    programs the test needs besides the common ones (SKIPPED when one is missing)
# Variables for the caller, set by e2e_enter_namespace inside the namespace:
#   E2E_TMP      the test's temp dir (mode 0755), removed by the outside run at the end
#   E2E_PREFIX   the install prefix: $E2E_PREFIX/bin/fshosts, .../libexec/fshosts/fshosts-helper
#   E2E_ORIGINAL a copy of the hosts file as the test set it up (what revert must give back)

e2e_fail() { echo "FAIL: $*" >&2; exit 1; }
e2e_skip() { echo "SKIPPED: $*"; exit 77; }
e2e_ok() { echo "ok: $*"; }

# e2e_enter_namespace SCRIPT BUILD_DIR [REAL_FILE...]
# Outside: never returns (exits with the inside run's status). Inside: returns.
# REAL_FILEs are machine files that the test shadows with bind mounts; their hashes, and the
# hash of /etc/hosts, must be the same after the run.
e2e_enter_namespace() {
    local script=$1 build=$2
    shift 2
    if [[ ${FSHOSTS_E2E_INSIDE:-} == 1 ]]; then
        E2E_TMP=${FSHOSTS_E2E_TMP:?}
        E2E_PREFIX=$E2E_TMP/prefix
        return 0
    fi

    if [[ $(id -u) -ne 0 ]]; then
        e2e_skip "needs root (private mount and network namespace, bind mounts over /etc, /var/lib)"
    fi
    local tool
    for tool in unshare mount umount ip getent cmp sha256sum setpriv cmake "${E2E_TOOLS[@]}"; do
        command -v "$tool" >/dev/null 2>&1 || e2e_skip "'$tool' is not installed (run scripts/install-deps)"
    done
    [[ -x $build/bin/fshosts && -x $build/libexec/fshosts/fshosts-helper ]] ||
        e2e_fail "$build/bin/fshosts or $build/libexec/fshosts/fshosts-helper is missing: build the tree first"
    if ! unshare --mount --net --propagation private true 2>/dev/null; then
        e2e_skip "cannot create a private mount + network namespace here (unshare --mount --net failed)"
    fi

    local tmp
    tmp=$(mktemp -d /tmp/fshosts-e2e.XXXXXX)
    chmod 0755 "$tmp"  # the test users must reach $tmp/prefix
    # shellcheck disable=SC2064  # expand $tmp now
    trap "rm -rf '$tmp'" EXIT
    if ! cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1; then
        cat "$tmp/install.log" >&2
        e2e_fail "cmake --install $build --prefix $tmp/prefix failed"
    fi

    local -a files=(/etc/hosts "$@")
    local before after status=0
    before=$(sha256sum "${files[@]}" 2>&1 || true)
    FSHOSTS_E2E_INSIDE=1 FSHOSTS_E2E_TMP=$tmp \
        unshare --mount --net --propagation private -- "$script" "$build" || status=$?
    after=$(sha256sum "${files[@]}" 2>&1 || true)
    if [[ $before != "$after" ]]; then
        echo "FAIL: the machine's real files changed:" >&2
        diff <(echo "$before") <(echo "$after") >&2 || true
        exit 1
    fi
    e2e_ok "the machine's real ${files[*]} are unchanged"

    # Nothing started inside may outlive the test: no live process in its network namespace.
    if [[ -s $tmp/netns ]]; then
        local ns leftovers="" p
        ns=$(cat "$tmp/netns")
        for p in /proc/[0-9]*; do
            if [[ $(readlink "$p/ns/net" 2>/dev/null) == "$ns" ]]; then
                leftovers+="  ${p#/proc/}: $(tr '\0' ' ' <"$p/cmdline" 2>/dev/null)"$'\n'
            fi
        done
        if [[ -n $leftovers ]]; then
            echo "FAIL: processes started by the test are still running:" >&2
            echo "$leftovers" >&2
            exit 1
        fi
        e2e_ok "no process started by the test is left running"
    fi
    exit "$status"
}

# --- inside the namespace ------------------------------------------------------------------------

E2E_PIDS=()    # children to stop, in start order
E2E_NAMES=()
E2E_MOUNTS=()  # mount points to unmount, in mount order
E2E_RMDIRS=()  # directories the test created on the real file system (removed if still empty)

# e2e_started PID NAME: a background child of this shell that e2e_cleanup must stop and reap.
e2e_started() {
    E2E_PIDS+=("$1")
    E2E_NAMES+=("$2")
}

# e2e_mount ARGS... TARGET: mount, and unmount TARGET at the end.
e2e_mount() {
    mount "$@"
    E2E_MOUNTS+=("${!#}")
}

# The state letter of a process (R, S, Z, ...), or nothing when it is gone.
e2e_proc_state() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
    stat=${stat##*) }
    echo "${stat%% *}"
}

# e2e_stop PID NAME: SIGTERM, up to 10 s to exit (SIGKILL after that), then reap it.
e2e_stop() {
    local pid=$1 name=$2 i state
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        state=$(e2e_proc_state "$pid")
        [[ -z $state || $state == Z ]] && break
        sleep 0.1
    done
    if [[ -n $state && $state != Z ]]; then
        echo "note: $name (pid $pid) ignored SIGTERM for 10 s; sending SIGKILL" >&2
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    if [[ -e /proc/$pid ]]; then
        echo "FAIL: $name (pid $pid) is still there after kill + wait" >&2
        return 1
    fi
}

# Stops every registered child (newest first), then undoes the mounts (newest first) and
# removes the directories it had to create as mount points.
e2e_cleanup() {
    local status=$? i
    set +e
    for ((i = ${#E2E_PIDS[@]} - 1; i >= 0; i--)); do
        e2e_stop "${E2E_PIDS[i]}" "${E2E_NAMES[i]}" || status=1
    done
    E2E_PIDS=()
    for ((i = ${#E2E_MOUNTS[@]} - 1; i >= 0; i--)); do
        umount "${E2E_MOUNTS[i]}" 2>/dev/null || umount -l "${E2E_MOUNTS[i]}" 2>/dev/null
    done
    E2E_MOUNTS=()
    for ((i = ${#E2E_RMDIRS[@]} - 1; i >= 0; i--)); do
        rmdir "${E2E_RMDIRS[i]}" 2>/dev/null
    done
    E2E_RMDIRS=()
    exit "$status"
}

# Sets up what both tests need: loopback up, a realistic hosts file (CRLF line ends, a Japanese
# comment) bind-mounted over /etc/hosts, and an empty tmpfs over /var/lib (fshosts keeps its
# backups, lock and audit log for the system hosts file in /var/lib/fshosts).
e2e_setup_namespace() {
    trap e2e_cleanup EXIT
    trap 'exit 143' TERM
    trap 'exit 130' INT
    readlink /proc/self/ns/net >"$E2E_TMP/netns"
    ip link set lo up

    printf '%s\r\n' \
        '127.0.0.1	localhost' \
        '127.0.1.1	devbox.example.internal	devbox' \
        '' \
        '# 社内の開発用サーバー（制作チーム）' \
        '10.0.0.5	intranet.local' \
        '' \
        '# The following lines are desirable for IPv6 capable hosts' \
        '::1     localhost ip6-localhost ip6-loopback' \
        'ff02::1 ip6-allnodes' \
        'ff02::2 ip6-allrouters' >"$E2E_TMP/hosts"
    chmod 0644 "$E2E_TMP/hosts"
    cp "$E2E_TMP/hosts" "$E2E_TMP/hosts.original"
    E2E_ORIGINAL=$E2E_TMP/hosts.original
    e2e_mount --bind "$E2E_TMP/hosts" /etc/hosts
    e2e_mount -t tmpfs -o mode=0755 tmpfs /var/lib
    cmp -s /etc/hosts "$E2E_ORIGINAL" || e2e_fail "the bind mount over /etc/hosts did not take effect"
}

# e2e_resolves NAME ADDRESS: the OS resolver (getent, i.e. NSS "files") returns ADDRESS for NAME.
e2e_resolves() {
    local got
    got=$(getent hosts "$1" | awk '{print $1; exit}') || true
    [[ $got == "$2" ]] || e2e_fail "getent hosts $1 returned '${got}', expected '$2'"
    e2e_ok "$1 resolves to $2"
}

# e2e_not_resolves NAME: the OS resolver does not know NAME.
e2e_not_resolves() {
    local out
    if out=$(getent hosts "$1"); then
        e2e_fail "getent hosts $1 still returns: $out"
    fi
    e2e_ok "$1 does not resolve"
}

# e2e_same_bytes EXPECTED_FILE WHAT: /etc/hosts is byte-identical to EXPECTED_FILE.
e2e_same_bytes() {
    if ! cmp "$1" /etc/hosts >&2; then
        echo "--- expected (od -c):" >&2
        od -c "$1" | tail -n 8 >&2
        echo "--- /etc/hosts (od -c):" >&2
        od -c /etc/hosts | tail -n 8 >&2
        e2e_fail "/etc/hosts is not byte-identical $2"
    fi
    e2e_ok "/etc/hosts is byte-identical $2"
}
