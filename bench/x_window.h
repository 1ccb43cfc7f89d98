// The GUI half of the bench: an Xvfb of our own, and the moment a program's top-level window is
// mapped, taken from the X server's own MapNotify event (SubstructureNotify on the root window;
// there is no window manager, so top-level windows are children of the root).
#pragma once

#include "bench_process.h"

#include <chrono>
#include <filesystem>
#include <string>

namespace fshosts::bench {

// Xvfb on a display it picks itself (-displayfd); stopped and reaped by the destructor.
class VirtualDisplay {
public:
    explicit VirtualDisplay(const std::filesystem::path& log_file);
    ~VirtualDisplay();
    VirtualDisplay(const VirtualDisplay&) = delete;
    VirtualDisplay& operator=(const VirtualDisplay&) = delete;

    const std::string& name() const { return m_name; }

private:
    pid_t m_pid = -1;
    Clock::time_point m_started;
    std::string m_name;  // ":N"
};

// Watches the root window of a display for top-level windows being mapped.
class MapWatcher {
public:
    explicit MapWatcher(const std::string& display);
    ~MapWatcher();
    MapWatcher(const MapWatcher&) = delete;
    MapWatcher& operator=(const MapWatcher&) = delete;

    // Returns when a top-level window of `pid` (its _NET_WM_PID, when set) whose title contains
    // `title_part` is mapped: the time the MapNotify (or the title change after it) arrived.
    // Throws when the program exits first or after `timeout`.
    Clock::time_point wait_for_window(pid_t pid, const std::string& title_part, std::chrono::milliseconds timeout);

private:
    struct State;
    State* m_state;
};

}  // namespace fshosts::bench
