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
#   E2E_INSTALLED_PREFIX  optional: test the programs already installed there (a package
#                installed into a clean root, tests/installer/package_test.sh) instead of
#                installing BUILD_DIR into a temp prefix
# Variables for the caller, set by e2e_enter_namespace inside the namespace:
#   E2E_TMP      the test's temp dir (mode 0755), removed by the outside run at the end
#   E2E_PREFIX   the install prefix: $E2E_PREFIX/bin/fshosts, .../libexec/fshosts/fshosts-helper
#   E2E_ORIGINAL a copy of the hosts file as the test set it up (what revert must give back)

e2e_fail() { echo "FAIL: $*" >&2; exit 1; }
# As root (as in CI) every precondition can be met, so a reason to skip is a failure there.
e2e_skip() {
    if [[ $(id -u) -eq 0 ]]; then
        echo "FAIL: cannot run as root here: $*" >&2
        exit 1
    fi
    echo "SKIPPED: $*"
    exit 77
}
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
        E2E_PREFIX=${E2E_INSTALLED_PREFIX:-$E2E_TMP/prefix}
        return 0
    fi

    if [[ $(id -u) -ne 0 ]]; then
        e2e_skip "needs root (private mount and network namespace, bind mounts over /etc, /var/lib)"
    fi
    # shellcheck source=../support/tools.sh
    source "$(dirname "${BASH_SOURCE[0]}")/../support/tools.sh"
    local -a tools=(unshare mount umount ip getent cmp sha256sum setpriv)
    # An installed prefix (the package test's clean root) needs no cmake --install.
    [[ -n ${E2E_INSTALLED_PREFIX:-} ]] || tools+=(cmake)
    fshosts_require_tools "${tools[@]}" "${E2E_TOOLS[@]}"
    if [[ -z ${E2E_INSTALLED_PREFIX:-} ]]; then
        [[ -x $build/bin/fshosts && -x $build/libexec/fshosts/fshosts-helper ]] ||
            e2e_fail "$build/bin/fshosts or $build/libexec/fshosts/fshosts-helper is missing: build the tree first"
    fi
    if ! unshare --mount --net --propagation private true 2>/dev/null; then
        e2e_skip "cannot create a private mount + network namespace here (unshare --mount --net failed)"
    fi

    local tmp
    tmp=$(mktemp -d /tmp/fshosts-e2e.XXXXXX)
    chmod 0755 "$tmp"  # the test users must reach $tmp/prefix
    # shellcheck disable=SC2064  # expand $tmp now
    trap "rm -rf '$tmp'" EXIT
    if [[ -z ${E2E_INSTALLED_PREFIX:-} ]] && ! cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1; then
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

# --- servers and the CLI: shared by probe_e2e.sh and browser_e2e.sh -----------------------------

# e2e_start_nginx NAME SERVER_BLOCKS: nginx in the foreground as our child (registered with
# e2e_started), serving $E2E_TMP/NAME/www (index.html says NAME), ready when it wrote its pid.
e2e_start_nginx() {
    local name=$1 blocks=$2 dir=$E2E_TMP/$1 i
    mkdir -p "$dir/tmp" "$dir/www"
    echo "$name" >"$dir/www/index.html"
    cat >"$dir/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes 1;
user root;
pid $dir/nginx.pid;
error_log $dir/error.log info;
events { worker_connections 64; }
http {
    access_log $dir/access.log;
    client_body_temp_path $dir/tmp/client_body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    default_type text/plain;
    root $dir/www;
    $blocks
}
EOF
    nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" -t >"$dir/configtest.log" 2>&1 ||
        { cat "$dir/configtest.log" >&2; e2e_fail "nginx ($name) rejects the test's configuration"; }
    nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" >"$dir/stdout.log" 2>&1 &
    e2e_started $! "nginx $name"
    for ((i = 0; i < 100; i++)); do
        [[ -s $dir/nginx.pid ]] && return 0
        [[ -n $(e2e_proc_state "${E2E_PIDS[-1]}") && $(e2e_proc_state "${E2E_PIDS[-1]}") != Z ]] ||
            { cat "$dir/error.log" "$dir/stdout.log" >&2; e2e_fail "nginx ($name) exited at start"; }
        sleep 0.1
    done
    e2e_fail "nginx ($name) did not start within 10 s"
}

# run_fshosts EXPECTED_EXIT ARGS...: runs $fshosts (stdin closed), sets $out (stdout) and $err.
run_fshosts() {
    local expected=$1 rc=0
    shift
    # shellcheck disable=SC2154  # $fshosts: the installed CLI, set by the sourcing script
    out=$("$fshosts" "$@" </dev/null 2>"$E2E_TMP/stderr") || rc=$?
    err=$(cat "$E2E_TMP/stderr")
    if [[ $rc -ne $expected ]]; then
        echo "--- stdout:" >&2
        echo "$out" >&2
        echo "--- stderr:" >&2
        echo "$err" >&2
        e2e_fail "fshosts $* exited $rc, expected $expected"
    fi
}
# expect_json JQ_FILTER WHAT: the filter is true on $out.
expect_json() {
    jq -e "$1" <<<"$out" >/dev/null || { echo "$out" >&2; e2e_fail "JSON: $2 (jq: $1)"; }
}

