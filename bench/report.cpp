#include "report.h"

#include "bench_process.h"

#include <fmt/format.h>
#include <sys/statfs.h>
#include <sys/utsname.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <map>
#include <thread>

namespace fshosts::bench {

namespace fs = std::filesystem;

namespace {

constexpr double mib = 1024.0 * 1024.0;

std::string first_matching_line(const fs::path& file, const std::string& prefix)
{
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(prefix, 0) == 0)
            return line.substr(prefix.size());
    return {};
}

std::string trim(std::string s)
{
    s.erase(0, s.find_first_not_of(" \t:\""));
    s.erase(s.find_last_not_of(" \t\"") + 1);
    return s;
}

std::string file_system_of(const fs::path& dir)
{
    struct statfs info {};
    if (statfs(dir.c_str(), &info) != 0)
        return "unknown";
    static const std::map<unsigned long, std::string> names = {
        {0xEF53, "ext4"},   {0x58465342, "xfs"},       {0x9123683E, "btrfs"}, {0x01021994, "tmpfs"},
        {0x794C7630, "overlay"}, {0x6969, "nfs"},      {0x65735546, "fuse"},  {0x2FC12FC1, "zfs"},
        {0xF2F52010, "f2fs"}};
    const auto it = names.find(static_cast<unsigned long>(info.f_type));
    return it != names.end() ? it->second : fmt::format("0x{:x}", static_cast<unsigned long>(info.f_type));
}

std::string ms(double v)
{
    return v >= 100 ? fmt::format("{:.0f}", v) : fmt::format("{:.1f}", v);
}

std::string ratio(double v)
{
    return fmt::format("{:.2f}×", v);
}

std::string mib_text(double v)
{
    return fmt::format("{:.1f}", v);
}

std::string size_text(std::size_t bytes)
{
    const auto b = static_cast<double>(bytes);
    if (bytes < 1024)
        return fmt::format("{} B", bytes);
    if (b < mib)
        return fmt::format("{:.1f} KiB", b / 1024.0);
    return fmt::format("{:.2f} MiB", b / mib);
}

const CliResult* find_cli(const std::vector<CliResult>& cli, std::size_t lines)
{
    const auto it = std::find_if(cli.begin(), cli.end(), [lines](const CliResult& r) { return r.size.lines == lines; });
    return it == cli.end() ? nullptr : &*it;
}

const GuiResult* find_gui(const std::vector<GuiResult>& gui, const std::string& label)
{
    const auto it = std::find_if(gui.begin(), gui.end(), [&label](const GuiResult& r) { return r.label == label; });
    return it == gui.end() ? nullptr : &*it;
}

Target compare(std::string what, const std::string& measured, double value, double limit)
{
    return {std::move(what), measured, value <= limit ? "PASS" : "FAIL"};
}

// Milliseconds per MiB above the fixed cost of the smallest file measured.
double marginal_ms_per_mib(const CliResult& r, const CliResult& base)
{
    return (r.median_ours_ms() - base.median_ours_ms()) / (static_cast<double>(r.bytes - base.bytes) / mib);
}

}  // namespace

