// Why a browser may not show the preview, found from settings the test writes: Firefox profiles,
// prefs and policies, Chrome policies, the environment and the system proxy
// (probe/browser_pitfalls.h).
#include "catch.h"
#include "support/file_bytes.h"
#include "support/temp_dir.h"

#include "probe/browser_pitfalls.h"

#include <algorithm>
#include <map>

namespace fs = std::filesystem;
using fshosts::platform::ProxySetting;
using fshosts::probe::Pitfall;
using fshosts::probe::PitfallInputs;
using fshosts::test::TempDir;
using fshosts::test::write_all;

namespace {

const std::vector<std::string> names{"www.example.jp", "example.jp"};

// Inputs with nothing set: no proxy, no browser files, an empty environment.
PitfallInputs quiet(const std::map<std::string, std::string>& env = {})
{
    PitfallInputs in;
    in.names = names;
    in.files.browsers_read_proxy_environment = true;
    in.environment = [env](const char* name) -> std::optional<std::string> {
        const auto it = env.find(name);
        return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    return in;
}

std::vector<std::string> ids(const std::vector<Pitfall>& found)
{
    std::vector<std::string> out;
    for (const Pitfall& p : found)
        out.push_back(p.id);
    return out;
}

// A Firefox root as Firefox 67+ writes it: the [Install…] section names the profile in use, and
// an older [Profile1] still says Default=1.
fs::path firefox_root(const fs::path& home)
{
    const fs::path root = home / ".mozilla/firefox";
    fs::create_directories(root / "abcd.default-release");
    fs::create_directories(root / "old.default");
    write_all(root / "profiles.ini", "[Install4F96D1932A9F858E]\nDefault=abcd.default-release\nLocked=1\n\n"
                                     "[Profile0]\nName=default-release\nIsRelative=1\nPath=abcd.default-release\n\n"
                                     "[Profile1]\nName=default\nIsRelative=1\nPath=old.default\nDefault=1\n\n"
                                     "[General]\nStartWithLastProfile=1\nVersion=2\n");
    return root;
}

}  // namespace

TEST_CASE("bypass lists: the forms systems write, compared as a browser does")
{
    using fshosts::probe::bypasses;
    CHECK(bypasses({"www.example.jp"}, "www.example.jp"));
    // Host patterns (Chrome, Windows, GNOME, macOS): a plain name is only itself, a leading dot
    // or "*." only subdomains.
    CHECK_FALSE(bypasses({"example.jp"}, "www.example.jp"));
    CHECK(bypasses({".example.jp"}, "www.example.jp"));
    CHECK_FALSE(bypasses({".example.jp"}, "example.jp"));
    CHECK(bypasses({"*.example.jp"}, "www.example.jp"));
    CHECK_FALSE(bypasses({"*.example.jp"}, "example.jp"));
    CHECK_FALSE(bypasses({"*.example.jp"}, "badexample.jp"));
    // Suffixes (no_proxy, Firefox): every form covers the domain and its subdomains, and only those.
    for (const char* entry : {"example.jp", ".example.jp", "*.example.jp"}) {
        CHECK(bypasses({entry}, "www.example.jp", true));
        CHECK(bypasses({entry}, "example.jp", true));
        CHECK_FALSE(bypasses({entry}, "badexample.jp", true));
    }
    CHECK(bypasses({"*"}, "anything.example"));
    CHECK(bypasses({"<local>"}, "intranet"));
    CHECK_FALSE(bypasses({"<local>"}, "www.example.jp"));
    CHECK(bypasses({"www.*.jp"}, "www.example.jp"));
    CHECK(bypasses({" WWW.Example.JP "}, "www.example.jp"));
    CHECK(bypasses({"http://www.example.jp"}, "www.example.jp"));
    CHECK_FALSE(bypasses({"localhost", "127.0.0.0/8", "::1"}, "www.example.jp"));
    CHECK_FALSE(bypasses({}, "www.example.jp"));
}

TEST_CASE("nothing set: only the advice on open connections, which always comes last")
{
    const auto found = find_pitfalls(quiet());
    CHECK(ids(found) == std::vector<std::string>{"open-connections"});
    CHECK(found.back().fix.find("chrome://net-internals/#sockets") != std::string::npos);
}

TEST_CASE("a system proxy hides the preview unless the names are in its exceptions")
{
    PitfallInputs in = quiet();
    in.system_proxies = {ProxySetting{"GNOME", "proxy.corp:8080", "proxy.corp:8080", {}, false, {"localhost", "example.jp", "*.example.jp"}}};
    CHECK(ids(find_pitfalls(in)) == std::vector<std::string>{"open-connections"});  // both names bypass it

    in.system_proxies[0].bypass = {"localhost", "www.example.jp"};  // not the bare domain
    auto found = find_pitfalls(in);
    REQUIRE(ids(found) == std::vector<std::string>{"proxy", "open-connections"});
    CHECK(found[0].certain);
    CHECK(found[0].where == "GNOME");
    CHECK(found[0].message.find("proxy.corp:8080") != std::string::npos);
    CHECK(found[0].message.find("example.jp") != std::string::npos);
    CHECK(found[0].message.find("www.example.jp") == std::string::npos);  // that one goes direct

    in.system_proxies = {ProxySetting{"W", {}, {}, "http://wpad.corp/p.pac", false, {}},
                         ProxySetting{"K", {}, {}, {}, true, {}}};
    found = find_pitfalls(in);
    CHECK(ids(found) == std::vector<std::string>{"proxy-script", "proxy-auto-detect", "open-connections"});
    CHECK_FALSE(found[0].certain);
    CHECK(found[0].message.find("http://wpad.corp/p.pac") != std::string::npos);
}

TEST_CASE("the environment's proxy counts where browsers read it, with no_proxy")
{
    PitfallInputs in = quiet({{"https_proxy", "http://proxy.corp:3128"}, {"no_proxy", "localhost,.example.jp"}});
    CHECK(ids(find_pitfalls(in)) == std::vector<std::string>{"open-connections"});
    in = quiet({{"HTTPS_PROXY", "http://proxy.corp:3128"}, {"NO_PROXY", "localhost"}});
    auto found = find_pitfalls(in);
    REQUIRE(ids(found) == std::vector<std::string>{"proxy", "open-connections"});
    CHECK(found[0].where.find("HTTPS_PROXY") != std::string::npos);
    in.files.browsers_read_proxy_environment = false;  // Windows, macOS: browsers do not read it
    CHECK(ids(find_pitfalls(in)) == std::vector<std::string>{"open-connections"});
}

TEST_CASE("Chrome's policy files: a fixed proxy, its bypass list, and the ProxySettings form")
{
    TempDir tmp("fshosts-pitfalls");
    const fs::path dir = tmp.path / "etc/opt/chrome/policies/managed";
    fs::create_directories(dir);
    write_all(dir / "proxy.json", R"({"ProxyMode": "fixed_servers", "ProxyServer": "proxy.corp:8080", "ProxyBypassList": "localhost,*.example.jp"})");
    write_all(dir / "README.txt", R"({"ProxyMode": "fixed_servers", "ProxyServer": "not.json.file:1"})");
    PitfallInputs in = quiet();
    in.files.chromium_policy_dirs = {dir, tmp.path / "missing"};
    auto found = find_pitfalls(in);
    REQUIRE(ids(found) == std::vector<std::string>{"proxy", "open-connections"});
    CHECK(found[0].where == (dir / "proxy.json").string());
    // "*.example.jp" covers www. but not the bare domain.
    CHECK(found[0].message.find("www.example.jp") == std::string::npos);

    write_all(dir / "proxy.json", R"({"ProxySettings": {"ProxyMode": "pac_script", "ProxyPacUrl": "https://pac.corp/p.pac"}})");
    found = find_pitfalls(in);
    REQUIRE(ids(found) == std::vector<std::string>{"proxy-script", "open-connections"});
    CHECK(found[0].message.find("https://pac.corp/p.pac") != std::string::npos);
    write_all(dir / "proxy.json", "{ not json");
    CHECK(ids(find_pitfalls(in)) == std::vector<std::string>{"open-connections"});
}

TEST_CASE("Firefox with DNS over HTTPS: restart it; with exclude-etc-hosts=false it ignores hosts")
{
    TempDir tmp("fshosts-pitfalls");
    const fs::path root = firefox_root(tmp.path);
    PitfallInputs in = quiet();
    in.files.firefox_profile_roots = {root, tmp.path / "snap/firefox/common/.mozilla/firefox"};

    // The old profile (Default=1) has DoH on, but Firefox uses the [Install…] one: nothing yet.
    write_all(root / "old.default/prefs.js", "user_pref(\"network.trr.mode\", 3);\n");
    write_all(root / "abcd.default-release/prefs.js", "// Mozilla User Preferences\n"
                                                      "user_pref(\"browser.startup.page\", 3);\n"
                                                      "user_pref(\"network.trr.mode\", 5);\n");
    CHECK(ids(find_pitfalls(in)) == std::vector<std::string>{"open-connections"});

    write_all(root / "abcd.default-release/prefs.js", "user_pref(\"network.trr.mode\", 2);\n"
                                                      "user_pref(\"network.trr.uri\", \"https://mozilla.cloudflare-dns.com/dns-query\");\n");
    auto found = find_pitfalls(in);
    REQUIRE(ids(found) == std::vector<std::string>{"firefox-doh", "open-connections"});
    CHECK_FALSE(found[0].certain);
    CHECK(found[0].where == (root / "abcd.default-release" / "prefs.js").string());

    // user.js is applied after prefs.js and wins.
    write_all(root / "abcd.default-release/user.js", "user_pref(\"network.trr.exclude-etc-hosts\", false);\n");
    found = find_pitfalls(in);
    REQUIRE(ids(found) == std::vector<std::string>{"firefox-ignores-hosts", "open-connections"});
    CHECK(found[0].certain);
    CHECK(found[0].message.find("network.trr.exclude-etc-hosts") != std::string::npos);

    // Names excluded from DoH go through the system resolver, which reads hosts.
    write_all(root / "abcd.default-release/user.js", "user_pref(\"network.trr.excluded-domains\", \"localhost, example.jp\");\n");
    CHECK(ids(find_pitfalls(in)) == std::vector<std::string>{"open-connections"});
}

TEST_CASE("Firefox's enterprise policies override its prefs: DoH on, a manual proxy with Passthrough")
{
    TempDir tmp("fshosts-pitfalls");
    const fs::path root = firefox_root(tmp.path);
    write_all(root / "abcd.default-release/prefs.js", "user_pref(\"network.trr.mode\", 5);\n");
    const fs::path policies = tmp.path / "etc/firefox/policies/policies.json";
    fs::create_directories(policies.parent_path());
    write_all(policies, R"({"policies": {"DNSOverHTTPS": {"Enabled": true, "Locked": true},
                           "Proxy": {"Mode": "manual", "HTTPProxy": "proxy.corp:8080", "UseHTTPProxyForAllProtocols": true,
                                     "Passthrough": "localhost, .example.jp"}}})");
    PitfallInputs in = quiet();
    in.files.firefox_profile_roots = {root};
    in.files.firefox_policy_files = {tmp.path / "usr/lib/firefox/distribution/policies.json", policies};
    auto found = find_pitfalls(in);
    REQUIRE(ids(found) == std::vector<std::string>{"firefox-doh", "open-connections"});  // the proxy is bypassed
    CHECK(found[0].where == policies.string());

