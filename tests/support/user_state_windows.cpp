// UserStateHome on Windows: %LOCALAPPDATA%\fshosts cannot be moved for a test (a known folder),
// so `home` is not used; the audit log is read from where it ended.
#include "support/user_state.h"

namespace fs = std::filesystem;

namespace fshosts::test {

UserStateHome::UserStateHome(const fs::path& /*home*/)
{
    m_audit_start = audit_size();
}

UserStateHome::~UserStateHome() = default;

}  // namespace fshosts::test