std::string load_average()
{
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

Machine describe_machine(const fs::path& work_dir)
{
    Machine m;
    const std::time_t now = std::time(nullptr);
    char buffer[64];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
    m.date_utc = buffer;
    m.cpu = trim(first_matching_line("/proc/cpuinfo", "model name"));
    m.cpus = std::thread::hardware_concurrency();
    m.os = trim(first_matching_line("/etc/os-release", "PRETTY_NAME="));
    utsname u{};
    if (uname(&u) == 0)
        m.kernel = std::string(u.sysname) + " " + u.release + " " + u.machine;
    const std::string mem = trim(first_matching_line("/proc/meminfo", "MemTotal"));
    if (!mem.empty())
        m.memory_gib = std::stod(mem) / mib;
    m.file_system = file_system_of(work_dir);
    return m;
}

std::vector<Target> check_targets(const std::vector<CliResult>& cli, const std::vector<GuiResult>& gui)
{
    std::vector<Target> t;
    const std::string not_measured = "not measured";

    if (const CliResult* r = find_cli(cli, 200000)) {
        t.push_back(compare("200k-line file: apply + revert ≤ 1.5× the floor (daily use, median of ratios)",
                            ratio(r->median_ratio()) + " (first use: " + ratio(r->median_first_use_ratio()) + ")",
                            r->median_ratio(), 1.5));
        t.push_back(compare("200k-line file: peak RSS ≤ 30 MiB", mib_text(r->peak_rss_mib()) + " MiB",
                            r->peak_rss_mib(), 30));
    } else {
        t.push_back({"200k-line file: apply + revert ≤ 1.5× the floor", "", not_measured});
        t.push_back({"200k-line file: peak RSS ≤ 30 MiB", "", not_measured});
    }
    if (const CliResult* r = find_cli(cli, 0))
        t.push_back(compare("default-sized file: apply + revert ≤ 2× the floor (daily use)",
                            ratio(r->median_ratio()) + " (first use: " + ratio(r->median_first_use_ratio()) + ")",
                            r->median_ratio(), 2.0));
    else
        t.push_back({"default-sized file: apply + revert ≤ 2× the floor", "", not_measured});

    // Linear cost: the time per MiB above the smallest file's is about the same for every file
    // of 100k lines or more (within 1.5× between the cheapest and the dearest).
    std::vector<const CliResult*> sorted;
    for (const CliResult& r : cli)
        sorted.push_back(&r);
    std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->bytes < b->bytes; });
    std::vector<double> slopes;
    std::string slope_text;
    for (const CliResult* r : sorted) {
        if (r->size.lines >= 100000 && r != sorted.front()) {
            slopes.push_back(marginal_ms_per_mib(*r, *sorted.front()));
            slope_text += (slope_text.empty() ? "" : ", ") + r->size.label + ": " + fmt::format("{:.1f}", slopes.back());
        }
    }
    if (slopes.size() >= 2) {
        const auto [lo, hi] = std::minmax_element(slopes.begin(), slopes.end());
        t.push_back({"cost linear in file size (ms per MiB above the smallest file within 1.5× for ≥100k lines)",
                     slope_text + " ms/MiB", *lo > 0 && *hi / *lo <= 1.5 ? "PASS" : "FAIL"});
    } else {
        t.push_back({"cost linear in file size", "", "not measured (needs two sizes of 100k lines or more)"});
    }

    const GuiResult* bare = find_gui(gui, "bare frame");
    const GuiResult* small = find_gui(gui, "default");
    const GuiResult* big = find_gui(gui, "200k");
    if (small && big)
        t.push_back(compare("GUI: window on the 200k file within 1.3× the time on a small file",
                            ms(big->median_window_ms()) + " ms / " + ms(small->median_window_ms()) + " ms = " +
                                ratio(big->median_window_ms() / small->median_window_ms()),
                            big->median_window_ms() / small->median_window_ms(), 1.3));
    else
        t.push_back({"GUI: window on the 200k file within 1.3× the time on a small file", "", not_measured});
    if (bare && big)
        t.push_back(compare("GUI: peak RSS (VmHWM) on the 200k file ≤ 1.5× a bare wxWidgets frame",
                            mib_text(big->median_hwm_mib()) + " MiB / " + mib_text(bare->median_hwm_mib()) +
                                " MiB = " + ratio(big->median_hwm_mib() / bare->median_hwm_mib()),
                            big->median_hwm_mib() / bare->median_hwm_mib(), 1.5));
    else
        t.push_back({"GUI: RSS ≤ 1.5× a bare wxWidgets frame", "", not_measured});
    t.push_back({"GUI: whole-file view is virtual (scrolling and searching a 2M-line file stays fluid)",
                 find_gui(gui, "2M") ? "window time and RSS on the 2M file are in the GUI table" : "",
                 "not measured (check by hand; see bench/README.md)"});
    return t;
}

