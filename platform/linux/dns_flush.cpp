// Linux: systemd-resolved (resolvectl flush-caches) and nscd (nscd -i hosts), when running.
#include "platform/dns_flush.h"

#include "core/i18n.h"
#include "platform/run_program.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <optional>
#include <string>

namespace fshosts::platform {
namespace {

constexpr std::chrono::seconds flush_timeout{5};

bool exists(const char* path) { return ::access(path, F_OK) == 0; }
bool executable(const char* path) { return ::access(path, X_OK) == 0; }

FlushResult run_flush(const char* cache, const char* program, const std::vector<std::string>& args)
{
    std::string command = program;
    for (const std::string& a : args)
        command += " " + a;
    const ProgramResult r = run_program(program, args, {"PATH=/usr/sbin:/usr/bin:/sbin:/bin"}, {}, flush_timeout);
    FlushResult result{cache, false, command};
    if (!r.started)
        result.detail = trf("Cannot start {0}: {1}", command, r.error);
    else if (r.timed_out)
        result.detail = trf("{0} did not finish within {1} seconds and was stopped.", command, flush_timeout.count());
    else if (r.exit_code != 0)
        result.detail = trf("{0} failed with exit code {1}.", command, r.exit_code);
    else
        result.ok = true;
    return result;
}

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
            results.push_back(run_flush("systemd-resolved", resolvectl, {"flush-caches"}));
            break;
        }
    }
    if (executable("/usr/sbin/nscd") && nscd_pid())
        results.push_back(run_flush("nscd", "/usr/sbin/nscd", {"-i", "hosts"}));
    return results;
}

}  // namespace fshosts::platform