# --- polkit: shared by polkit_e2e.sh and polkit_gui_e2e.sh --------------------------------------
# Two users that exist only in the namespace: E2E_OK_USER may modify the hosts file (polkit rule),
# E2E_NO_USER has no rule and no authentication agent, so pkexec refuses. E2E_SHADOWED are the
# machine files the users are added to (temp copies bind-mounted over them): pass them to
# e2e_enter_namespace. E2E_POLKIT_TOOLS go into E2E_TOOLS.
E2E_OK_USER=fshostsok E2E_OK_UID=61001
E2E_NO_USER=fshostsno E2E_NO_UID=61002
E2E_POLKITD=/usr/lib/polkit-1/polkitd
E2E_POLKIT_TOOLS=(dbus-daemon dbus-send pkexec "$E2E_POLKITD")
E2E_SHADOWED=(/etc/passwd /etc/group /etc/shadow)
if [[ -e /etc/gshadow ]]; then
    E2E_SHADOWED+=(/etc/gshadow)
fi

# e2e_wait_for PID NAME LOG COMMAND...: until COMMAND succeeds (30 s at most, for a loaded CI
# machine); SKIPPED (a failure as root) when the daemon exits or never gets there.
e2e_wait_for() {
    local pid=$1 name=$2 log=$3 i state
    shift 3
    for ((i = 0; i < 300; i++)); do
        "$@" >/dev/null 2>&1 && return 0
        state=$(e2e_proc_state "$pid")
        if [[ -z $state || $state == Z ]]; then
            e2e_skip "$name cannot run here: it exited at start. Its output: $(cat "$log")"
        fi
        sleep 0.1
    done
    e2e_skip "$name cannot run here: not ready after 30 s. Its output: $(cat "$log")"
}

# e2e_check_installed_policy: the installed policy names the installed helper (pkexec only maps
# this exact path to our action). Sets E2E_POLICY.
e2e_check_installed_policy() {
    local helper=$E2E_PREFIX/libexec/fshosts/fshosts-helper
    E2E_POLICY=$E2E_PREFIX/share/polkit-1/actions/jp.fshosts.modify-hosts.policy
    [[ -f $E2E_POLICY ]] || e2e_fail "cmake --install did not install $E2E_POLICY"
    grep -q "<annotate key=\"org.freedesktop.policykit.exec.path\">$helper</annotate>" "$E2E_POLICY" ||
        e2e_fail "the installed policy's exec.path is not $helper: $(grep -n exec.path "$E2E_POLICY")"
    e2e_ok "the installed polkit action's exec.path is the installed helper"
}

