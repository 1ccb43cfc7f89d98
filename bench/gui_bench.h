// The GUI half: on an Xvfb of the bench's own, the time from the start of fshosts-gui until its
// main window is mapped, and its memory once it is idle, next to a bare wxWidgets frame.
#pragma once

#include "results.h"

#include <filesystem>
#include <string>
#include <vector>

namespace fshosts::bench {

struct GuiTarget {
    std::string label;               // "bare frame", "default", "200k", ...
    std::vector<std::string> argv;
    std::string title_part;          // the main window's title contains this
    std::size_t bytes = 0;
};

// Runs every target `rounds` times (after one warm-up each), rotating the order per round.
std::vector<GuiResult> run_gui_bench(const std::vector<GuiTarget>& targets, const std::filesystem::path& work_dir,
                                     int rounds);

}  // namespace fshosts::bench
