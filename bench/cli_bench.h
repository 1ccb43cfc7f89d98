// The command-line half: for one hosts file, N rounds of the floor (cp + sync twice), fshosts
// (apply, then revert: two processes) and hostile (set, then remove), in an order that rotates
// from round to round, every program a process of its own.
#pragma once

#include "results.h"

#include <filesystem>
#include <optional>
#include <string>

namespace fshosts::bench {

struct CliBenchSetup {
    std::filesystem::path fshosts;               // the CLI under test
    std::optional<std::filesystem::path> node;   // with hostile_script: compare with hostile
    std::filesystem::path hostile_script;
    std::filesystem::path work_dir;              // on the file system being measured
};

// Thrown when a file is not byte-identical to the original after apply + revert.
struct ByteMismatch : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// `original` is the content of `file` (the pristine copy, never written).
CliResult run_cli_bench(const CliBenchSetup& setup, const FileSize& size, const std::filesystem::path& file,
                        const std::string& original, int rounds);

}  // namespace fshosts::bench