# e2e_add_test_users: E2E_OK_USER and E2E_NO_USER (uid = gid), only in this namespace.
e2e_add_test_users() {
    local id name pair f
    for id in "$E2E_OK_UID" "$E2E_NO_UID"; do
        ! getent passwd "$id" >/dev/null || e2e_fail "uid $id already exists on this machine: $(getent passwd "$id")"
        ! getent group "$id" >/dev/null || e2e_fail "gid $id already exists on this machine: $(getent group "$id")"
    done
    for name in "$E2E_OK_USER" "$E2E_NO_USER"; do
        ! getent passwd "$name" >/dev/null || e2e_fail "user $name already exists on this machine"
    done
    mkdir -p "$E2E_TMP/etc"
    for f in "${E2E_SHADOWED[@]}"; do
        cp -p "$f" "$E2E_TMP/etc/${f##*/}"
    done
    for pair in "$E2E_OK_USER:$E2E_OK_UID" "$E2E_NO_USER:$E2E_NO_UID"; do
        name=${pair%:*} id=${pair#*:}
        echo "$name:x:$id:$id:fshosts e2e test user:/nonexistent:/usr/sbin/nologin" >>"$E2E_TMP/etc/passwd"
        echo "$name:x:$id:" >>"$E2E_TMP/etc/group"
        echo "$name:!:19000:0:99999:7:::" >>"$E2E_TMP/etc/shadow"
        if [[ -e /etc/gshadow ]]; then
            echo "$name:!::" >>"$E2E_TMP/etc/gshadow"
        fi
    done
    for f in "${E2E_SHADOWED[@]}"; do
        e2e_mount --bind "$E2E_TMP/etc/${f##*/}" "$f"
    done
    [[ $(getent passwd "$E2E_OK_UID" | cut -d: -f1) == "$E2E_OK_USER" ]] ||
        e2e_fail "the namespace's /etc/passwd does not list $E2E_OK_USER"
}

e2e_bus_name_has_owner() {
    dbus-send --system --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner "string:$1" | grep -q 'boolean true'
}

# e2e_start_polkit: one rule (E2E_OK_USER may use jp.fshosts.modify-hosts without a password), the
# machine's actions plus the installed one (call e2e_check_installed_policy first), then a system
# bus on a private /run/dbus and polkitd, as children of this script.
e2e_start_polkit() {
    unset DBUS_SYSTEM_BUS_ADDRESS
    mkdir -p "$E2E_TMP/rules.d" "$E2E_TMP/actions"
    cat >"$E2E_TMP/rules.d/50-fshosts-e2e.rules" <<RULES
// fshosts e2e test: $E2E_OK_USER may change the hosts file without a password; nobody else is
// allowed without authenticating (and there is no authentication agent in the test).
polkit.addRule(function(action, subject) {
    if (action.id == "jp.fshosts.modify-hosts" && subject.user == "$E2E_OK_USER")
        return polkit.Result.YES;
});
RULES
    cp -a /usr/share/polkit-1/actions/. "$E2E_TMP/actions/"
    cp "${E2E_POLICY:?call e2e_check_installed_policy first}" "$E2E_TMP/actions/"
    chmod 0755 "$E2E_TMP/rules.d" "$E2E_TMP/actions"
    chmod 0644 "$E2E_TMP/rules.d"/* "$E2E_TMP/actions"/*
    [[ -d /etc/polkit-1/rules.d ]] || e2e_fail "/etc/polkit-1/rules.d does not exist (is polkitd installed?)"
    e2e_mount --bind "$E2E_TMP/rules.d" /etc/polkit-1/rules.d
    e2e_mount --bind "$E2E_TMP/actions" /usr/share/polkit-1/actions

    if [[ ! -d /run/dbus ]]; then
        mkdir -p /run/dbus
        E2E_RMDIRS+=(/run/dbus)
    fi
    e2e_mount -t tmpfs -o mode=0755 tmpfs /run/dbus
    dbus-daemon --system --nofork --nopidfile >"$E2E_TMP/dbus-daemon.log" 2>&1 &
    e2e_started $! dbus-daemon
    e2e_wait_for "$!" dbus-daemon "$E2E_TMP/dbus-daemon.log" \
        dbus-send --system --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.GetId
    "$E2E_POLKITD" --no-debug >"$E2E_TMP/polkitd.log" 2>&1 &
    e2e_started $! polkitd
    e2e_wait_for "$!" polkitd "$E2E_TMP/polkitd.log" e2e_bus_name_has_owner org.freedesktop.PolicyKit1
    e2e_ok "the system bus and polkitd run in the namespace"
}

# e2e_start_xvfb: an X server private to the namespace (its abstract socket is per network
# namespace; the /tmp/.X11-unix socket dir is a private tmpfs). Sets E2E_DISPLAY (":N").
# SKIPPED when Xvfb cannot run here.
e2e_start_xvfb() {
    local i state
    if [[ ! -d /tmp/.X11-unix ]]; then
        mkdir -p /tmp/.X11-unix
        E2E_RMDIRS+=(/tmp/.X11-unix)
    fi
    e2e_mount -t tmpfs -o mode=1777 tmpfs /tmp/.X11-unix
    # -ac (no access control) lets the test users' GUIs connect without xauth or xhost (not
    # installed). Acceptable here: the server only listens on a unix socket in a private tmpfs
    # and on an abstract socket in this private network namespace (no TCP, no other network).
    Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -ac 3>"$E2E_TMP/xvfb.display" 2>"$E2E_TMP/xvfb.log" &
    e2e_started $! Xvfb
    for ((i = 0; i < 100; i++)); do
        [[ -s $E2E_TMP/xvfb.display ]] && break
        state=$(e2e_proc_state "${E2E_PIDS[-1]}")
        [[ -n $state && $state != Z ]] || e2e_skip "Xvfb cannot run in the namespace: $(cat "$E2E_TMP/xvfb.log")"
        sleep 0.1
    done
    [[ -s $E2E_TMP/xvfb.display ]] || e2e_skip "Xvfb gave no display number within 10 s: $(cat "$E2E_TMP/xvfb.log")"
    E2E_DISPLAY=":$(tr -d '[:space:]' <"$E2E_TMP/xvfb.display")"
    e2e_ok "Xvfb on $E2E_DISPLAY inside the namespace"
}

# e2e_stop_started PID: stops and reaps a child registered with e2e_started before the end (as
# e2e_stop), and takes it off the list so that e2e_cleanup does not signal its pid again.
e2e_stop_started() {
    local i status=0
    for ((i = 0; i < ${#E2E_PIDS[@]}; i++)); do
        if [[ ${E2E_PIDS[i]} == "$1" ]]; then
            e2e_stop "$1" "${E2E_NAMES[i]}" || status=1
            E2E_PIDS=("${E2E_PIDS[@]:0:i}" "${E2E_PIDS[@]:i+1}")
            E2E_NAMES=("${E2E_NAMES[@]:0:i}" "${E2E_NAMES[@]:i+1}")
            return "$status"
        fi
    done
    e2e_fail "e2e_stop_started: pid $1 was not started with e2e_started"
}
