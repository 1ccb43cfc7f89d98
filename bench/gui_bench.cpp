#include "gui_bench.h"

#include "bench_process.h"
#include "x_window.h"

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace fshosts::bench {

namespace fs = std::filesystem;

namespace {

// utime + stime of pid, in clock ticks.
long long cpu_ticks(pid_t pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat;
    std::getline(in, stat);  // one line
    const auto close_paren = stat.rfind(')');
    if (close_paren == std::string::npos)
        throw std::runtime_error("cannot read /proc/" + std::to_string(pid) + "/stat");
    std::istringstream fields(stat.substr(close_paren + 2));
    std::string field;
    long long utime = 0, stime = 0;
    for (int i = 3; fields >> field; ++i) {  // field 3 is the state; utime is 14, stime 15
        if (i == 14)
            utime = std::stoll(field);
        if (i == 15) {
            stime = std::stoll(field);
            break;
        }
    }
    return utime + stime;
}

// "VmRSS:     12345 kB" -> MiB
double status_mib(pid_t pid, const std::string& key)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key + ":", 0) == 0)
            return std::stod(line.substr(key.size() + 1)) / 1024.0;
    }
    throw std::runtime_error("no " + key + " in /proc/" + std::to_string(pid) + "/status");
}

// Waits until pid has used no CPU for 300 ms (at most 15 s): the window is up and the program
// has finished what it does after the map.
double wait_until_idle(pid_t pid)
{
    const auto started = Clock::now();
    long long last = cpu_ticks(pid);
    int quiet = 0;
    while (quiet < 3 && Clock::now() - started < std::chrono::seconds(15)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        const long long now = cpu_ticks(pid);
        quiet = now == last ? quiet + 1 : 0;
        last = now;
    }
    return elapsed_ms(started);
}

GuiRun run_once(MapWatcher& watcher, const std::string& display, const GuiTarget& target, const fs::path& work_dir)
{
    SpawnOptions options;
    options.stderr_file = work_dir / "gui-stderr.txt";
    options.env = {"DISPLAY=" + display,
                   "NO_AT_BRIDGE=1",
                   "LANG=C.UTF-8",
                   "XDG_CONFIG_HOME=" + (work_dir / "config").string(),
                   "XDG_STATE_HOME=" + (work_dir / "state").string(),
                   "XDG_CACHE_HOME=" + (work_dir / "cache").string()};
    const auto started = Clock::now();
    const pid_t pid = spawn(target.argv, options);
    GuiRun run;
    try {
        run.window_ms = elapsed_ms(started, watcher.wait_for_window(pid, target.title_part, std::chrono::seconds(120)));
        run.settle_ms = wait_until_idle(pid);
        run.rss_mib = status_mib(pid, "VmRSS");
        run.hwm_mib = status_mib(pid, "VmHWM");
    } catch (const std::exception& e) {
        terminate(pid, started);
        throw std::runtime_error(target.label + ": " + e.what() + "\n" + read_file(options.stderr_file));
    }
    terminate(pid, started);
    return run;
}

}  // namespace

std::vector<GuiResult> run_gui_bench(const std::vector<GuiTarget>& targets, const fs::path& work_dir, int rounds)
{
    for (const char* dir : {"config", "state", "cache"})
        fs::create_directories(work_dir / dir);
    VirtualDisplay display(work_dir / "xvfb.log");
    MapWatcher watcher(display.name());

    std::vector<GuiResult> results;
    for (const GuiTarget& t : targets)
        results.push_back(GuiResult{t.label, t.bytes, {}});

    const std::size_t n = targets.size();
    for (int i = 0; i <= rounds; ++i) {  // round 0: warm-up (fonts, icon theme, page cache), not kept
        for (std::size_t k = 0; k < n; ++k) {
            const std::size_t which = (static_cast<std::size_t>(i) + k) % n;
            const GuiRun run = run_once(watcher, display.name(), targets[which], work_dir);
            if (i > 0)
                results[which].runs.push_back(run);
            std::cerr << "  GUI " << targets[which].label << (i == 0 ? " warm-up" : " round " + std::to_string(i))
                      << ": window " << static_cast<int>(run.window_ms) << " ms, RSS "
                      << static_cast<int>(run.rss_mib) << " MiB, peak " << static_cast<int>(run.hwm_mib) << " MiB\n";
        }
    }
    return results;
}

}  // namespace fshosts::bench
