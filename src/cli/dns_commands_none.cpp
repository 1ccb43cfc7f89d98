// The CLI without c-ares (the Windows build until it has one): no `advise`, no
// `status --check-dns`. The same interface, so main.cpp never #ifdefs.
#include "cli/dns_commands.h"

namespace fshosts::cli {

DnsCommands::DnsCommands(CLI::App& /*app*/, CLI::App& /*status*/, bool& json_flag) : m_json(&json_flag) {}

bool DnsCommands::advise_chosen() const { return false; }

int DnsCommands::run_advise(const std::string& /*hosts_file*/, const Output& /*out*/) const { return 1; }

void DnsCommands::report_status(const std::vector<ManagedEntry>& /*entries*/, const std::string& /*hosts_file*/,
                                nlohmann::json& /*status_object*/, const Output& /*out*/) const
{
}

}  // namespace fshosts::cli
