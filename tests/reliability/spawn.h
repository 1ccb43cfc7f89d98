// Starting a program without waiting for it, so a test can SIGKILL it at any moment — the
// closest a test gets to a power cut or `kill -9` in the middle of a write. Every child is
// reaped (here PID 1 does not reap orphans).
#pragma once

#include "spawn_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace fshosts::test::rel {

// The current environment with `overrides` ("NAME=VALUE") replacing variables of that name.
inline std::vector<std::string> environment_with(const std::vector<std::string>& overrides)
{
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        std::string entry(*e);
        const std::string name = entry.substr(0, entry.find('='));
        bool overridden = false;
        for (const std::string& o : overrides)
            overridden = overridden || o.substr(0, o.find('=')) == name;
        if (!overridden)
            env.push_back(std::move(entry));
    }
    env.insert(env.end(), overrides.begin(), overrides.end());
    return env;
}

// A running child with stdin on /dev/null and stdout/stderr on /dev/null or in the given files.
// Nothing of the parent leaks into it, so children may be started from several threads.
class Child {
public:
    Child(const std::vector<std::string>& argv, const std::vector<std::string>& env_overrides,
          const std::string& stdout_file = "/dev/null", const std::string& stderr_file = "/dev/null")
    {
        std::vector<std::string> env = environment_with(env_overrides);
        std::vector<char*> envp;
        for (std::string& s : env)
            envp.push_back(s.data());
        envp.push_back(nullptr);
        std::vector<std::string> args = argv;
        std::vector<char*> argp;
        for (std::string& s : args)
            argp.push_back(s.data());
        argp.push_back(nullptr);

        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        posix_spawn_file_actions_addopen(&actions, 2, stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int rc = posix_spawn(&m_pid, argp[0], &actions, nullptr, argp.data(), envp.data());
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) {
            m_pid = -1;
            throw std::runtime_error("cannot start " + argv.at(0) + ": " + std::strerror(rc));
        }
    }
    ~Child()
    {
        if (m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            wait();
        }
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    // Sends SIGKILL (harmless if the child already exited: it stays a zombie until reaped, so
    // the pid cannot have been reused) and reaps it. Returns the exit code, 128 + signal if killed.
    int kill_and_wait()
    {
        ::kill(m_pid, SIGKILL);
        return wait();
    }

    int wait()
    {
        int status = 0;
        while (::waitpid(m_pid, &status, 0) < 0) {
            if (errno != EINTR) {
                m_pid = -1;
                throw std::runtime_error("waitpid failed");
            }
        }
        m_pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }

private:
    pid_t m_pid = -1;
};

// Runs a program to completion like run_process(), but collects stdout and stderr through
// files in `io_dir` instead of pipes, so that several threads may run programs at once (a pipe
// end would leak into another thread's child and delay the end of its output).
inline ProcessResult run_captured(const std::vector<std::string>& argv, const std::vector<std::string>& env_overrides,
                                  const std::filesystem::path& io_dir)
{
    const std::filesystem::path out = io_dir / "stdout", err = io_dir / "stderr";
    ProcessResult result;
    {
        Child child(argv, env_overrides, out.string(), err.string());
        result.exit_code = child.wait();
    }
    auto slurp = [](const std::filesystem::path& p) {
        std::ifstream in(p, std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        return ss.str();
    };
    result.out = slurp(out);
    result.err = slurp(err);
    return result;
}

inline void sleep_for(std::chrono::microseconds d)
{
    timespec ts{static_cast<time_t>(d.count() / 1000000), static_cast<long>((d.count() % 1000000) * 1000)};
    while (::nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

}  // namespace fshosts::test::rel
