// `fshosts probe`, `fshosts verify`, and apply's --probe / --verify (issue 12): the checks of
// src/probe on the command line. main.cpp only registers them and calls them.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fshosts::cli {

// The exit code of a check that ran and found a problem (README "Exit codes").
inline constexpr int exit_check_failed = 6;

struct ProbeCommands {
    CLI::App* probe = nullptr;
    CLI::App* verify = nullptr;
    std::string address;
    std::string domain;
    std::string ca_file;
    double timeout_seconds = 8;
    double connect_timeout_seconds = 3;
    int http_port = 80;
    int https_port = 443;
    bool apply_probe = false;   // apply --probe
    bool apply_verify = false;  // apply --verify
};

// Adds `probe` and `verify` (with --json into `json_output`), and --probe/--verify to `apply`.
void add_probe_commands(CLI::App& app, CLI::App& apply, ProbeCommands& c, bool& json_output);

// Runs `probe` or `verify` when one was given; nullopt otherwise.
std::optional<int> run_probe_command(const ProbeCommands& c, const std::string& hosts_file, bool json_output);

// apply's checks. Before the write: the pre-flight probe of the names asked for (the text report
// is printed at once; the write goes ahead whatever it finds). After it: verify. `fields` gets
// "probe" / "verify" for apply's JSON object.
struct ApplyChecks {
    nlohmann::json fields = nlohmann::json::object();
    std::string text_after;  // the verify report, printed after apply's own output
    bool passed = true;
};
ApplyChecks apply_preflight(const ProbeCommands& c, const std::vector<std::string>& domains, const std::string& address,
                            bool json_output);
void apply_verify(const ProbeCommands& c, const std::filesystem::path& hosts, ApplyChecks& checks);
// The exit code of apply with its checks: apply's own when it failed, else exit_check_failed
// when a check found a problem. Prints the verify report in text mode.
int finish_apply(const ApplyChecks& checks, int apply_code, bool json_output);

}  // namespace fshosts::cli
