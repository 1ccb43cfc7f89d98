#include "platform/state_dirs.h"

#include "core/error.h"
#include "core/i18n.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

namespace fshosts::platform {
namespace {

// The home directory: $HOME when it is an absolute path, otherwise the user database.
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

}  // namespace

std::filesystem::path system_state_dir() { return "/Library/Application Support/fshosts"; }

std::filesystem::path user_state_dir() { return home_directory() / "Library" / "Application Support" / "fshosts"; }

}  // namespace fshosts::platform
