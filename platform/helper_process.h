// What fshosts-helper does to its own process, and how its request arrives and its answer
// leaves, on this OS; src/helper/main.cpp holds the checks, which are the same everywhere.
//   Linux, macOS  `fshosts-helper OPERATION`, the request on stdin, the answer on stdout
//                 (platform/posix/helper_process.cpp).
//   Windows       `fshosts-helper.exe OPERATION --request <base64url> [--response-pipe PID:HANDLE]`
//                 (platform/helper_command_line.h), the answer through the pipe handle of the
//                 process that started it and on stdout (platform/windows/helper_process.cpp).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace fshosts::platform {

// Makes sure that a file opened later never becomes a standard stream: a caller may start us
// with them closed (POSIX: fds 0-2 opened on /dev/null; the process exits with
// `exit_code_on_failure` when that fails). Windows: nothing to do.
void ensure_standard_streams(int exit_code_on_failure);

// Drops the caller's environment and process settings before anything else is done. POSIX: the
// environment is cleared but for a fixed PATH and PKEXEC_UID / SUDO_UID (digits only, for the
// audit log), umask 077, working directory /, SIGCHLD default, no file size limit. Windows: DLLs
// only from System32, working directory System32, no error dialogs. Returns the name of a
// variable that tells the program loader to load something extra (LD_PRELOAD, ...; macOS
// DYLD_INSERT_LIBRARIES, ...) when one was set, otherwise "".
std::string harden_process();

// The helper's end of the conversation with the program that started it.
class HelperChannel {
public:
    // Reads this OS's invocation from the command line.
    HelperChannel(int argc, char** argv);
    ~HelperChannel();
    HelperChannel(const HelperChannel&) = delete;
    HelperChannel& operator=(const HelperChannel&) = delete;

    // The operation named on the command line; "" when the command line is not this OS's
    // invocation (then the caller answers with usage()).
    const std::string& operation() const noexcept;
    // How the helper is invoked here, translated.
    static std::string usage();
    // Why a helper without administrator rights refuses, translated.
    static std::string not_administrator_message();

    // The request: at most `max_bytes` + 1 bytes (one more than allowed marks it as too large).
    // False, with the reason in `error`, when it cannot be read.
    bool read_request(std::size_t max_bytes, std::string& bytes, std::string& error);
    // The message for a request that cannot be read, translated with the translator installed
    // at the time of the call.
    static std::string read_error_message(const std::string& error);

    // Sends the answer (one line of JSON).
    void respond(std::string_view line);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

}  // namespace fshosts::platform
