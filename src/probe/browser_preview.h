// The browser preview (docs/browser-preview.md): Chrome, Edge or Chromium started with its own
// throw-away profile and --host-resolver-rules that map the contract domain to the preview
// address, so that only that window sees the new server: no hosts change, no administrator
// rights, nothing to revert. Before the window opens, the same browser runs once headless with
// the same rules and writes a net log; the connection it made for the name must go to the
// preview address (a proxy or a browser that ignores the rules shows another address, or none).
// The CLI (`fshosts browser`) and the GUI both go through BrowserSession.
#pragma once

#include "platform/browser_launch.h"
#include "probe/site_probe.h"

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts::probe {

// What the browser opens and for which names the rules are written.
struct BrowserTarget {
    std::string url;     // scheme://host[:port]/path?query as opened ("https://" when the input had no scheme)
    std::string scheme;  // "http" or "https"
    std::string host;    // the normalised name (A-label)
    int port = 0;        // the URL's port, or the scheme's default
    std::vector<std::string> names;  // host, and its www/apex twin with `with_twin`
    std::string address;             // normalised (RFC 5952 for IPv6)
};

// Reads a URL or a bare domain (as `apply` accepts it: full-width text and IDNs are fine) and the
// address. Throws Error(BadInput) with the reason: another scheme than http/https, user info,
// a port out of range, a name or address `apply` refuses.
BrowserTarget browser_target(std::string_view url_or_domain, std::string_view address, bool with_twin);

// "MAP www.example.jp 203.0.113.10,MAP example.jp 203.0.113.10"; IPv6 addresses in brackets.
std::string host_resolver_rules(const std::vector<std::string>& names, const std::string& address);

// The arguments that open the preview window: the rules, the profile, no first-run questions,
// then the first tab (the label page) and the URL. `headless`: no window (scripts and tests):
// the browser loads only the URL, prints its DOM and exits.
std::vector<std::string> window_arguments(const BrowserTarget& target, const std::filesystem::path& profile,
                                          const std::filesystem::path& label_page, bool headless, bool no_sandbox);
// The arguments of the headless check: the same rules and profile, QUIC off (so the connection
// is the TCP one the net log names), the net log, and the DOM printed.
std::vector<std::string> check_arguments(const BrowserTarget& target, const std::filesystem::path& profile,
                                         const std::filesystem::path& net_log, bool no_sandbox);

// The first tab: what is previewed at which address, and that only this window sees it
// (translated; `language` is the page's lang attribute, "ja" or "en").
std::string label_page_html(const BrowserTarget& target, std::string_view language);
// file:// URL of a local file.
std::string file_url(const std::filesystem::path& path);

// What a Chromium net log (--log-net-log, JSON) says about the connections made for `host`: the
// remote address of every TCP connection of a socket pool group for that host ("ip:port", IPv6
// in brackets), in order; attempts that did not connect count by their address. The proxy
// Chromium chose for the host when it used one ("PROXY 127.0.0.9:3128"), else "".
struct NetLogConnections {
    bool readable = false;  // the file was a net log
    std::vector<std::string> addresses;
    std::string proxy;
};
NetLogConnections connections_for_host(std::string_view net_log_json, std::string_view host);

// The text of the first <title> of an HTML document, whitespace collapsed, at most about 200
// bytes (cut at a character, then "..."); "" when none.
std::string page_title(std::string_view html);
// The IP of "ip:port" or "[ipv6]:port".
std::string address_of_endpoint(std::string_view endpoint);

// What the check found.
struct BrowserCheck {
    // honoured: every connection for the name went to the address;
    // ignored: a connection went elsewhere (a proxy, a policy, a browser that ignores the rules);
    // unconfirmed: the browser made no connection for the name that the net log shows (it did not
    // start, is too old for a headless run, or was stopped); cancelled.
    std::string verdict;
    std::vector<std::string> seen;  // the addresses the browser connected to for the name
    std::string proxy;              // the proxy it used, "" when none
    std::string title;              // the page's title as the browser saw it
    SchemeResult preflight;         // the server at the address, asked without the browser
    int browser_exit_code = -1;
    bool honoured() const { return verdict == "honoured"; }
    // The preview can be trusted: honoured, and the server answered the pre-flight.
    bool passed() const { return honoured() && preflight.reached; }
};

// The findings, one line each, translated: the first says whether the window can be trusted;
// when the rules were not honoured, it says so and offers the hosts-file preview.
std::vector<Finding> browser_findings(const BrowserCheck& check, const BrowserTarget& target);

struct BrowserOptions {
    std::filesystem::path browser;  // the program (absolute)
    bool headless = false;          // the window too (scripts, tests)
    std::string language = "en";    // the label page's language
    ProbeOptions probe;             // the pre-flight request (ports are taken from the URL)
    const std::atomic<bool>* cancel = nullptr;  // stops the check and the window
    int check_timeout_ms = 45000;   // the headless run may take this long
};

// One preview: a private profile directory (removed by close() and the destructor), the check,
// then the window. Blocking: the GUI runs it on a worker thread.
class BrowserSession {
public:
    // Creates the profile directory. Throws Error(Io).
    BrowserSession(BrowserTarget target, BrowserOptions options);
    ~BrowserSession();
    BrowserSession(const BrowserSession&) = delete;
    BrowserSession& operator=(const BrowserSession&) = delete;

    const std::filesystem::path& profile() const { return m_profile; }
    const BrowserTarget& target() const { return m_target; }

    // The pre-flight probe and the headless run with the net log.
    BrowserCheck check();
    // Opens the window (the label page first) and returns once the browser has exited or the
    // cancel flag was set (then the browser is stopped). Headless: the page's title as the browser
    // showed it, else "". Throws Error(Io) when the browser cannot be started.
    std::string open_and_wait();
    // Removes the profile directory (retrying a moment while the browser's last processes let go
    // of it); true when it is gone.
    bool close();

private:
    BrowserTarget m_target;
    BrowserOptions m_options;
    std::filesystem::path m_profile;
};

// The browser to use: `chosen` when given (it must exist), else the first installed one.
// Nullopt when there is none (the caller says so).
std::optional<platform::BrowserProgram> choose_browser(const std::filesystem::path& chosen);

}  // namespace fshosts::probe
