// The one error type of fshosts: a category that front ends map to an exit code or a dialog,
// and a message already translated for the user.
#pragma once

#include <stdexcept>
#include <string>

namespace fshosts {

enum class ErrorKind {
    BadInput,       // a domain, address or request the user can correct
    Conflict,       // the hosts file holds something that stops the change (user line, malformed block)
    ChangedOnDisk,  // the file changed between reading and writing
    Permission,     // not allowed to read or write the target
    Io,             // any other failure of the file system
    Busy,           // another program holds the lock longer than fshosts waits (platform/file_lock.h)
};

class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), m_kind(kind) {}
    ErrorKind kind() const noexcept { return m_kind; }

private:
    ErrorKind m_kind;
};

// Documented process exit codes (README "Exit codes"): one per category.
inline constexpr int exit_ok = 0;
inline constexpr int exit_internal = 1;
inline int exit_code(ErrorKind kind) noexcept
{
    switch (kind) {
    case ErrorKind::BadInput: return 2;
    case ErrorKind::Conflict: return 3;
    case ErrorKind::ChangedOnDisk: return 3;
    case ErrorKind::Permission: return 4;
    case ErrorKind::Io: return 5;
    case ErrorKind::Busy: return 3;  // like a change on disk: something else is changing the file now
    }
    return exit_internal;
}

}  // namespace fshosts