std::string markdown_report(const Machine& m, const std::vector<CliResult>& cli, const std::vector<GuiResult>& gui,
                            const std::vector<Target>& targets)
{
    std::string out;
    out += "# fshosts bench results\n\n";
    out += fmt::format("- Date: {}\n- Command: `{}`\n", m.date_utc, m.command);
    out += fmt::format("- Machine: {} CPUs, {}, {:.1f} GiB RAM; {}; {}\n", m.cpus, m.cpu, m.memory_gib, m.os, m.kernel);
    out += fmt::format("- Work files on: {}; blocklist files with {} line ends\n", m.file_system, m.line_ends);
    out += fmt::format("- Load average (1/5/15 min): {} before, {} after\n", m.load_before, m.load_after);
    out += fmt::format("- fshosts: {}; wxWidgets {}; hostile {}; node {}\n\n", m.fshosts_version, m.wx_version,
                       m.hostile_version.empty() ? "not run" : m.hostile_version,
                       m.node_version.empty() ? "not run" : m.node_version);

    out += "## Targets (issue 8)\n\n| Target | Measured | Result |\n| --- | --- | --- |\n";
    for (const Target& t : targets)
        out += fmt::format("| {} | {} | {} |\n", t.what, t.measured, t.status);

    if (!cli.empty()) {
        out += "\n## CLI: apply + revert against the floor\n\n"
               "Floor: `cp F A && sync A` then `cp A B && sync B`. fshosts: `fshosts --hosts-file A apply --ip "
               "203.0.113.10 www.example.jp`, then `fshosts --hosts-file A revert`, in daily use (its state directory "
               "kept from round to round: the backups of both contents are already stored) and on first use (an "
               "empty state directory: both backups are written). hostile: `hostile.set` then "
               "`hostile.remove` (bench/hostile_run.js). Times are medians over the rounds; ratios are medians of "
               "the per-round ratios; RSS is the largest ru_maxrss of any round.\n\n"
               "| File | Lines | Size | Rounds | Floor ms | fshosts ms | fshosts/floor | first use ms | first use/floor | "
               "fshosts peak RSS MiB | hostile ms | hostile/floor | hostile peak RSS MiB | hostile keeps bytes |\n"
               "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n";
        for (const CliResult& r : cli) {
            const auto h = r.median_hostile_ms();
            out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", r.size.label,
                               r.lines, size_text(r.bytes), r.rounds.size(), ms(r.median_floor_ms()),
                               ms(r.median_ours_ms()), ratio(r.median_ratio()), ms(r.median_first_use_ms()),
                               ratio(r.median_first_use_ratio()), mib_text(r.peak_rss_mib()),
                               h ? ms(*h) : "—", h ? ratio(*r.median_hostile_ratio()) : "—",
                               h ? mib_text(*r.peak_hostile_rss_mib()) : "—",
                               h ? (*r.hostile_byte_identical() ? "yes" : "no") : "—");
        }
    }
    if (!gui.empty()) {
        out += "\n## GUI: time to the main window, and memory\n\n"
               "Window: process start to the MapNotify of its main window on the bench's own Xvfb. RSS: VmRSS "
               "once the process has used no CPU for 300 ms after the map; peak: VmHWM then. Medians.\n\n"
               "| Program | Hosts file | Runs | Window ms | RSS MiB | Peak RSS MiB |\n"
               "| --- | ---: | ---: | ---: | ---: | ---: |\n";
        for (const GuiResult& r : gui)
            out += fmt::format("| {} | {} | {} | {} | {} | {} |\n",
                               r.label == "bare frame" ? "bare wxWidgets frame" : "fshosts-gui, " + r.label + " file",
                               r.label == "bare frame" ? std::string("—") : size_text(r.bytes),
                               r.runs.size(), ms(r.median_window_ms()), mib_text(r.median_rss_mib()),
                               mib_text(r.median_hwm_mib()));
    }
    return out;
}

