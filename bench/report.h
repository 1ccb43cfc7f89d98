// The machine a run happened on, the targets of issue 8 checked against the figures, and the
// report in three forms: a Markdown table on stdout, results.md and results.json.
#pragma once

#include "results.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace fshosts::bench {

struct Machine {
    std::string date_utc, cpu, os, kernel, file_system, line_ends, load_before, load_after;
    unsigned cpus = 0;
    double memory_gib = 0;
    std::string fshosts_version, node_version, hostile_version, wx_version;
    std::string command;  // how this run was started
};

Machine describe_machine(const std::filesystem::path& work_dir);
std::string load_average();

struct Target {
    std::string what;      // as issue 8 states it
    std::string measured;  // the figure
    std::string status;    // PASS, FAIL, or "not measured"
};

std::vector<Target> check_targets(const std::vector<CliResult>& cli, const std::vector<GuiResult>& gui);

std::string markdown_report(const Machine& machine, const std::vector<CliResult>& cli,
                            const std::vector<GuiResult>& gui, const std::vector<Target>& targets);

nlohmann::json json_report(const Machine& machine, const std::vector<CliResult>& cli,
                           const std::vector<GuiResult>& gui, const std::vector<Target>& targets);

}  // namespace fshosts::bench
