// Running programs from tests the way a user or script does: an argv array (never a shell), the
// inherited environment with changes or a replaced one, stdin bytes, stdout and stderr captured,
// optionally as another user or with a time limit. Every child is waited for (PID 1 here does not
// reap orphans). Also a forked copy of the test process, for code that must run in another
// process. POSIX only; descriptors are close-on-exec, so tests may start programs from threads.
#pragma once

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace fshosts::test {

struct ProcessResult {
    int exit_code = -1;  // 128 + signal when killed by a signal
    std::string out;
    std::string err;
};

struct ProcessOptions {
    std::vector<std::string> env{};    // "NAME=VALUE": replaces the variable of that name, or adds it
    bool clear_env = false;            // the child gets `env` alone, nothing inherited
    std::string stdin_data{};          // written to stdin, which is then closed
    std::optional<uid_t> as_user{};    // uid and gid (the same number), no supplementary groups; exit 126 if refused
    bool empty_argv = false;           // the program gets argc == 0 (argv = {NULL})
    std::optional<std::chrono::milliseconds> timeout{};  // then SIGKILL (exit code 137)
};

namespace detail {

inline int exit_code_of(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

inline int wait_for(pid_t pid)
{
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
    return exit_code_of(status);
}

// The child's environment: the inherited one with `o.env` replacing or adding variables, or `o.env` alone.
inline std::vector<std::string> environment_for(const ProcessOptions& o)
{
    if (o.clear_env)
        return o.env;
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        std::string entry(*e);
        const std::string name = entry.substr(0, entry.find('='));
        bool overridden = false;
        for (const std::string& v : o.env)
            overridden = overridden || v.substr(0, v.find('=')) == name;
        if (!overridden)
            env.push_back(std::move(entry));
    }
    env.insert(env.end(), o.env.begin(), o.env.end());
    return env;
}

inline std::vector<char*> pointers_to(std::vector<std::string>& strings)
{
    std::vector<char*> p;
    for (std::string& s : strings)
        p.push_back(s.data());
    p.push_back(nullptr);
    return p;
}

// Starts argv[0] (an absolute path) with `fds` as its stdin, stdout and stderr. posix_spawn,
// unless the child must change user: then fork, and nothing but system calls before execve.
inline pid_t start(const std::vector<std::string>& argv, const ProcessOptions& o, const int (&fds)[3])
{
    std::vector<std::string> args = argv, env = environment_for(o);
    std::vector<char*> argp = pointers_to(args), envp = pointers_to(env);
    const char* program = args.at(0).c_str();
    if (o.empty_argv)
        argp = {nullptr};
    pid_t pid = -1;
    if (!o.as_user) {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        for (int i = 0; i < 3; ++i)
            posix_spawn_file_actions_adddup2(&actions, fds[i], i);
        const int rc = posix_spawn(&pid, program, &actions, nullptr, argp.data(), envp.data());
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0)
            throw std::runtime_error("cannot start " + argv.at(0) + ": " + std::strerror(rc));
        return pid;
    }
    const uid_t id = *o.as_user;
    pid = ::fork();
    if (pid < 0)
        throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        for (int i = 0; i < 3; ++i)
            ::dup2(fds[i], i);
        if (::setgroups(0, nullptr) != 0 || ::setgid(id) != 0 || ::setuid(id) != 0)  // as root: real, effective and saved ids
            ::_exit(126);
        ::execve(program, argp.data(), envp.data());
        ::_exit(127);
    }
    return pid;
}

// A pipe whose ends are close-on-exec. macOS has no pipe2: there the flag is set right after, so a
// program that another thread starts in between may inherit the ends (the macOS tests start
// programs from one thread only).
inline bool cloexec_pipe(int (&fds)[2])
{
#if defined(__linux__)
    return ::pipe2(fds, O_CLOEXEC) == 0;
#else
    if (::pipe(fds) != 0)
        return false;
    return ::fcntl(fds[0], F_SETFD, FD_CLOEXEC) == 0 && ::fcntl(fds[1], F_SETFD, FD_CLOEXEC) == 0;
#endif
}

inline void close_fd(int& fd)
{
    if (fd >= 0)
        ::close(fd);
    fd = -1;
}

}  // namespace detail

