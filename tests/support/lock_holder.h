// A process that holds flock(LOCK_EX) on some files until the test lets go: the other program
// (or other user) that fshosts must not wait for forever. Built on tests/support/process.h.
#pragma once

#include "support/process.h"

#include <grp.h>
#include <poll.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace fshosts::test {

class LockHolder {
public:
    // Forks a child that (as `as_user`, uid = gid, when given) opens each file read-only and
    // locks it; returns once every lock is held. Throws when the child could not take them.
    LockHolder(const std::vector<std::filesystem::path>& files, std::optional<uid_t> as_user = {})
        : m_child(start(files, as_user))
    {
    }
    // Kills the child (releasing its locks) and reaps it.
    void release() { m_child.kill_and_wait(); }

private:
    static Child start(const std::vector<std::filesystem::path>& files, std::optional<uid_t> as_user)
    {
        int ready[2];
        if (::pipe(ready) != 0)
            throw std::runtime_error("pipe failed");
        Child child = Child::fork([&] {
            ::close(ready[0]);
            if (as_user && (::setgroups(0, nullptr) != 0 || ::setgid(*as_user) != 0 || ::setuid(*as_user) != 0))
                return 3;
            for (const std::filesystem::path& f : files) {
                const int fd = ::open(f.c_str(), O_RDONLY | O_NONBLOCK);
                if (fd < 0 || ::flock(fd, LOCK_EX | LOCK_NB) != 0)
                    return 4;
            }
            if (::write(ready[1], "L", 1) != 1)
                return 5;
            for (;;)
                ::pause();
        });
        ::close(ready[1]);
        pollfd p{ready[0], POLLIN, 0};
        char c = 0;
        const bool locked = ::poll(&p, 1, 10000) == 1 && ::read(ready[0], &c, 1) == 1 && c == 'L';
        ::close(ready[0]);
        if (!locked)
            throw std::runtime_error("the lock-holding child could not lock its files (exit code " +
                                     std::to_string(child.kill_and_wait()) + ")");
        return child;
    }

    Child m_child;
};

}  // namespace fshosts::test
