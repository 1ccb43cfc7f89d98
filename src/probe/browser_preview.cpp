#include "probe/browser_preview.h"

#include "base/error.h"
#include "base/i18n.h"
#include "text/validation.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

namespace fshosts::probe {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string trim(std::string_view s)
{
    const auto space = [](unsigned char c) { return std::isspace(c) != 0; };
    while (!s.empty() && space(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && space(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return std::string(s);
}

// The path and query as the browser gets them: bytes a URL cannot carry literally (controls,
// space, non-ASCII) percent-encoded, so the argument is one clean URL.
std::string encode_tail(std::string_view tail)
{
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : tail) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' || c == '{' ||
            c == '|' || c == '}') {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string join(const std::vector<std::string>& items, const char* separator)
{
    std::string out;
    for (const std::string& s : items)
        out += (out.empty() ? "" : separator) + s;
    return out;
}

std::string html_escape(std::string_view s)
{
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

// A path as UTF-8 (Windows: path::string() would use the ANSI code page and fail on names it
// cannot hold; the command line is built from UTF-8).
std::string utf8_path(const fs::path& path)
{
    const std::u8string s = path.u8string();
    return std::string(s.begin(), s.end());
}

std::string read_file(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    if (in)
        out << in.rdbuf();
    return out.str();
}

// The host of a socket pool group ("http://www.example.jp:8080 <...>", "pm/https://...",
// "ssl/www.example.jp:443"), lower-case; "" when it names none.
std::string group_host(std::string_view group_id)
{
    std::string_view token = group_id.substr(0, group_id.find(' '));
    const std::size_t scheme = token.find("://");
    if (scheme != std::string_view::npos)
        token.remove_prefix(scheme + 3);
    else if (const std::size_t slash = token.find('/'); slash != std::string_view::npos)
        token.remove_prefix(slash + 1);
    if (!token.empty() && token.front() == '[')
        return lower(token.substr(1, token.find(']') - 1));
    return lower(token.substr(0, token.find_first_of(":/")));
}

bool url_host_is(std::string_view url, std::string_view host)
{
    const std::size_t scheme = url.find("://");
    if (scheme == std::string_view::npos)
        return false;
    url.remove_prefix(scheme + 3);
    return lower(url.substr(0, url.find_first_of(":/?#"))) == host;
}

// A net log cut short (the browser was stopped before it closed the file) ends inside the
// events array: close it so that what was written can still be read.
json parse_net_log(std::string_view text)
{
    json j = json::parse(text, nullptr, false);
    if (!j.is_discarded())
        return j;
    std::string fixed(text);
    while (!fixed.empty() && (std::isspace(static_cast<unsigned char>(fixed.back())) || fixed.back() == ','))
        fixed.pop_back();
    fixed += "]}";
    return json::parse(fixed, nullptr, false);
}

}  // namespace

BrowserTarget browser_target(std::string_view url_or_domain, std::string_view address, bool with_twin)
{
    BrowserTarget t;
    std::string rest = trim(url_or_domain);
    t.scheme = "https";  // futureshop shops are served over https
    if (const std::size_t sep = rest.find("://"); sep != std::string::npos) {
        t.scheme = lower(std::string_view(rest).substr(0, sep));
        if (t.scheme != "http" && t.scheme != "https")
            throw Error(ErrorKind::BadInput, trf("Only http:// and https:// addresses can be previewed in a browser, not {0}://.",
                                                 t.scheme));
        rest.erase(0, sep + 3);
    }
    const std::size_t end = rest.find_first_of("/?#");
    std::string authority = rest.substr(0, end);
    std::string tail = end == std::string::npos ? "/" : rest.substr(end);
    if (tail.front() != '/')
        tail.insert(0, "/");
    if (authority.find('@') != std::string::npos)
        throw Error(ErrorKind::BadInput, _("A user name or password in the address cannot be previewed: remove the part before @."));
    t.port = t.scheme == "https" ? 443 : 80;
    bool explicit_port = false;
    if (const std::size_t colon = authority.rfind(':'); colon != std::string::npos) {
        const std::string digits = authority.substr(colon + 1);
        const bool numeric = !digits.empty() && digits.size() <= 5 &&
                             std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
        const int port = numeric ? std::stoi(digits) : 0;
        if (port < 1 || port > 65535)
            throw Error(ErrorKind::BadInput, trf("The port {0} cannot be used: give a number from 1 to 65535.", digits));
        t.port = port;
        explicit_port = true;
        authority.erase(colon);
    }
    t.host = normalize_domain(authority);
    check_preview_target(t.host, "");
    t.address = normalize_address(address);
    t.names.push_back(t.host);
    if (with_twin)
        if (const std::optional<std::string> twin = twin_name(t.host))
            t.names.push_back(*twin);
    t.url = t.scheme + "://" + t.host + (explicit_port ? ":" + std::to_string(t.port) : "") + encode_tail(tail);
    return t;
}

std::string host_resolver_rules(const std::vector<std::string>& names, const std::string& address)
{
    const std::string target = address.find(':') != std::string::npos ? "[" + address + "]" : address;
    std::vector<std::string> rules;
    for (const std::string& name : names)
        rules.push_back("MAP " + name + " " + target);
    return join(rules, ",");
}

namespace {

std::vector<std::string> common_arguments(const BrowserTarget& target, const fs::path& profile, bool no_sandbox)
{
    std::vector<std::string> args{
        "--user-data-dir=" + utf8_path(profile),
        "--host-resolver-rules=" + host_resolver_rules(target.names, target.address),
        "--no-first-run",
        "--no-default-browser-check",
    };
    if (no_sandbox)
        args.emplace_back("--no-sandbox");  // Linux as root only (platform::browser_needs_no_sandbox)
    return args;
}

}  // namespace

std::vector<std::string> window_arguments(const BrowserTarget& target, const fs::path& profile, const fs::path& label_page,
                                          bool headless, bool no_sandbox)
{
    std::vector<std::string> args = common_arguments(target, profile, no_sandbox);
    if (headless) {
        args.insert(args.end(), {"--headless", "--disable-gpu", "--dump-dom", target.url});
    } else {
        args.emplace_back("--new-window");
        args.push_back(file_url(label_page));
        args.push_back(target.url);
    }
    return args;
}

std::vector<std::string> check_arguments(const BrowserTarget& target, const fs::path& profile, const fs::path& net_log,
                                         bool no_sandbox)
{
    std::vector<std::string> args = common_arguments(target, profile, no_sandbox);
    args.insert(args.end(), {"--headless", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                             "--disable-component-update", "--disable-sync", "--log-net-log=" + utf8_path(net_log),
                             "--dump-dom", target.url});
    return args;
}

std::string file_url(const fs::path& path)
{
    const std::u8string generic = fs::absolute(path).generic_u8string();
    std::string p(generic.begin(), generic.end());
    if (!p.empty() && p.front() != '/')
        p.insert(0, "/");  // Windows: file:///C:/...
    static const char hex[] = "0123456789ABCDEF";
    std::string out = "file://";
    for (const char ch : p) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~' || c == ':') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string label_page_html(const BrowserTarget& target, std::string_view language)
{
    const std::string address = html_escape(target.address);
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"" << (language == "ja" ? "ja" : "en") << "\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<title>" << html_escape(trf("Preview: {0}", target.host)) << "</title>\n"
        << "<style>body{font-family:sans-serif;margin:3em;max-width:44em;line-height:1.6}"
           "h1{font-size:1.5em;border-left:.4em solid #1a73e8;padding-left:.5em}code{font-size:1.1em}</style>\n"
        << "</head>\n<body>\n"
        << "<h1>" << html_escape(trf("Preview of {0} at {1}", target.host, target.address)) << "</h1>\n"
        << "<p>" << html_escape(_("Only this browser window sees the preview server. The hosts file is not changed; other "
                                  "windows and programs still see the site that DNS names."))
        << "</p>\n<p>" << html_escape(_("Names sent to the preview address:")) << " <code>"
        << html_escape(join(target.names, ", ")) << "</code> &rarr; <code>" << address << "</code></p>\n"
        << "<p>" << html_escape(trf("The next tab opens {0}.", target.url)) << "</p>\n"
        << "<p>" << html_escape(_("Close this window to end the preview: its temporary profile is then deleted, with the "
                                  "cookies and logins of this window."))
        << "</p>\n</body>\n</html>\n";
    return out.str();
}

NetLogConnections connections_for_host(std::string_view net_log_json, std::string_view host_in)
{
    NetLogConnections out;
    const std::string host = lower(host_in);
    const json log = parse_net_log(net_log_json);
    if (!log.is_object() || !log.contains("constants") || !log.contains("events") || !log["events"].is_array())
        return out;
    const json& types = log["constants"].value("logEventTypes", json::object());
    const auto type_id = [&types](const char* name) { return types.contains(name) ? types[name].get<int>() : -1; };
    const int job_created = type_id("SOCKET_POOL_CONNECT_JOB_CREATED");
    const int socket_alive = type_id("SOCKET_ALIVE");
    const int tcp_connect = type_id("TCP_CONNECT");
    const int tcp_attempt = type_id("TCP_CONNECT_ATTEMPT");
    const int controller = type_id("HTTP_STREAM_JOB_CONTROLLER");
    const int proxy_list = type_id("PROXY_RESOLUTION_SERVICE_RESOLVED_PROXY_LIST");
    out.readable = true;

    std::set<long long> jobs;
    std::set<long long> controllers;
    std::vector<long long> sockets;  // in the order they appeared
    std::map<long long, std::string> remote;
    std::map<long long, std::string> attempted;
    for (const json& e : log["events"]) {
        if (!e.is_object() || !e.contains("type") || !e.contains("source"))
            continue;
        const int type = e["type"].is_number() ? e["type"].get<int>() : -1;
        const long long source = e["source"].value("id", -1LL);
        const json params = e.value("params", json::object());
        const int phase = e.value("phase", 0);
        if (!params.is_object())
            continue;
        if (type == job_created && group_host(params.value("group_id", "")) == host) {
            jobs.insert(source);
        } else if (type == socket_alive && phase == 1 && params.contains("source_dependency")) {
            if (jobs.count(params["source_dependency"].value("id", -1LL)))
                sockets.push_back(source);
        } else if (type == tcp_connect && phase == 2 && params.contains("remote_address")) {
            remote[source] = params.value("remote_address", "");
        } else if (type == tcp_attempt && phase == 1 && params.contains("address")) {
            attempted[source] = params.value("address", "");
        } else if (type == controller && phase == 1 && url_host_is(params.value("url", ""), host)) {
            controllers.insert(source);
        } else if (type == proxy_list && controllers.count(source)) {
            const std::string proxy = params.value("proxy_info", "");
            if (!proxy.empty() && proxy != "DIRECT")
                out.proxy = proxy;
        }
    }
    for (long long socket : sockets) {
        std::string address = remote.count(socket) ? remote[socket] : attempted.count(socket) ? attempted[socket] : "";
        if (!address.empty() && std::find(out.addresses.begin(), out.addresses.end(), address) == out.addresses.end())
            out.addresses.push_back(address);
    }
    return out;
}

std::string page_title(std::string_view html)
{
    constexpr std::size_t max_title_bytes = 200;
    const std::string low = lower(html);
    const std::size_t open = low.find("<title");
    if (open == std::string::npos)
        return "";
    const std::size_t start = low.find('>', open);
    const std::size_t close = low.find("</title", start);
    if (start == std::string::npos || close == std::string::npos)
        return "";
    std::string out;
    bool space = false;
    for (char c : html.substr(start + 1, close - start - 1)) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        out += c;
        if (out.size() >= max_title_bytes) {  // a page is the server's to write: keep the report short
            while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80)
                out.pop_back();  // continuation bytes of a cut character
            if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0x80))
                out.pop_back();  // its lead byte
            return out + "...";
        }
    }
    return out;
}

std::string address_of_endpoint(std::string_view endpoint)
{
    if (!endpoint.empty() && endpoint.front() == '[')
        return std::string(endpoint.substr(1, endpoint.find(']') - 1));
    return std::string(endpoint.substr(0, endpoint.rfind(':')));
}

std::vector<Finding> browser_findings(const BrowserCheck& check, const BrowserTarget& target)
{
    std::vector<Finding> out;
    const char* instead = N_("Use the hosts-file preview (Start preview) instead: it works for every browser on this PC.");
    if (check.verdict == "honoured") {
        out.push_back({false, "rules_honoured",
                       trf("The browser connected to {0} for {1}, as the preview asks: only its preview window shows "
                           "that server.",
                           target.address, target.host)});
    } else if (check.verdict == "ignored" && !check.proxy.empty()) {
        out.push_back({true, "rules_ignored",
                       trf("The browser did not use the preview address: it sent {0} to the proxy {1} (set on this PC or "
                           "by a policy), which looks the name up itself.",
                           target.host, check.proxy) +
                           " " + tr(instead)});
    } else if (check.verdict == "ignored") {
        out.push_back({true, "rules_ignored",
                       trf("The browser did not use the preview address: it connected to {0} instead of {1} (an old "
                           "browser, or a policy that ignores the rules).",
                           join(check.seen, ", "), target.address) +
                           " " + tr(instead)});
    } else if (check.verdict == "cancelled") {
        out.push_back({true, "cancelled", _("The check was cancelled.")});
    } else {
        out.push_back({true, "rules_unconfirmed",
                       trf("Could not confirm that the browser uses the preview address: it made no connection for {0} "
                           "that fshosts could see (the browser's exit code: {1}).",
                           target.host, check.browser_exit_code) +
                           " " + tr(instead)});
    }
    if (check.verdict != "cancelled" && !check.preflight.reached)
        out.push_back({true, "server_unreachable",
                       trf("The server at {0} did not answer for {1}: {2}", target.address, target.url,
                           check.preflight.error.empty() ? check.preflight.error_kind : check.preflight.error)});
    if (!check.title.empty())
        out.push_back({false, "page_title", trf("The page the browser received: \"{0}\"", check.title)});
    return out;
}

std::optional<platform::BrowserProgram> choose_browser(const fs::path& chosen)
{
    if (!chosen.empty()) {
        std::error_code ec;
        const fs::path path = fs::absolute(chosen, ec);
        if (ec || !fs::is_regular_file(path, ec))
            throw Error(ErrorKind::BadInput, trf("There is no browser program at {0}.", chosen.string()));
        return platform::BrowserProgram{path.filename().string(), path};
    }
    std::vector<platform::BrowserProgram> found = platform::installed_browsers();
    if (found.empty())
        return std::nullopt;
    return found.front();
}

BrowserSession::BrowserSession(BrowserTarget target, BrowserOptions options)
    : m_target(std::move(target)), m_options(std::move(options)), m_profile(platform::create_private_temp_dir("fshosts-browser-"))
{
}

BrowserSession::~BrowserSession() { close(); }

namespace {

// Waits for `process`, stopping it at `timeout_ms` (0: no limit) or when `cancel` is set.
// False when it had to be stopped.
bool wait_or_stop(platform::ChildProcess& process, int timeout_ms, const std::atomic<bool>* cancel)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!process.wait_for(std::chrono::milliseconds(200))) {
        if ((cancel && cancel->load()) || (timeout_ms > 0 && std::chrono::steady_clock::now() >= deadline)) {
            process.stop();
            return false;
        }
    }
    process.stop();  // what it left behind (POSIX: its process group; Windows: its job)
    return true;
}

}  // namespace

