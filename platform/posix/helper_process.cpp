// The helper's process on Linux and macOS: started by pkexec or sudo as `fshosts-helper
// OPERATION`, the request on stdin, the answer on stdout.
#include "platform/helper_process.h"

#include "base/i18n.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>  // setenv
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <optional>

extern char** environ;  // POSIX; no header declares it everywhere

namespace fshosts::platform {
namespace {

// A variable such as SUDO_UID, kept only when it is a plain number.
std::optional<std::string> numeric_env(const char* name)
{
    const char* value = std::getenv(name);
    const std::string_view text = value ? value : "";
    if (text.empty() || text.size() > 10 || text.find_first_not_of("0123456789") != std::string_view::npos)
        return std::nullopt;
    return std::string(text);
}

}  // namespace

// A file opened later must never become stdin/stdout/stderr: a caller may start us with them closed.
void ensure_standard_streams(int exit_code_on_failure)
{
    for (int fd = 0; fd <= 2; ++fd)
        if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF && ::open("/dev/null", O_RDWR) != fd)
            ::_exit(exit_code_on_failure);
}

std::string harden_process()
{
    std::string unsafe;
    // glibc's loader, and macOS's dyld (which ignores these for set-id programs, not for a
    // program that root starts).
    for (const char* name : {"LD_PRELOAD", "LD_AUDIT", "LD_LIBRARY_PATH", "DYLD_INSERT_LIBRARIES", "DYLD_LIBRARY_PATH",
                             "DYLD_FRAMEWORK_PATH"})
        if (unsafe.empty() && std::getenv(name) != nullptr)
            unsafe = name;
    const std::optional<std::string> pkexec_uid = numeric_env("PKEXEC_UID");
    const std::optional<std::string> sudo_uid = numeric_env("SUDO_UID");
    // Every variable dropped: a new, empty environment (POSIX allows assigning `environ`; macOS
    // has no clearenv()). setenv() below copies from there.
    static char* empty_environment[] = {nullptr};
    environ = empty_environment;
    ::setenv("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", 1);
    if (pkexec_uid)
        ::setenv("PKEXEC_UID", pkexec_uid->c_str(), 1);  // read by platform::acting_user() for the audit log
    if (sudo_uid)
        ::setenv("SUDO_UID", sudo_uid->c_str(), 1);
    ::umask(077);
    static_cast<void>(::chdir("/") == 0);  // cannot fail for root; no relative path is used anyway
    ::signal(SIGCHLD, SIG_DFL);  // waitpid() must see our children (DNS flush)
    // A caller's file size limit must not cut a write short (or kill us halfway with SIGXFSZ).
    const rlimit unlimited{RLIM_INFINITY, RLIM_INFINITY};
    ::setrlimit(RLIMIT_FSIZE, &unlimited);
    ::signal(SIGXFSZ, SIG_IGN);
    return unsafe;
}

struct HelperChannel::State {
    std::string operation;
};

// Exactly one argument: the operation.
HelperChannel::HelperChannel(int argc, char** argv) : m_state(std::make_unique<State>())
{
    if (argc == 2 && argv[0] != nullptr && argv[1] != nullptr)
        m_state->operation = argv[1];
}

HelperChannel::~HelperChannel() = default;

const std::string& HelperChannel::operation() const noexcept { return m_state->operation; }

std::string HelperChannel::usage()
{
    return _("Usage: fshosts-helper apply|revert|restore|status, with the request as JSON on standard input.");
}

std::string HelperChannel::not_administrator_message() { return _("fshosts-helper must run as root (through pkexec or sudo)."); }

// Stdin up to one byte more than a request may have, so an oversized request is recognised.
bool HelperChannel::read_request(std::size_t max_bytes, std::string& bytes, std::string& error)
{
    char buffer[8192];
    while (bytes.size() <= max_bytes) {
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n == 0)
            return true;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            error = std::strerror(errno);
            return false;
        }
        bytes.append(buffer, static_cast<std::size_t>(n));
    }
    bytes.resize(max_bytes + 1);
    return true;
}

std::string HelperChannel::read_error_message(const std::string& error)
{
    return trf("Cannot read the request from standard input: {0}", error);
}

void HelperChannel::respond(std::string_view line) { std::cout << line << '\n' << std::flush; }

}  // namespace fshosts::platform
