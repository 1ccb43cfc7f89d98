// The CLI's DNS commands (src/probe): `fshosts advise`, the SSL validation advisor, and
// `fshosts status --check-dns`, whether the DNS switch has happened for the preview's names.
// Without c-ares (the Windows build until it has one) dns_commands_none.cpp adds neither.
#pragma once

#include "text/managed_block.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace fshosts::cli {

// How a command prints: main.cpp's JSON printer and its escaped line printer.
struct Output {
    void (*json)(const nlohmann::json&);
    void (*say)(std::string_view);
};

class DnsCommands {
public:
    // Adds `advise` to `app` and --check-dns, --dns-server to `status`; `json` is the --json flag
    // the commands share.
    DnsCommands(CLI::App& app, CLI::App& status, bool& json);

    bool advise_chosen() const;
    // `hosts_file`: the global --hosts-file ("" for the system's), repeated in the suggested
    // `fshosts apply`. Throws Error (missing answers without a terminal: BadInput, exit 2).
    int run_advise(const std::string& hosts_file, const Output& out) const;

    // status: nothing unless --check-dns was given; then the switch state of every entry: as
    // "dns_switch" in `status_object` with --json, as lines of text otherwise.
    void report_status(const std::vector<ManagedEntry>& entries, const std::string& hosts_file, nlohmann::json& status_object,
                       const Output& out) const;

private:
    CLI::App* m_advise = nullptr;
    bool* m_json = nullptr;
    bool m_check_dns = false;
    std::string m_dns_server;
    std::string m_running;
    std::string m_mailbox;
    std::string m_ip;
    std::string m_domain;
    int m_http_port = 80;  // the web check of the running-site hint (tests use other ports)
    int m_https_port = 443;
};

}  // namespace fshosts::cli
