// POSIX: also compiled on macOS.
#include "posix/run_program.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace fshosts::platform {
namespace {

struct Pipe {
    int fd[2] = {-1, -1};
    bool open() { return ::pipe(fd) == 0; }
    void close_end(int i)
    {
        if (fd[i] >= 0)
            ::close(fd[i]);
        fd[i] = -1;
    }
    ~Pipe()
    {
        close_end(0);
        close_end(1);
    }
};

}  // namespace

ProgramResult run_program(const std::filesystem::path& program, const std::vector<std::string>& args,
                          const std::vector<std::string>& env, std::string_view input, std::chrono::milliseconds timeout)
{
    // A program that exits without reading its stdin must not kill us with SIGPIPE.
    ::signal(SIGPIPE, SIG_IGN);
    ProgramResult result;
    Pipe in, out, err;
    if (!in.open() || !out.open() || !err.open()) {
        result.error = std::strerror(errno);
        return result;
    }
    for (int fd : {in.fd[1], out.fd[0], err.fd[0]})
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);

    std::vector<std::string> argv_strings{program.string()};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& s : argv_strings)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_strings = env;
    std::vector<char*> envp;
    for (std::string& s : env_strings)
        envp.push_back(s.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in.fd[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err.fd[1], 2);
    // Its own process group, so a timeout stops everything it started, not only the program.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
    in.close_end(0);
    out.close_end(1);
    err.close_end(1);
    if (rc != 0) {
        result.error = std::strerror(rc);
        return result;
    }
    result.started = true;

    // Feed stdin and drain stdout/stderr together so neither side can block the other.
    ::fcntl(in.fd[1], F_SETFL, O_NONBLOCK);
    std::size_t written = 0;
    if (input.empty())
        in.close_end(1);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (out.fd[0] >= 0 || err.fd[0] >= 0) {
        pollfd fds[3] = {{out.fd[0], POLLIN, 0}, {err.fd[0], POLLIN, 0}, {in.fd[1], POLLOUT, 0}};
        int wait_ms = -1;
        if (timeout.count() > 0) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) {
                ::kill(-pid, SIGKILL);
                result.timed_out = true;
                break;
            }
            wait_ms = static_cast<int>(left.count());
        }
        if (::poll(fds, 3, wait_ms) < 0 && errno != EINTR)
            break;
        if (fds[2].fd >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t n = ::write(in.fd[1], input.data() + written, input.size() - written);
            if (n > 0)
                written += static_cast<std::size_t>(n);
            if (n < 0 && errno != EAGAIN && errno != EINTR)
                written = input.size();  // the program closed its stdin: stop feeding it
            if (written == input.size())
                in.close_end(1);
        }
        for (int i = 0; i < 2; ++i) {
            Pipe& p = i == 0 ? out : err;
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char buffer[4096];
            ssize_t n = ::read(p.fd[0], buffer, sizeof buffer);
            if (n > 0)
                (i == 0 ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
            else if (n == 0 || (errno != EINTR && errno != EAGAIN))
                p.close_end(0);
        }
    }
    in.close_end(1);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

}  // namespace fshosts::platform
