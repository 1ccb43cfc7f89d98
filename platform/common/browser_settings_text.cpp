// The text formats of the proxy settings platform/browser_settings.h reads: GNOME's gsettings
// output, KDE's kioslaverc, macOS' `scutil --proxy` and Windows' Internet Options values. Pure
// code, built and tested on every OS.
#include "platform/browser_settings.h"

#include "base/i18n.h"
#include "base/text_list.h"

#include <algorithm>
#include <map>
#include <optional>

namespace fshosts::platform {
namespace {

std::vector<std::string_view> lines_of(std::string_view text)
{
    std::vector<std::string_view> out;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        out.push_back(text.substr(0, end));
        if (end == std::string_view::npos)
            break;
        text.remove_prefix(end + 1);
    }
    return out;
}

// "host:port" from a host and a port; "" without a host.
std::string host_port(std::string_view host, std::string_view port)
{
    if (host.empty())
        return {};
    std::string out(host);
    if (!port.empty() && port != "0")
        out.append(":").append(port);
    return out;
}

// --- GNOME: GVariant text ------------------------------------------------------------------------

// One GVariant string literal at the start of `s` ('text' or "text", backslash escapes), moving
// `s` past it; nullopt when `s` does not start with one.
std::optional<std::string> gvariant_string(std::string_view& s)
{
    s = trim_blanks(s);
    if (s.empty() || (s.front() != '\'' && s.front() != '"'))
        return std::nullopt;
    const char quote = s.front();
    std::string out;
    std::size_t i = 1;
    for (; i < s.size() && s[i] != quote; ++i) {
        if (s[i] == '\\' && i + 1 < s.size())
            ++i;
        out.push_back(s[i]);
    }
    s.remove_prefix(std::min(i + 1, s.size()));
    return out;
}

// ['a', 'b'] or @as [] as a list of strings.
std::vector<std::string> gvariant_string_array(std::string_view s)
{
    std::vector<std::string> out;
    s = trim_blanks(s);
    if (s.starts_with("@as"))
        s = trim_blanks(s.substr(3));
    if (s.empty() || s.front() != '[')
        return out;
    s.remove_prefix(1);
    while (auto item = gvariant_string(s)) {
        out.push_back(std::move(*item));
        s = trim_blanks(s);
        if (!s.empty() && s.front() == ',')
            s.remove_prefix(1);
    }
    return out;
}

std::string gvariant_text(std::string_view value)
{
    if (auto s = gvariant_string(value))
        return *s;
    return std::string(trim_blanks(value));  // a number
}

// --- KDE ----------------------------------------------------------------------------------------

// KDE writes a manual proxy as "http://host 8080" (a space before the port) or "http://host:8080".
std::string kde_proxy(std::string_view value)
{
    value = trim_blanks(value);
    if (const std::size_t scheme = value.find("://"); scheme != std::string_view::npos)
        value.remove_prefix(scheme + 3);
    std::string out(value);
    std::replace(out.begin(), out.end(), ' ', ':');
    while (!out.empty() && out.back() == '/')
        out.pop_back();
    return out;
}

}  // namespace

std::vector<ProxySetting> parse_gnome_proxy(std::string_view text)
{
    // Lines: "org.gnome.system.proxy.http host 'proxy.example'".
    std::map<std::string, std::string, std::less<>> values;  // "http host" -> value text
    for (std::string_view line : lines_of(text)) {
        line = trim_blanks(line);
        const std::size_t a = line.find(' ');
        if (a == std::string_view::npos)
            continue;
        std::string_view schema = line.substr(0, a);
        std::string_view rest = trim_blanks(line.substr(a + 1));
        const std::size_t b = rest.find(' ');
        if (b == std::string_view::npos || !schema.starts_with("org.gnome.system.proxy"))
            continue;
        schema.remove_prefix(std::string_view("org.gnome.system.proxy").size());
        if (!schema.empty() && schema.front() == '.')
            schema.remove_prefix(1);
        std::string key(schema);
        key.append(key.empty() ? "" : " ").append(rest.substr(0, b));
        values[key] = std::string(trim_blanks(rest.substr(b + 1)));
    }
    const auto get = [&](std::string_view key) {
        const auto it = values.find(key);
        return it == values.end() ? std::string() : gvariant_text(it->second);
    };
    ProxySetting p;
    p.source = "GNOME";
    const std::string mode = get("mode");
    if (mode == "manual") {
        p.http = host_port(get("http host"), get("http port"));
        p.https = host_port(get("https host"), get("https port"));
    } else if (mode == "auto") {
        p.pac_url = get("autoconfig-url");
        p.auto_detect = p.pac_url.empty();  // 'auto' without a script URL: WPAD
    }
    if (const auto it = values.find("ignore-hosts"); it != values.end())
        p.bypass = gvariant_string_array(it->second);
    if (!p.any())
        return {};
    return {p};
}

