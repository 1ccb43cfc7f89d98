// POSIX implementation (Linux and macOS share it).
#include "platform/user_identity.h"

#include <pwd.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace fshosts::platform {
namespace {

// "<uid>(<name>)", or just "<uid>" when the user database does not know it.
std::string describe(uid_t uid)
{
    std::string text = std::to_string(uid);
    struct passwd pw {};
    struct passwd* found = nullptr;
    std::vector<char> buffer(16384);
    if (::getpwuid_r(uid, &pw, buffer.data(), buffer.size(), &found) == 0 && found && found->pw_name)
        text += "(" + std::string(found->pw_name) + ")";
    return text;
}

// The numeric value of an environment variable such as SUDO_UID; false if unset or not a number.
bool numeric_env(const char* name, uid_t& value)
{
    const char* text = std::getenv(name);
    if (!text || !*text)
        return false;
    std::string_view s(text);
    unsigned long long n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || end != s.data() + s.size() || n > static_cast<uid_t>(-1))
        return false;
    value = static_cast<uid_t>(n);
    return true;
}

}  // namespace

std::string acting_user()
{
    std::string text = "uid=" + describe(::getuid());
    uid_t other = 0;
    if (numeric_env("SUDO_UID", other))
        text += " sudo_uid=" + describe(other);
    if (numeric_env("PKEXEC_UID", other))
        text += " pkexec_uid=" + describe(other);
    return text;
}

bool is_administrator() { return ::getuid() == 0 && ::geteuid() == 0; }

}  // namespace fshosts::platform
