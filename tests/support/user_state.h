// The user's state directory (platform::user_state_dir(): backups, journal and audit log of
// --hosts-file targets) as one test sees it. Linux: XDG_STATE_HOME points at `home` while the
// object lives and is put back afterwards, so the directory is `home`/fshosts inside the test's
// temp directory. Windows: %LOCALAPPDATA% is a known folder, not an environment variable, so a
// test uses the real one (under Wine the throw-away prefix's): tests keep apart there by their
// hosts files (one state folder per file, removed by forget()) and read the shared audit log
// only from where it ended when they began (audit_since_start()).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace fshosts::test {

class UserStateHome {
public:
    explicit UserStateHome(const std::filesystem::path& home);
    ~UserStateHome();
    UserStateHome(const UserStateHome&) = delete;
    UserStateHome& operator=(const UserStateHome&) = delete;

    // platform::user_state_dir() while this object lives.
    std::filesystem::path dir() const;
    // The user's audit log, and what was appended to it since this object was made.
    std::filesystem::path audit_log() const { return dir() / "audit.log"; }
    std::string audit_since_start() const;
    // Removes the state folder of the --hosts-file target `hosts` (Windows: it is not inside
    // the test's temp directory).
    void forget(const std::filesystem::path& hosts) const;

private:
    std::uint64_t audit_size() const;  // 0 when there is none

    std::optional<std::string> m_old;  // XDG_STATE_HOME before (POSIX)
    std::uint64_t m_audit_start = 0;
};

}  // namespace fshosts::test
