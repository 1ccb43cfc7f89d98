// POSIX (Linux and macOS): a program started with posix_spawn in its own process group, with
// this process's environment, stdin and stderr on /dev/null.
#include "platform/browser_launch.h"

#include "base/error.h"
#include "base/i18n.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

extern char** environ;

namespace fshosts::platform {

struct ChildProcess::State {
    pid_t pid = -1;
    bool exited = false;
    int code = -1;

    void reaped(int status)
    {
        exited = true;
        code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
};

ChildProcess::ChildProcess(const std::filesystem::path& program, const std::vector<std::string>& args,
                           const std::filesystem::path& stdout_file)
    : m_state(std::make_unique<State>())
{
    std::vector<std::string> argv_strings{program.string()};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& s : argv_strings)
        argv.push_back(s.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    if (stdout_file.empty())
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    else
        posix_spawn_file_actions_addopen(&actions, 1, stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    // Its own process group: stop() ends the browser's helper processes too, and a Ctrl+C in the
    // terminal reaches fshosts, which then stops the browser and removes its profile.
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), environ);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        throw Error(ErrorKind::Io, trf("Could not start {0}: {1}", program.string(), std::strerror(rc)));
    m_state->pid = pid;
}

ChildProcess::~ChildProcess()
{
    if (m_state)
        stop();
}

ChildProcess::ChildProcess(ChildProcess&&) noexcept = default;
ChildProcess& ChildProcess::operator=(ChildProcess&&) noexcept = default;

bool ChildProcess::wait_for(std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!m_state->exited) {
        int status = 0;
        const pid_t r = ::waitpid(m_state->pid, &status, WNOHANG);
        if (r == m_state->pid)
            m_state->reaped(status);
        else if (r < 0 && errno != EINTR)
            m_state->reaped(0);  // not our child any more (cannot happen unless someone reaped it): treat as exited
        else if (std::chrono::steady_clock::now() >= deadline)
            return false;
        else
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

void ChildProcess::wait()
{
    while (!m_state->exited) {
        int status = 0;
        const pid_t r = ::waitpid(m_state->pid, &status, 0);
        if (r == m_state->pid)
            m_state->reaped(status);
        else if (r < 0 && errno != EINTR)
            m_state->reaped(0);
    }
}

void ChildProcess::stop()
{
    // The whole group: what the browser started (its zygote, renderers, crash handler) too,
    // also after the browser itself has exited.
    ::kill(-m_state->pid, SIGKILL);
    wait();
}

bool ChildProcess::running() const { return !m_state->exited && ::kill(m_state->pid, 0) == 0; }

int ChildProcess::exit_code() const { return m_state->code; }

}  // namespace fshosts::platform

namespace fshosts::platform {

std::filesystem::path create_private_temp_dir(const std::string& prefix)
{
    std::error_code ec;
    std::filesystem::path base = std::filesystem::temp_directory_path(ec);
    if (ec)
        base = "/tmp";
    std::string pattern = (base / (prefix + "XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr)  // mode 0700
        throw Error(ErrorKind::Io, trf("Could not create a temporary folder in {0}: {1}", base.string(), std::strerror(errno)));
    return pattern;
}

}  // namespace fshosts::platform
