// Stands in for probe_commands.cpp where libcurl is not built yet (the Windows cross build until
// its dependency prefix has libcurl: src/cli/CMakeLists.txt). The probe commands and apply's
// --probe / --verify do not exist there; apply runs as before. Removed once every build has libcurl.
#include "cli/probe_commands.h"

#include "base/error.h"

namespace fshosts::cli {

void add_probe_commands(CLI::App&, CLI::App&, ProbeCommands&, bool&) {}

std::optional<int> run_probe_command(const ProbeCommands&, const std::string&, bool) { return std::nullopt; }

ApplyChecks apply_preflight(const ProbeCommands&, const std::vector<std::string>&, const std::string&, bool) { return {}; }

void apply_verify(const ProbeCommands&, const std::filesystem::path&, ApplyChecks&) {}

int finish_apply(const ApplyChecks&, int apply_code, bool) { return apply_code; }

}  // namespace fshosts::cli