std::vector<ProxySetting> parse_kde_proxy(std::string_view text)
{
    std::map<std::string, std::string, std::less<>> values;
    bool in_section = false;
    for (std::string_view line : lines_of(text)) {
        line = trim_blanks(line);
        if (line.starts_with('[')) {
            in_section = line == "[Proxy Settings]";
            continue;
        }
        const std::size_t eq = line.find('=');
        if (!in_section || eq == std::string_view::npos)
            continue;
        values[std::string(trim_blanks(line.substr(0, eq)))] = std::string(trim_blanks(line.substr(eq + 1)));
    }
    const auto get = [&](std::string_view key) {
        const auto it = values.find(key);
        return it == values.end() ? std::string() : it->second;
    };
    ProxySetting p;
    p.source = "KDE";
    const std::string type = get("ProxyType");
    if (type == "1") {
        p.http = kde_proxy(get("httpProxy"));
        p.https = kde_proxy(get("httpsProxy"));
    } else if (type == "2") {
        p.pac_url = get("Proxy Config Script");
    } else if (type == "3") {
        p.auto_detect = true;
    }
    // ReversedException=true turns NoProxyFor into the list of names that do use the proxy;
    // then no name is known to bypass it, so the list is not taken as exceptions.
    if (get("ReversedException") != "true")
        p.bypass = split_list(get("NoProxyFor"), ",");
    if (!p.any())
        return {};
    return {p};
}

std::vector<ProxySetting> parse_scutil_proxy(std::string_view text)
{
    std::map<std::string, std::string, std::less<>> values;
    std::vector<std::string> exceptions;
    bool in_exceptions = false;
    for (std::string_view line : lines_of(text)) {
        line = trim_blanks(line);
        if (in_exceptions) {
            if (line.starts_with('}')) {
                in_exceptions = false;
                continue;
            }
            if (const std::size_t colon = line.find(" : "); colon != std::string_view::npos)
                exceptions.emplace_back(trim_blanks(line.substr(colon + 3)));
            continue;
        }
        const std::size_t colon = line.find(" : ");
        if (colon == std::string_view::npos)
            continue;
        const std::string key(trim_blanks(line.substr(0, colon)));
        const std::string_view value = trim_blanks(line.substr(colon + 3));
        if (key == "ExceptionsList" && value.starts_with("<array>"))
            in_exceptions = true;
        else
            values[key] = std::string(value);
    }
    const auto get = [&](std::string_view key) {
        const auto it = values.find(key);
        return it == values.end() ? std::string() : it->second;
    };
    ProxySetting p;
    p.source = _("macOS network settings");
    if (get("HTTPEnable") == "1")
        p.http = host_port(get("HTTPProxy"), get("HTTPPort"));
    if (get("HTTPSEnable") == "1")
        p.https = host_port(get("HTTPSProxy"), get("HTTPSPort"));
    if (get("ProxyAutoConfigEnable") == "1")
        p.pac_url = get("ProxyAutoConfigURLString");
    p.auto_detect = get("ProxyAutoDiscoveryEnable") == "1";
    p.bypass = std::move(exceptions);
    if (!p.any())
        return {};
    return {p};
}

std::vector<ProxySetting> parse_windows_proxy(bool enabled, std::string_view server, std::string_view override_list,
                                              std::string_view autoconfig_url, std::string source)
{
    ProxySetting p;
    p.source = std::move(source);
    if (enabled) {
        server = trim_blanks(server);
        if (server.find('=') == std::string_view::npos) {
            p.http = p.https = std::string(server);  // one proxy for every protocol
        } else {
            for (const std::string& part : split_list(server, ";")) {
                const std::size_t eq = part.find('=');
                const std::string scheme = part.substr(0, eq);
                const std::string value = eq == std::string::npos ? std::string() : part.substr(eq + 1);
                if (scheme == "http")
                    p.http = value;
                else if (scheme == "https")
                    p.https = value;
            }
        }
        p.bypass = split_list(override_list, ";");
    }
    p.pac_url = std::string(trim_blanks(autoconfig_url));  // used whether or not ProxyEnable is set
    if (!p.any())
        return {};
    return {p};
}

}  // namespace fshosts::platform
