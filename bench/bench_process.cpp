#include "bench_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace fshosts::bench {

double elapsed_ms(Clock::time_point since, Clock::time_point until)
{
    return std::chrono::duration<double, std::milli>(until - since).count();
}

namespace {

std::string name_of(const std::string& entry)
{
    return entry.substr(0, entry.find('='));
}

std::vector<std::string> merged_environment(const std::vector<std::string>& overrides)
{
    std::vector<std::string> result;
    for (char** e = environ; *e != nullptr; ++e) {
        std::string entry(*e);
        bool overridden = false;
        for (const std::string& o : overrides)
            overridden = overridden || name_of(o) == name_of(entry);
        if (!overridden)
            result.push_back(entry);
    }
    result.insert(result.end(), overrides.begin(), overrides.end());
    return result;
}

std::vector<char*> pointers(std::vector<std::string>& strings)
{
    std::vector<char*> result;
    for (std::string& s : strings)
        result.push_back(s.data());
    result.push_back(nullptr);
    return result;
}

Finished finished_from(int status, const rusage& usage, Clock::time_point started)
{
    Finished f;
    f.wall_ms = elapsed_ms(started);
    f.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    f.max_rss_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;  // KiB on Linux
    return f;
}

// The children not reaped yet, for the signal handler (plain array: async-signal-safe).
constexpr std::size_t max_children = 16;
volatile sig_atomic_t g_children[max_children] = {};

void remember(pid_t pid)
{
    for (auto& slot : g_children)
        if (slot == 0) {
            slot = pid;
            return;
        }
}

void forget(pid_t pid)
{
    for (auto& slot : g_children)
        if (slot == pid)
            slot = 0;
}

extern "C" void kill_children_and_die(int sig)
{
    for (auto& slot : g_children)
        if (slot > 0)
            kill(static_cast<pid_t>(slot), SIGKILL);
    signal(sig, SIG_DFL);
    raise(sig);
}

}  // namespace

void kill_children_on_signal()
{
    for (int sig : {SIGINT, SIGTERM, SIGHUP})
        signal(sig, kill_children_and_die);
}

pid_t spawn(const std::vector<std::string>& argv, const SpawnOptions& options)
{
    if (argv.empty())
        throw std::invalid_argument("spawn: empty argv");
    std::vector<std::string> args = argv;
    std::vector<std::string> env = merged_environment(options.env);
    std::vector<char*> argp = pointers(args);
    std::vector<char*> envp = pointers(env);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    const std::string err_path = options.stderr_file.empty() ? "/dev/null" : options.stderr_file.string();
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (options.extra_fd >= 0)
        posix_spawn_file_actions_adddup2(&actions, options.extra_fd, 3);

    pid_t pid = -1;
    const int rc = posix_spawnp(&pid, argp[0], &actions, nullptr, argp.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
    remember(pid);
    return pid;
}

Finished reap(pid_t pid, Clock::time_point started)
{
    int status = 0;
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR)
            throw std::runtime_error(std::string("wait4: ") + std::strerror(errno));
    }
    forget(pid);
    return finished_from(status, usage, started);
}

bool reap_within(pid_t pid, std::chrono::milliseconds timeout, Finished& finished, Clock::time_point started)
{
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        int status = 0;
        rusage usage{};
        const pid_t r = wait4(pid, &status, WNOHANG, &usage);
        if (r == pid) {
            forget(pid);
            finished = finished_from(status, usage, started);
            return true;
        }
        if (r < 0 && errno != EINTR)
            throw std::runtime_error(std::string("wait4: ") + std::strerror(errno));
        if (Clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

Finished terminate(pid_t pid, Clock::time_point started, std::chrono::milliseconds grace)
{
    Finished f;
    kill(pid, SIGTERM);
    if (reap_within(pid, grace, f, started))
        return f;
    kill(pid, SIGKILL);
    return reap(pid, started);
}

namespace {

std::filesystem::path g_launcher;

// Everything left to read from `fd` (a pipe), retrying on EINTR.
std::string read_to_end(int fd)
{
    std::string out;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = read(fd, buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0)
            out.append(buffer, static_cast<std::size_t>(n));
    return out;
}

// Runs argv through the launcher (bench_run.cpp), which reports on fd 3 the child's wall time
// and peak RSS as measured from a small process: see there why.
Finished run_through_launcher(const std::vector<std::string>& argv, const SpawnOptions& options)
{
    if (options.extra_fd >= 0)
        throw std::invalid_argument("run_checked: fd 3 is the launcher's report");
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
    std::vector<std::string> launch = {g_launcher.string(), "3"};
    launch.insert(launch.end(), argv.begin(), argv.end());
    SpawnOptions with_report = options;
    with_report.extra_fd = fds[1];
    pid_t pid = -1;
    try {
        pid = spawn(launch, with_report);
    } catch (...) {
        close(fds[0]);
        close(fds[1]);
        throw;
    }
    close(fds[1]);
    const std::string report = read_to_end(fds[0]);
    close(fds[0]);
    const Finished launcher = reap(pid, Clock::now());
    long long ns = 0;
    long rss_kib = 0;
    int status = 0;
    if (launcher.exit_code != 0 || std::sscanf(report.c_str(), "%lld %ld %d", &ns, &rss_kib, &status) != 3)
        throw std::runtime_error("bench-run failed (exit " + std::to_string(launcher.exit_code) + ") for " + join(argv, " "));
    Finished f;
    f.wall_ms = static_cast<double>(ns) / 1e6;
    f.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    f.max_rss_mib = static_cast<double>(rss_kib) / 1024.0;
    return f;
}

}  // namespace

void measure_through(const std::filesystem::path& launcher)
{
    g_launcher = launcher;
}

Finished run_checked(const std::vector<std::string>& argv, const SpawnOptions& options)
{
    const auto started = Clock::now();
    Finished f;
    if (!g_launcher.empty()) {
        f = run_through_launcher(argv, options);
    } else {
        f = reap(spawn(argv, options), started);
    }
    if (f.exit_code != 0) {
        std::string detail;
        if (!options.stderr_file.empty())
            detail = read_file(options.stderr_file);
        throw std::runtime_error(join(argv, " ") + " exited with " + std::to_string(f.exit_code) +
                                 (detail.empty() ? "" : ":\n" + detail));
    }
    return f;
}

std::string first_line_of_output(const std::vector<std::string>& argv)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return {};
    std::vector<std::string> args = argv;
    std::vector<char*> argp = pointers(args);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    const int rc = posix_spawnp(&pid, argp[0], &actions, nullptr, argp.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    std::string out;
    if (rc == 0) {
        out = read_to_end(fds[0]);
        reap(pid, Clock::now());
    }
    close(fds[0]);
    out = out.substr(0, out.find('\n'));
    while (!out.empty() && (out.back() == '\r' || out.back() == ' '))
        out.pop_back();
    return out;
}

std::string read_file(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + path.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string join(const std::vector<std::string>& parts, const std::string& separator)
{
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i)
        out += (i ? separator : "") + parts[i];
    return out;
}

}  // namespace fshosts::bench