    write_all(policies, R"({"policies": {"Proxy": {"Mode": "manual", "HTTPProxy": "proxy.corp:8080", "UseHTTPProxyForAllProtocols": true}}})");
    found = find_pitfalls(in);
    REQUIRE(ids(found) == std::vector<std::string>{"proxy", "open-connections"});
    CHECK(found[0].where.find("Firefox") != std::string::npos);
    CHECK(found[0].message.find("proxy.corp:8080") != std::string::npos);

    // The profile's own manual proxy, with Firefox's exceptions list.
    fs::remove(policies);
    write_all(root / "abcd.default-release/prefs.js", "user_pref(\"network.proxy.type\", 1);\n"
                                                      "user_pref(\"network.proxy.ssl\", \"sslproxy.corp\");\n"
                                                      "user_pref(\"network.proxy.ssl_port\", 3128);\n"
                                                      "user_pref(\"network.proxy.no_proxies_on\", \"www.example.jp\");\n");
    found = find_pitfalls(in);
    REQUIRE(ids(found) == std::vector<std::string>{"proxy", "open-connections"});
    CHECK(found[0].message.find("sslproxy.corp:3128") != std::string::npos);
}

TEST_CASE("HSTS without a certificate for the name, and Safari's Private Relay where it exists")
{
    CHECK(fshosts::probe::hsts_preloaded_tld("shop.example.app"));
    CHECK(fshosts::probe::hsts_preloaded_tld("WWW.EXAMPLE.DEV"));
    CHECK_FALSE(fshosts::probe::hsts_preloaded_tld("www.example.jp"));

    PitfallInputs in = quiet();
    in.certificate_covers = false;
    CHECK(ids(find_pitfalls(in)) == std::vector<std::string>{"open-connections"});  // .jp, and no HSTS header seen
    in.hsts_seen = true;
    auto found = find_pitfalls(in);
    REQUIRE(ids(found) == std::vector<std::string>{"hsts", "open-connections"});
    CHECK(found[0].certain);
    in.certificate_covers = true;
    CHECK(ids(find_pitfalls(in)) == std::vector<std::string>{"open-connections"});

    in = quiet();
    in.names = {"www.example.app"};
    in.certificate_covers = false;
    CHECK(ids(find_pitfalls(in)) == std::vector<std::string>{"hsts", "open-connections"});

    in = quiet();
    in.files.safari_private_relay_possible = true;
    in.system_proxies = {ProxySetting{"macOS", {}, {}, "http://wpad/p.pac", false, {}}};
    // Certain ones first, the advice at the end.
    in.certificate_covers = false;
    in.hsts_seen = true;
    CHECK(ids(find_pitfalls(in)) == std::vector<std::string>{"hsts", "proxy-script", "private-relay", "open-connections"});
}
