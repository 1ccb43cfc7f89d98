// Linux: systemd-resolved (resolvectl flush-caches) and nscd (nscd -i hosts), when running.
#include "platform/dns_flush.h"

#include "posix/flush_command.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <optional>
#include <string>

namespace fshosts::platform {
namespace {

bool exists(const char* path) { return ::access(path, F_OK) == 0; }
bool executable(const char* path) { return ::access(path, X_OK) == 0; }

// The running nscd's pid, from its pid file, if that process exists.
std::optional<pid_t> nscd_pid()
{
    for (const char* pid_file : {"/var/run/nscd/nscd.pid", "/run/nscd/nscd.pid"}) {
        std::ifstream in(pid_file);
        std::string text;
        if (!(in >> text) || text.empty() || text.size() > 9 ||
            !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
            continue;
        const auto pid = static_cast<pid_t>(std::stol(text));
        if (pid > 1 && ::kill(pid, 0) == 0)
            return pid;
    }
    return std::nullopt;
}

}  // namespace

std::vector<FlushResult> flush_dns_caches()
{
    std::vector<FlushResult> results;
    const bool resolved_active = exists("/run/systemd/resolve/io.systemd.Resolve") || exists("/run/systemd/resolve/resolv.conf");
    for (const char* resolvectl : {"/usr/bin/resolvectl", "/bin/resolvectl"}) {
        if (resolved_active && executable(resolvectl)) {
            results.push_back(detail::run_flush("systemd-resolved", resolvectl, {"flush-caches"}));
            break;
        }
    }
    if (executable("/usr/sbin/nscd") && nscd_pid())
        results.push_back(detail::run_flush("nscd", "/usr/sbin/nscd", {"-i", "hosts"}));
    return results;
}

}  // namespace fshosts::platform
