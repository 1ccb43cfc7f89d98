// POSIX: also compiled on macOS.
#include "posix/home_directory.h"

#include "base/error.h"
#include "base/i18n.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

namespace fshosts::platform::detail {

std::filesystem::path home_directory()
{
    const char* home = std::getenv("HOME");
    if (home && home[0] == '/')
        return home;
    struct passwd pw {};
    struct passwd* found = nullptr;
    std::vector<char> buffer(16384);
    if (::getpwuid_r(::getuid(), &pw, buffer.data(), buffer.size(), &found) == 0 && found && found->pw_dir &&
        found->pw_dir[0] == '/')
        return found->pw_dir;
    throw Error(ErrorKind::Io, _("Cannot find your home directory: HOME is not set and the user database has none."));
}

}  // namespace fshosts::platform::detail
