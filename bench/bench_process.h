// Starting and reaping the programs the bench measures: argv arrays (no shell), the inherited
// environment with overrides, wall time from just before the spawn to the reap, and the peak
// resident set size the kernel reports for the child (wait4 rusage ru_maxrss).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace fshosts::bench {

using Clock = std::chrono::steady_clock;

double elapsed_ms(Clock::time_point since, Clock::time_point until = Clock::now());

struct SpawnOptions {
    std::vector<std::string> env;        // "NAME=VALUE" entries replacing inherited ones
    std::filesystem::path stderr_file;   // empty: /dev/null
    int extra_fd = -1;                    // inherited by the child as fd 3 (Xvfb -displayfd)
};

struct Finished {
    int exit_code = -1;      // 128 + signal when killed
    double wall_ms = 0;      // spawn to reap
    double max_rss_mib = 0;  // ru_maxrss of the child
};

// On SIGINT, SIGTERM or SIGHUP, SIGKILL every child still running (Xvfb, a GUI) before dying of
// the signal, so nothing the bench started outlives it.
void kill_children_on_signal();

// Starts argv[0] (looked up in PATH when it has no slash). Throws when the spawn fails.
pid_t spawn(const std::vector<std::string>& argv, const SpawnOptions& options = {});

// Waits for pid (wait4) and returns its exit code, time since `started` and peak RSS.
Finished reap(pid_t pid, Clock::time_point started);

// Waits up to `timeout` for pid to exit; false when it is still running.
bool reap_within(pid_t pid, std::chrono::milliseconds timeout, Finished& finished, Clock::time_point started);

// SIGTERM, then SIGKILL after `grace`; always reaps.
Finished terminate(pid_t pid, Clock::time_point started, std::chrono::milliseconds grace = std::chrono::seconds(5));

// From now on run_checked starts programs through `launcher` (bench-run): a child's ru_maxrss
// includes the peak RSS of the process that forked it, so the bench must not be that process.
void measure_through(const std::filesystem::path& launcher);

// spawn + reap (through the launcher once measure_through was called). Throws with the program's
// stderr when it exits non-zero.
Finished run_checked(const std::vector<std::string>& argv, const SpawnOptions& options = {});

// Runs argv and returns its stdout (first line trimmed); empty when it cannot run.
std::string first_line_of_output(const std::vector<std::string>& argv);

std::string read_file(const std::filesystem::path& path);

std::string join(const std::vector<std::string>& parts, const std::string& separator);

}  // namespace fshosts::bench
