// What one bench run measured: the samples of every round, kept raw for results.json, and the
// medians the report and the targets use.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace fshosts::bench {

double median(std::vector<double> values);

// A hosts file size: "default" (lines == 0: the ~10-line Debian/Ubuntu file) or a line count.
struct FileSize {
    std::string label;  // "default", "1k", "200k", "2M"
    std::size_t lines = 0;
};

// Parses "default", "1k", "10k", "2M", "5000". Throws on anything else.
FileSize parse_file_size(const std::string& text);

// One round on one file: the floor, ours, and hostile, alternating in this process. "ours" is
// fshosts in daily use (its state directory kept from round to round, so the backup store
// already holds both contents: apply/revert cycles store nothing new); "first use" is the same
// with an empty state directory, where both backups are written.
struct CliRound {
    double floor_ms = 0;
    double ours_ms = 0;            // apply + revert
    double ours_apply_ms = 0;
    double ours_revert_ms = 0;
    double ours_max_rss_mib = 0;   // the larger of the two processes
    double first_use_ms = 0;       // apply + revert with an empty state directory
    double first_use_max_rss_mib = 0;
    std::optional<double> hostile_ms;          // set + remove
    std::optional<double> hostile_max_rss_mib;
    std::optional<bool> hostile_byte_identical;
};

struct CliResult {
    FileSize size;
    std::size_t bytes = 0;
    std::size_t lines = 0;  // as generated (the default file has 10)
    std::vector<CliRound> rounds;

    double median_ratio() const;           // median of ours/floor per round
    double median_floor_ms() const;
    double median_ours_ms() const;
    double peak_rss_mib() const;           // the largest over every round (daily use and first use)
    double median_first_use_ms() const;
    double median_first_use_ratio() const;
    std::optional<double> median_hostile_ms() const;
    std::optional<double> median_hostile_ratio() const;  // median of hostile/floor per round
    std::optional<double> peak_hostile_rss_mib() const;
    std::optional<bool> hostile_byte_identical() const;  // every round
};

struct GuiRun {
    double window_ms = 0;   // process start to MapNotify of its main window
    double rss_mib = 0;     // VmRSS once the process is idle after the map
    double hwm_mib = 0;     // VmHWM (peak RSS) at that moment
    double settle_ms = 0;   // map to idle
};

struct GuiResult {
    std::string label;      // "bare frame", "default", "200k", ...
    std::size_t bytes = 0;  // of the hosts file (0 for the bare frame)
    std::vector<GuiRun> runs;

    double median_window_ms() const;
    double median_rss_mib() const;
    double median_hwm_mib() const;
};

}  // namespace fshosts::bench