nlohmann::json json_report(const Machine& m, const std::vector<CliResult>& cli, const std::vector<GuiResult>& gui,
                           const std::vector<Target>& targets)
{
    nlohmann::json j;
    j["machine"] = {{"date_utc", m.date_utc},       {"cpu", m.cpu},
                    {"cpus", m.cpus},               {"memory_gib", m.memory_gib},
                    {"os", m.os},                   {"kernel", m.kernel},
                    {"file_system", m.file_system}, {"line_ends", m.line_ends},
                    {"load_average_before", m.load_before},
                    {"load_average_after", m.load_after}, {"command", m.command}};
    j["versions"] = {{"fshosts", m.fshosts_version},
                     {"wxwidgets", m.wx_version},
                     {"hostile", m.hostile_version},
                     {"node", m.node_version}};
    j["targets"] = nlohmann::json::array();
    for (const Target& t : targets)
        j["targets"].push_back({{"target", t.what}, {"measured", t.measured}, {"result", t.status}});
    j["cli"] = nlohmann::json::array();
    for (const CliResult& r : cli) {
        nlohmann::json rounds = nlohmann::json::array();
        for (const CliRound& x : r.rounds) {
            nlohmann::json round = {{"floor_ms", x.floor_ms},
                                    {"fshosts_ms", x.ours_ms},
                                    {"fshosts_apply_ms", x.ours_apply_ms},
                                    {"fshosts_revert_ms", x.ours_revert_ms},
                                    {"fshosts_max_rss_mib", x.ours_max_rss_mib},
                                    {"first_use_ms", x.first_use_ms},
                                    {"first_use_max_rss_mib", x.first_use_max_rss_mib}};
            if (x.hostile_ms) {
                round["hostile_ms"] = *x.hostile_ms;
                round["hostile_max_rss_mib"] = *x.hostile_max_rss_mib;
                round["hostile_byte_identical"] = *x.hostile_byte_identical;
            }
            rounds.push_back(round);
        }
        nlohmann::json entry = {{"file", r.size.label},
                                {"lines", r.lines},
                                {"bytes", r.bytes},
                                {"median_floor_ms", r.median_floor_ms()},
                                {"median_fshosts_ms", r.median_ours_ms()},
                                {"median_ratio", r.median_ratio()},
                                {"median_first_use_ms", r.median_first_use_ms()},
                                {"median_first_use_ratio", r.median_first_use_ratio()},
                                {"peak_rss_mib", r.peak_rss_mib()},
                                {"rounds", rounds}};
        if (const auto h = r.median_hostile_ms()) {
            entry["median_hostile_ms"] = *h;
            entry["median_hostile_ratio"] = *r.median_hostile_ratio();
            entry["hostile_peak_rss_mib"] = *r.peak_hostile_rss_mib();
            entry["hostile_byte_identical"] = *r.hostile_byte_identical();
        }
        j["cli"].push_back(entry);
    }
    j["gui"] = nlohmann::json::array();
    for (const GuiResult& r : gui) {
        nlohmann::json runs = nlohmann::json::array();
        for (const GuiRun& x : r.runs)
            runs.push_back({{"window_ms", x.window_ms},
                            {"rss_mib", x.rss_mib},
                            {"hwm_mib", x.hwm_mib},
                            {"settle_ms", x.settle_ms}});
        j["gui"].push_back({{"program", r.label},
                            {"hosts_file_bytes", r.bytes},
                            {"median_window_ms", r.median_window_ms()},
                            {"median_rss_mib", r.median_rss_mib()},
                            {"median_hwm_mib", r.median_hwm_mib()},
                            {"runs", runs}});
    }
    return j;
}

}  // namespace fshosts::bench