BrowserCheck BrowserSession::check()
{
    BrowserCheck result;
    ProbeOptions probe = m_options.probe;
    probe.cancel = m_options.cancel;
    const bool https = m_target.scheme == "https";
    (https ? probe.https_port : probe.http_port) = m_target.port;
    result.preflight = probe_scheme(m_target.host, m_target.address, https, probe);
    if (m_options.cancel && m_options.cancel->load()) {
        result.verdict = "cancelled";
        return result;
    }
    const fs::path net_log = m_profile / "fshosts-check-netlog.json";
    const fs::path dom = m_profile / "fshosts-check-page.html";
    {
        platform::ChildProcess browser(m_options.browser,
                                       check_arguments(m_target, m_profile, net_log, platform::browser_needs_no_sandbox()), dom);
        if (wait_or_stop(browser, m_options.check_timeout_ms, m_options.cancel))
            result.browser_exit_code = browser.exit_code();
    }
    if (m_options.cancel && m_options.cancel->load()) {
        result.verdict = "cancelled";
        return result;
    }
    const NetLogConnections seen = connections_for_host(read_file(net_log), m_target.host);
    result.seen = seen.addresses;
    result.proxy = seen.proxy;
    result.title = page_title(read_file(dom));
    if (seen.addresses.empty())
        result.verdict = "unconfirmed";
    else if (std::all_of(seen.addresses.begin(), seen.addresses.end(),
                         [this](const std::string& a) { return address_of_endpoint(a) == m_target.address; }))
        result.verdict = "honoured";
    else
        result.verdict = "ignored";
    return result;
}

