// Browser pitfalls (probe/browser_pitfalls.h): the settings are read from files and the
// environment, parsed here, and turned into one explanation each, in the user's language.
// Sources: ../shared/DOMAIN.md ("What defeats a hosts-file preview") and docs/browsers.md.
#include "probe/browser_pitfalls.h"

#include "base/i18n.h"
#include "base/text_list.h"
#include "core/hosts_io.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <map>
#include <system_error>

namespace fs = std::filesystem;

namespace fshosts::probe {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowered(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), lower);
    return out;
}

std::string joined(const std::vector<std::string>& items)
{
    std::string out;
    for (const std::string& item : items)
        out.append(out.empty() ? "" : ", ").append(item);
    return out;
}

// A settings file whole, or nullopt when it is missing or unreadable (the same capped,
// never-blocking read as the hosts file).
std::optional<std::string> read_if_present(const fs::path& path)
{
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        return std::nullopt;
    try {
        return read_hosts_file(path);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// '*' matches any run of characters (also dots); compared without case.
bool glob(std::string_view pattern, std::string_view text)
{
    std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            resume = t;
        } else if (p < pattern.size() && lower(pattern[p]) == lower(text[t])) {
            ++p;
            ++t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

// --- Firefox ------------------------------------------------------------------------------------

using IniSections = std::map<std::string, std::map<std::string, std::string>>;

IniSections parse_ini(std::string_view text)
{
    IniSections out;
    std::string section;
    for (const std::string& raw : split_list(text, "\n")) {
        const std::string_view line = trim_blanks(raw);
        if (line.starts_with('[') && line.ends_with(']')) {
            section = std::string(line.substr(1, line.size() - 2));
            continue;
        }
        const std::size_t eq = line.find('=');
        if (eq != std::string_view::npos && !section.empty())
            out[section][std::string(trim_blanks(line.substr(0, eq)))] = std::string(trim_blanks(line.substr(eq + 1)));
    }
    return out;
}

// The profile Firefox starts with: the [Install…] section's Default (Firefox 67 and later), else
// the [Profile…] marked Default=1, else the only profile.
std::optional<fs::path> default_profile(const fs::path& root, const IniSections& ini)
{
    std::optional<std::string> chosen;
    for (const auto& [name, keys] : ini)
        if (name.starts_with("Install") && keys.contains("Default")) {
            chosen = keys.at("Default");
            break;
        }
    std::vector<const std::map<std::string, std::string>*> profiles;
    for (const auto& [name, keys] : ini)
        if (name.starts_with("Profile") && keys.contains("Path"))
            profiles.push_back(&keys);
    if (!chosen) {
        for (const auto* keys : profiles)
            if (keys->contains("Default") && keys->at("Default") == "1")
                chosen = keys->at("Path");
        if (!chosen && profiles.size() == 1)
            chosen = profiles.front()->at("Path");
    }
    if (!chosen)
        return std::nullopt;
    bool relative = !fs::path(*chosen).is_absolute();
    for (const auto* keys : profiles)
        if (keys->at("Path") == *chosen && keys->contains("IsRelative"))
            relative = keys->at("IsRelative") == "1";
    return relative ? root / *chosen : fs::path(*chosen);
}

// user_pref("name", value); lines (prefs.js, user.js) as name -> value text ("2", "true",
// or a string's content).
void read_prefs(std::string_view text, std::map<std::string, std::string>& prefs)
{
    std::size_t at = 0;
    while ((at = text.find("pref(", at)) != std::string_view::npos) {
        at += 5;
        std::size_t q = text.find('"', at);
        if (q == std::string_view::npos || trim_blanks(text.substr(at, q - at)).size() != 0)
            continue;
        const std::size_t name_end = text.find('"', q + 1);
        if (name_end == std::string_view::npos)
            break;
        const std::string name(text.substr(q + 1, name_end - q - 1));
        const std::size_t comma = text.find(',', name_end);
        const std::size_t close = text.find(");", name_end);
        if (comma == std::string_view::npos || close == std::string_view::npos || comma > close)
            continue;
        std::string_view value = trim_blanks(text.substr(comma + 1, close - comma - 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
            value = value.substr(1, value.size() - 2);
        prefs[name] = std::string(value);
        at = close;
    }
}

struct FirefoxSettings {
    fs::path profile;                       // where the prefs came from
    int trr_mode = 0;                       // network.trr.mode: 2 DoH first, 3 DoH only
    bool exclude_etc_hosts = true;          // network.trr.exclude-etc-hosts
    std::vector<std::string> doh_excluded;  // network.trr.excluded-domains, policy ExcludedDomains
    int proxy_type = 5;                     // network.proxy.type: 0 none, 1 manual, 2 PAC, 4 WPAD, 5 system
    platform::ProxySetting proxy;           // when proxy_type is 1, 2 or 4
    std::string where;                      // prefs file or policies.json that decided
};

int to_int(const std::string& s, int fallback)
{
    try {
        return std::stoi(s);
    } catch (const std::exception&) {
        return fallback;
    }
}

void apply_prefs(FirefoxSettings& ff, const std::map<std::string, std::string>& prefs)
{
    const auto get = [&](const char* name) {
        const auto it = prefs.find(name);
        return it == prefs.end() ? std::optional<std::string>() : it->second;
    };
    if (auto v = get("network.trr.mode"))
        ff.trr_mode = to_int(*v, 0);
    if (auto v = get("network.trr.exclude-etc-hosts"))
        ff.exclude_etc_hosts = *v != "false";
    if (auto v = get("network.trr.excluded-domains"))
        ff.doh_excluded = split_list(*v, ",");
    if (auto v = get("network.proxy.type"))
        ff.proxy_type = to_int(*v, 5);
    const auto host_port = [&](const char* host, const char* port) {
        const std::string h = get(host).value_or("");
        const std::string p = get(port).value_or("0");
        return h.empty() ? h : (p == "0" ? h : h + ":" + p);
    };
    ff.proxy.http = host_port("network.proxy.http", "network.proxy.http_port");
    ff.proxy.https = host_port("network.proxy.ssl", "network.proxy.ssl_port");
    if (get("network.proxy.share_proxy_settings").value_or("") == "true")
        ff.proxy.https = ff.proxy.http;
    ff.proxy.pac_url = get("network.proxy.autoconfig_url").value_or("");
    // Firefox's own default exceptions are localhost and loopback only.
    ff.proxy.bypass = split_list(get("network.proxy.no_proxies_on").value_or(""), ",");
}

// An enterprise policies.json overrides the user's preferences.
void apply_policies(FirefoxSettings& ff, const nlohmann::json& policies, const std::string& where)
{
    if (const auto doh = policies.find("DNSOverHTTPS"); doh != policies.end() && doh->is_object()) {
        if (const auto enabled = doh->find("Enabled"); enabled != doh->end() && enabled->is_boolean()) {
            ff.trr_mode = enabled->get<bool>() ? (ff.trr_mode == 3 ? 3 : 2) : 5;
            ff.where = where;
        }
        if (const auto excluded = doh->find("ExcludedDomains"); excluded != doh->end() && excluded->is_array())
            for (const auto& d : *excluded)
                if (d.is_string())
                    ff.doh_excluded.push_back(d.get<std::string>());
    }
    const auto proxy = policies.find("Proxy");
    if (proxy == policies.end() || !proxy->is_object())
        return;
    const auto text = [&](const char* key) {
        const auto it = proxy->find(key);
        return it != proxy->end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    static const std::map<std::string, int> modes{{"none", 0}, {"manual", 1}, {"autoConfig", 2}, {"autoDetect", 4}, {"system", 5}};
    if (const auto m = modes.find(text("Mode")); m != modes.end()) {
        ff.proxy_type = m->second;
        ff.where = where;
    }
    ff.proxy.http = text("HTTPProxy");
    ff.proxy.https = text("SSLProxy");
    if (const auto all = proxy->find("UseHTTPProxyForAllProtocols"); all != proxy->end() && all->is_boolean() && all->get<bool>())
        ff.proxy.https = ff.proxy.http;
    ff.proxy.pac_url = text("AutoConfigURL");
    ff.proxy.bypass = split_list(text("Passthrough"), ",");
}

std::vector<FirefoxSettings> firefox_settings(const platform::BrowserFiles& files)
{
    std::vector<FirefoxSettings> out;
    std::optional<nlohmann::json> policies;
    std::string policy_file;
    for (const fs::path& file : files.firefox_policy_files) {
        if (auto text = read_if_present(file)) {
            const nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
            if (doc.is_object() && doc.contains("policies") && doc["policies"].is_object()) {
                policies = doc["policies"];
                policy_file = file.string();
                break;  // Firefox reads the first one it finds
            }
        }
    }
    for (const fs::path& root : files.firefox_profile_roots) {
        const auto ini = read_if_present(root / "profiles.ini");
        if (!ini)
            continue;
        const auto profile = default_profile(root, parse_ini(*ini));
        if (!profile)
            continue;
        FirefoxSettings ff;
        ff.profile = *profile;
        std::map<std::string, std::string> prefs;
        std::string where;
        for (const char* name : {"prefs.js", "user.js"})  // user.js wins: Firefox applies it last
            if (auto text = read_if_present(*profile / name)) {
                read_prefs(*text, prefs);
                where = (*profile / name).string();
            }
        ff.where = where.empty() ? profile->string() : where;
        apply_prefs(ff, prefs);
        if (policies)
            apply_policies(ff, *policies, policy_file);
        out.push_back(std::move(ff));
    }
    return out;
}

bool excluded_from_doh(const std::vector<std::string>& excluded, std::string_view name)
{
    return bypasses(excluded, name, true);  // Firefox: the domains and their subdomains
}

// --- Chrome, Chromium, Edge policies (JSON files on Linux) -----------------------------------------

std::vector<platform::ProxySetting> chromium_policy_proxies(const platform::BrowserFiles& files)
{
    std::vector<platform::ProxySetting> out = files.chromium_policy_proxies;
    for (const fs::path& dir : files.chromium_policy_dirs) {
        std::error_code ec;
        std::vector<fs::path> jsons;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
            if (it->path().extension() == ".json")
                jsons.push_back(it->path());
        std::sort(jsons.begin(), jsons.end());
        for (const fs::path& file : jsons) {
            const auto text = read_if_present(file);
            if (!text)
                continue;
            nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
            if (!doc.is_object())
                continue;
            if (doc.contains("ProxySettings") && doc["ProxySettings"].is_object())
                doc = doc["ProxySettings"];
            const auto text_of = [&](const char* key) {
                return doc.contains(key) && doc[key].is_string() ? doc[key].get<std::string>() : std::string();
            };
            const std::string mode = text_of("ProxyMode");
            std::string bypass = text_of("ProxyBypassList");
            std::replace(bypass.begin(), bypass.end(), ',', ';');
            std::vector<platform::ProxySetting> found;
            if (mode == "fixed_servers" || (mode.empty() && !text_of("ProxyServer").empty()))
                found = platform::parse_windows_proxy(true, text_of("ProxyServer"), bypass, "", file.string());
            else if (mode == "pac_script" || (mode.empty() && !text_of("ProxyPacUrl").empty()))
                found = platform::parse_windows_proxy(false, "", "", text_of("ProxyPacUrl"), file.string());
            else if (mode == "auto_detect")
                found.push_back(platform::ProxySetting{file.string(), {}, {}, {}, true, {}});
            out.insert(out.end(), found.begin(), found.end());
        }
    }
    return out;
}

// --- Environment --------------------------------------------------------------------------------

std::vector<platform::ProxySetting> environment_proxies(const PitfallInputs& in)
{
    if (!in.environment || !in.files.browsers_read_proxy_environment)
        return {};
    const auto first = [&](std::initializer_list<const char*> names) -> std::pair<std::string, std::string> {
        for (const char* name : names)
            if (auto v = in.environment(name); v && !trim_blanks(*v).empty())
                return {name, std::string(trim_blanks(*v))};
        return {};
    };
    const auto [https_var, https] = first({"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"});
    const auto [http_var, http] = first({"http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"});
    if (https.empty() && http.empty())
        return {};
    platform::ProxySetting p;
    p.source = trf("the environment variable {0}", https.empty() ? http_var : https_var);
    p.http = http;
    p.https = https;
    p.bypass = split_list(first({"no_proxy", "NO_PROXY"}).second, ",");
    p.bypass_by_suffix = true;  // curl's reading, and Chrome's for no_proxy
    return {p};
}

// --- Turning settings into pitfalls -------------------------------------------------------------------

void add_proxy_pitfalls(std::vector<Pitfall>& out, const platform::ProxySetting& p, const std::vector<std::string>& names)
{
    std::vector<std::string> affected;
    for (const std::string& name : names)
        if (!bypasses(p.bypass, name, p.bypass_by_suffix))
            affected.push_back(name);
    if (affected.empty())
        return;
    const std::string list = joined(affected);
    if (!p.http.empty() || !p.https.empty()) {
        const std::string& proxy = p.https.empty() ? p.http : p.https;
        out.push_back({"proxy", true, p.source,
                       trf("A proxy ({0}) hides the preview of {1} from the browsers that use it.", p.source, list),
                       trf("{0} sends web pages through the proxy {1}. The proxy looks {2} up itself, so browsers "
                           "that use this proxy do not see the hosts file's entry and show the old site.",
                           p.source, proxy, list),
                       trf("Add {0} to the proxy's exceptions (the addresses that do not use a proxy), then "
                           "restart the browser.",
                           list)});
    } else if (!p.pac_url.empty()) {
        out.push_back({"proxy-script", false, p.source,
                       trf("A proxy script ({0}) may hide the preview of {1}.", p.source, list),
                       trf("{0} uses an automatic proxy configuration script ({1}). If the script sends {2} "
                           "to a proxy, the proxy looks the name up itself and the browser shows the old site.",
                           p.source, p.pac_url, list),
                       trf("If the preview does not show in the browser, ask your network administrator to let "
                           "{0} connect directly (without a proxy).",
                           list)});
    } else if (p.auto_detect) {
        out.push_back({"proxy-auto-detect", false, p.source,
                       trf("Automatic proxy detection ({0}) may hide the preview of {1}.", p.source, list),
                       trf("{0} looks for a proxy on the network automatically. If it finds one, the proxy looks "
                           "{1} up itself and the browser shows the old site.",
                           p.source, list),
                       trf("If the preview does not show in the browser, turn automatic proxy detection off or "
                           "ask your network administrator to let {0} connect directly.",
                           list)});
    }
}

void add_firefox_pitfalls(std::vector<Pitfall>& out, const FirefoxSettings& ff, const std::vector<std::string>& names)
{
    std::vector<std::string> doh_names;
    for (const std::string& name : names)
        if (!excluded_from_doh(ff.doh_excluded, name))
            doh_names.push_back(name);
    if ((ff.trr_mode == 2 || ff.trr_mode == 3) && !doh_names.empty()) {
        if (!ff.exclude_etc_hosts)
            out.push_back({"firefox-ignores-hosts", true, ff.where,
                           _("Firefox is set to ignore the hosts file."),
                           trf("Firefox uses DNS over HTTPS and is set to ignore the hosts file "
                               "(network.trr.exclude-etc-hosts is false in {0}). The preview of {1} does not show in Firefox.",
                               ff.where, joined(doh_names)),
                           _("In about:config set network.trr.exclude-etc-hosts back to true, or turn DNS over HTTPS "
                             "off (Settings > Privacy & Security), then restart Firefox.")});
        else
            out.push_back({"firefox-doh", false, ff.where,
                           _("Firefox uses DNS over HTTPS: restart it after each change."),
                           trf("Firefox uses DNS over HTTPS ({0}). It then reads the hosts file only when it "
                               "starts, so a Firefox that is already open keeps showing the old site.",
                               ff.where),
                           _("Quit Firefox completely and start it again after the preview starts, and again after "
                             "it is reverted.")});
    }
    if (ff.proxy_type == 1 || ff.proxy_type == 2 || ff.proxy_type == 4) {
        platform::ProxySetting p = ff.proxy;
        p.source = trf("Firefox ({0})", ff.where);
        p.bypass_by_suffix = true;  // network.proxy.no_proxies_on and Passthrough are domain suffixes
        if (ff.proxy_type != 1)
            p.http = p.https = {};
        if (ff.proxy_type != 2)
            p.pac_url = {};
        p.auto_detect = ff.proxy_type == 4;
        if (ff.proxy_type == 1)
            p.bypass.insert(p.bypass.end(), {"localhost", "127.0.0.1"});
        add_proxy_pitfalls(out, p, names);
    }
}

}  // namespace

bool bypasses(const std::vector<std::string>& exceptions, std::string_view name, bool by_suffix)
{
    const std::string host = lowered(name);
    for (const std::string& raw : exceptions) {
        std::string entry = lowered(trim_blanks(raw));
        if (const std::size_t scheme = entry.find("://"); scheme != std::string::npos)
            entry.erase(0, scheme + 3);
        if (entry.empty())
            continue;
        if (entry == "*")
            return true;
        if (entry == "<local>") {
            if (host.find('.') == std::string::npos)
                return true;
            continue;
        }
        if (by_suffix) {
            while (!entry.empty() && (entry.front() == '*' || entry.front() == '.'))
                entry.erase(0, 1);
            if (!entry.empty() && (host == entry || host.ends_with("." + entry)))
                return true;
            continue;
        }
        if (entry.starts_with('.'))
            entry.insert(0, "*");
        if (glob(entry, host))
            return true;
    }
    return false;
}

bool hsts_preloaded_tld(std::string_view name)
{
    // Whole top-level domains on Chromium's HSTS preload list (also used by Firefox and Safari):
    // Google's registry TLDs, which are https-only by policy.
    static constexpr std::array<std::string_view, 22> tlds{
        "android", "app", "boo", "channel", "chrome", "dad", "day", "dev", "eat", "esq", "fly",
        "foo", "gle", "google", "ing", "meme", "mov", "new", "nexus", "page", "prof", "rsvp"};
    const std::string host = lowered(name);
    const std::size_t dot = host.rfind('.');
    const std::string_view tld = std::string_view(host).substr(dot == std::string::npos ? 0 : dot + 1);
    return std::find(tlds.begin(), tlds.end(), tld) != tlds.end();
}

PitfallInputs this_computer(std::vector<std::string> names)
{
    PitfallInputs in;
    in.names = std::move(names);
    in.system_proxies = platform::system_proxy_settings();
    in.files = platform::browser_files();
    in.environment = [](const char* name) -> std::optional<std::string> {
        const char* value = std::getenv(name);
        return value ? std::optional<std::string>(value) : std::nullopt;
    };
    return in;
}

std::vector<Pitfall> find_pitfalls(const PitfallInputs& in)
{
    std::vector<Pitfall> out;
    for (const platform::ProxySetting& p : in.system_proxies)
        add_proxy_pitfalls(out, p, in.names);
    for (const platform::ProxySetting& p : environment_proxies(in))
        add_proxy_pitfalls(out, p, in.names);
    for (const platform::ProxySetting& p : chromium_policy_proxies(in.files))
        add_proxy_pitfalls(out, p, in.names);
    for (const FirefoxSettings& ff : firefox_settings(in.files))
        add_firefox_pitfalls(out, ff, in.names);

    if (in.certificate_covers == false) {
        std::vector<std::string> strict;
        for (const std::string& name : in.names)
            if (in.hsts_seen || hsts_preloaded_tld(name))
                strict.push_back(name);
        if (!strict.empty())
            out.push_back({"hsts", true, joined(strict),
                           trf("{0}: HTTPS only, and the certificate does not cover the name.", joined(strict)),
                           trf("Browsers reach {0} over HTTPS only (HSTS), and the preview server's certificate does "
                               "not cover the name: the browser refuses the page and offers no way to continue.",
                               joined(strict)),
                           _("Ask futureshop whether the certificate for the domain has been issued; the https "
                             "preview works once it has.")});
    }
    if (in.files.safari_private_relay_possible)
        out.push_back({"private-relay", false, "Safari",
                       _("Safari with iCloud Private Relay may not use the hosts file."),
                       _("With iCloud Private Relay on, Safari may look names up through Apple's relay and not "
                         "use the hosts file."),
                       _("For the preview, turn Private Relay off (System Settings > your name > iCloud > Private "
                         "Relay), or use another browser.")});
    std::stable_sort(out.begin(), out.end(), [](const Pitfall& a, const Pitfall& b) { return a.certain && !b.certain; });
    out.push_back({"open-connections", false, "Chrome, Edge",
                   _("Chrome and Edge may keep connections to the old server."),
                   _("Chrome and Edge keep connections to the old server open for a while and may keep showing the "
                     "old site right after the change."),
                   _("Open chrome://net-internals/#sockets (in Edge: edge://net-internals/#sockets) and click "
                     "\"Flush socket pools\", or restart the browser.")});
    return out;
}

std::string format_pitfalls(const std::vector<Pitfall>& pitfalls)
{
    if (pitfalls.empty())
        return {};
    std::string out = std::string(_("In the browser:")) + '\n';
    for (const Pitfall& p : pitfalls)
        out += (p.certain ? "! " : "- ") + p.title + '\n' + "  " + p.message + '\n' + "  " + p.fix + '\n';
    return out;
}

}  // namespace fshosts::probe
