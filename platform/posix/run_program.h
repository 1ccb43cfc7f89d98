// Internal to platform/ (POSIX): running another program the safe way: an absolute path, an argv
// array, an explicit environment, never a shell. Used for pkexec, the helper and DNS cache flushes.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts::platform {

struct ProgramResult {
    bool started = false;   // false: the program could not be started (see error)
    bool timed_out = false; // killed after the timeout
    int exit_code = -1;     // 128 + signal number when killed by a signal
    std::string out;
    std::string err;
    std::string error;      // why it could not be started
};

// Runs `program` (absolute path) with `args` (argv[1..]), the environment `env` ("NAME=value"
// entries, nothing inherited) and `input` on stdin; waits at most `timeout` (0: no limit),
// then kills and reaps it.
ProgramResult run_program(const std::filesystem::path& program, const std::vector<std::string>& args,
                          const std::vector<std::string>& env, std::string_view input,
                          std::chrono::milliseconds timeout = std::chrono::milliseconds(0));

// Runs fshosts-helper directly, for a caller that is root already (Linux and macOS, run_helper.cpp): `helper
// operation` with `request` on stdin, a fixed PATH and SUDO_UID passed on for the audit log.
ProgramResult run_helper_as_administrator(const std::filesystem::path& helper, std::string_view operation,
                                          std::string_view request);

}  // namespace fshosts::platform