std::string BrowserSession::open_and_wait()
{
    const fs::path label = m_profile / "fshosts-preview.html";
    {
        std::ofstream out(label, std::ios::binary | std::ios::trunc);
        out << label_page_html(m_target, m_options.language);
        if (!out.flush())
            throw Error(ErrorKind::Io, trf("Could not write {0}.", label.string()));
    }
    const fs::path dom = m_profile / "fshosts-window-page.html";
    platform::ChildProcess browser(
        m_options.browser,
        window_arguments(m_target, m_profile, label, m_options.headless, platform::browser_needs_no_sandbox()),
        m_options.headless ? dom : fs::path());
    wait_or_stop(browser, m_options.headless ? m_options.check_timeout_ms : 0, m_options.cancel);
    return m_options.headless ? page_title(read_file(dom)) : std::string();
}

bool BrowserSession::close()
{
    if (m_profile.empty())
        return true;
    std::error_code ec;
    for (int attempt = 0; attempt < 50; ++attempt) {  // Windows: files stay locked a moment after the browser exits
        fs::remove_all(m_profile, ec);
        if (!fs::exists(m_profile, ec))
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    const bool gone = !fs::exists(m_profile, ec);
    if (gone)
        m_profile.clear();
    return gone;
}

}  // namespace fshosts::probe
