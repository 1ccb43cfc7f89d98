// bench-run REPORT_FD PROGRAM [ARG...]: runs PROGRAM and writes "<wall ns> <peak RSS KiB>
// <wait status>\n" to REPORT_FD.
//
// Why a process of its own: Linux gives a child's ru_maxrss at least the peak RSS of the process
// it was forked or vforked from (exec records the old address space's high-water mark), so a
// program started straight from fshosts-bench, which holds the hosts files in memory, was charged
// with the bench's own size (a 2M-line file: 168-200 MiB reported for a 63 MiB fshosts). This
// launcher is small (no C++ library, ~1 MiB resident), forks, execs, and times the child from the
// fork to the reap itself, so its own start-up is not counted either.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::fputs("usage: bench-run REPORT_FD PROGRAM [ARG...]\n", stderr);
        return 2;
    }
    const int report_fd = std::atoi(argv[1]);
    timespec started{};
    clock_gettime(CLOCK_MONOTONIC, &started);
    const pid_t pid = fork();
    if (pid < 0) {
        std::perror("bench-run: fork");
        return 2;
    }
    if (pid == 0) {
        close(report_fd);
        execvp(argv[2], argv + 2);
        std::perror("bench-run: exec");
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            std::perror("bench-run: wait4");
            return 2;
        }
    }
    timespec finished{};
    clock_gettime(CLOCK_MONOTONIC, &finished);
    const long long ns = (finished.tv_sec - started.tv_sec) * 1000000000LL + (finished.tv_nsec - started.tv_nsec);
    if (dprintf(report_fd, "%lld %ld %d\n", ns, usage.ru_maxrss, status) < 0)
        return 2;
    return 0;
}