// Runs argv[0] to completion, feeding it `o.stdin_data` and collecting its stdout and stderr.
inline ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& o = {})
{
    int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
    if (!detail::cloexec_pipe(in) || !detail::cloexec_pipe(out) || !detail::cloexec_pipe(err)) {
        const std::string reason = std::strerror(errno);
        for (int* pipe : {in, out, err})
            for (int i = 0; i < 2; ++i)
                detail::close_fd(pipe[i]);
        throw std::runtime_error("pipe: " + reason);
    }
    pid_t pid = -1;
    try {
        pid = detail::start(argv, o, {in[0], out[1], err[1]});
    } catch (...) {
        for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]})
            ::close(fd);
        throw;
    }
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);

    ProcessResult result;
    int to_child = in[1];
    ::fcntl(to_child, F_SETFL, O_NONBLOCK);
    if (o.stdin_data.empty())
        detail::close_fd(to_child);
    std::size_t written = 0;
    const auto deadline = o.timeout ? std::chrono::steady_clock::now() + *o.timeout : std::chrono::steady_clock::time_point::max();
    pollfd fds[3] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}, {to_child, POLLOUT, 0}};
    while (fds[0].fd >= 0 || fds[1].fd >= 0) {
        fds[2].fd = to_child;
        int wait_ms = -1;
        if (o.timeout) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            wait_ms = static_cast<int>(std::max<std::chrono::milliseconds::rep>(left.count(), 0));
        }
        const int ready = ::poll(fds, 3, wait_ms);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0) {  // out of time: the child is killed below, its output so far kept
            ::kill(pid, SIGKILL);
            break;
        }
        if (to_child >= 0 && fds[2].revents) {
            const ssize_t n = ::write(to_child, o.stdin_data.data() + written, o.stdin_data.size() - written);
            if (n > 0)
                written += static_cast<std::size_t>(n);
            if (written == o.stdin_data.size() || (n < 0 && errno != EAGAIN && errno != EINTR))
                detail::close_fd(to_child);  // all written, or the child stopped reading
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !fds[i].revents)
                continue;
            char buffer[4096];
            const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0)
                (i == 0 ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
            else if (n == 0 || errno != EINTR)
                detail::close_fd(fds[i].fd);
        }
    }
    for (int fd : {to_child, fds[0].fd, fds[1].fd})
        if (fd >= 0)
            ::close(fd);
    result.exit_code = detail::wait_for(pid);
    return result;
}

// A running child: a program started without waiting for it (so a test can SIGKILL it at any
// moment, the closest a test gets to a power cut), or a forked copy of the test process. Killed
// and reaped when the object goes, if not waited for before.
class Child {
public:
    // Starts argv[0] with stdin on /dev/null and stdout/stderr written to these files.
    static Child spawn(const std::vector<std::string>& argv, const ProcessOptions& o = {},
                       const std::string& stdout_file = "/dev/null", const std::string& stderr_file = "/dev/null")
    {
        int fds[3] = {::open("/dev/null", O_RDONLY | O_CLOEXEC),
                      ::open(stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600),
                      ::open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)};
        pid_t pid = -1;
        std::string failure;
        if (fds[0] < 0 || fds[1] < 0 || fds[2] < 0)
            failure = "cannot open the child's stdin, stdout or stderr: " + std::string(std::strerror(errno));
        else
            try {
                pid = detail::start(argv, o, fds);
            } catch (const std::exception& e) {
                failure = e.what();
            }
        for (int& fd : fds)
            detail::close_fd(fd);
        if (pid < 0)
            throw std::runtime_error(failure);
        return Child(pid);
    }

    // Runs `body` in a forked copy of this process; what it returns is the exit code. The copy
    // ends with _exit: no Catch2 or static destructors run there (an exception: exit code 125).
    static Child fork(const std::function<int()>& body)
    {
        const pid_t pid = ::fork();
        if (pid < 0)
            throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
        if (pid == 0) {
            int code = 125;
            try {
                code = body();
            } catch (...) {
            }
            ::_exit(code);
        }
        return Child(pid);
    }

    Child(Child&& other) noexcept : m_pid(other.m_pid) { other.m_pid = -1; }
    Child& operator=(Child&&) = delete;
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    ~Child()
    {
        if (m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            while (::waitpid(m_pid, nullptr, 0) < 0 && errno == EINTR) {
            }
        }
    }

    // Sends SIGKILL (harmless if the child already exited: it stays a zombie until reaped, so
    // the pid cannot have been reused) and reaps it. Returns the exit code, 128 + signal if killed.
    int kill_and_wait()
    {
        ::kill(m_pid, SIGKILL);
        return wait();
    }

    int wait()
    {
        const pid_t pid = m_pid;
        m_pid = -1;
        return detail::wait_for(pid);
    }

private:
    explicit Child(pid_t pid) : m_pid(pid) {}
    pid_t m_pid = -1;
};

}  // namespace fshosts::test
