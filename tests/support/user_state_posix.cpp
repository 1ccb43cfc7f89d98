// UserStateHome on Linux (and macOS, where user_state_dir() ignores XDG_STATE_HOME and the real
// folder is used, as on Windows): XDG_STATE_HOME points at the test's directory.
#include "support/user_state.h"

#include <cstdlib>

namespace fs = std::filesystem;

namespace fshosts::test {

UserStateHome::UserStateHome(const fs::path& home)
{
    if (const char* s = std::getenv("XDG_STATE_HOME"))
        m_old = s;
    ::setenv("XDG_STATE_HOME", home.c_str(), 1);
    m_audit_start = audit_size();
}

UserStateHome::~UserStateHome()
{
    if (m_old)
        ::setenv("XDG_STATE_HOME", m_old->c_str(), 1);
    else
        ::unsetenv("XDG_STATE_HOME");
}

}  // namespace fshosts::test
