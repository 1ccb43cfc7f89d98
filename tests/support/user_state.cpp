// The parts of UserStateHome every OS shares (user_state_posix.cpp / user_state_windows.cpp
// point the state directory at the test's temp directory where the OS allows it).
#include "support/user_state.h"

#include "core/hosts_writer.h"
#include "platform/state_dirs.h"

#include <fstream>
#include <system_error>

namespace fs = std::filesystem;

namespace fshosts::test {

fs::path UserStateHome::dir() const { return platform::user_state_dir(); }

std::uint64_t UserStateHome::audit_size() const
{
    std::error_code ec;
    const auto size = fs::file_size(audit_log(), ec);
    return ec ? 0 : size;
}

std::string UserStateHome::audit_since_start() const
{
    const std::uint64_t size = audit_size();
    if (size <= m_audit_start)
        return {};
    std::string text(static_cast<std::size_t>(size - m_audit_start), '\0');
    std::ifstream in(audit_log(), std::ios::binary);
    in.seekg(static_cast<std::streamoff>(m_audit_start));
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

void UserStateHome::forget(const fs::path& hosts) const
{
    std::error_code ec;
    fs::remove_all(Target::for_file(hosts).state_dir, ec);
}

}  // namespace fshosts::test
