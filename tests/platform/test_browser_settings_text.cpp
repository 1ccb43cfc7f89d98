// The proxy settings' text formats as GNOME, KDE, macOS and Windows store them
// (platform/browser_settings.h), each read into the proxy a browser would use and its exceptions.
#include "catch.h"

#include "platform/browser_settings.h"

using fshosts::platform::ProxySetting;
namespace platform = fshosts::platform;

TEST_CASE("GNOME: a manual proxy with its exceptions; 'none' and 'auto' as GNOME writes them")
{
    const char* manual = "org.gnome.system.proxy autoconfig-url ''\n"
                         "org.gnome.system.proxy ignore-hosts ['localhost', '127.0.0.0/8', '*.example.jp']\n"
                         "org.gnome.system.proxy mode 'manual'\n"
                         "org.gnome.system.proxy use-same-proxy true\n"
                         "org.gnome.system.proxy.http host 'proxy.corp.example'\n"
                         "org.gnome.system.proxy.http port 8080\n"
                         "org.gnome.system.proxy.https host 'secure.corp.example'\n"
                         "org.gnome.system.proxy.https port 3128\n";
    const auto found = platform::parse_gnome_proxy(manual);
    REQUIRE(found.size() == 1);
    CHECK(found[0].source == "GNOME");
    CHECK(found[0].http == "proxy.corp.example:8080");
    CHECK(found[0].https == "secure.corp.example:3128");
    CHECK(found[0].pac_url.empty());
    CHECK(found[0].bypass == std::vector<std::string>{"localhost", "127.0.0.0/8", "*.example.jp"});

    std::string none = manual;
    none.replace(none.find("'manual'"), 8, "'none'");
    CHECK(platform::parse_gnome_proxy(none).empty());

    const auto pac = platform::parse_gnome_proxy("org.gnome.system.proxy mode 'auto'\n"
                                                 "org.gnome.system.proxy autoconfig-url 'http://wpad.corp/proxy.pac'\n"
                                                 "org.gnome.system.proxy ignore-hosts @as []\n");
    REQUIRE(pac.size() == 1);
    CHECK(pac[0].pac_url == "http://wpad.corp/proxy.pac");
    CHECK_FALSE(pac[0].auto_detect);
    CHECK(pac[0].bypass.empty());
    const auto wpad = platform::parse_gnome_proxy("org.gnome.system.proxy mode 'auto'\norg.gnome.system.proxy autoconfig-url ''\n");
    REQUIRE(wpad.size() == 1);
    CHECK(wpad[0].auto_detect);
}

TEST_CASE("KDE: kioslaverc's manual proxy (a space before the port), script, detection, reversed exceptions")
{
    const auto manual = platform::parse_kde_proxy("[General]\nProxyType=9\n\n[Proxy Settings]\nProxyType=1\n"
                                                  "httpProxy=http://proxy.corp 8080\nhttpsProxy=http://proxy.corp:3128/\n"
                                                  "NoProxyFor=localhost,.example.jp\n");
    REQUIRE(manual.size() == 1);
    CHECK(manual[0].http == "proxy.corp:8080");
    CHECK(manual[0].https == "proxy.corp:3128");
    CHECK(manual[0].bypass == std::vector<std::string>{"localhost", ".example.jp"});

    const auto script = platform::parse_kde_proxy("[Proxy Settings]\nProxyType=2\nProxy Config Script=http://wpad/p.pac\n");
    REQUIRE(script.size() == 1);
    CHECK(script[0].pac_url == "http://wpad/p.pac");
    const auto detect = platform::parse_kde_proxy("[Proxy Settings]\nProxyType=3\n");
    REQUIRE(detect.size() == 1);
    CHECK(detect[0].auto_detect);
    // 0: no proxy; 4: the environment variables, which the caller reads itself.
    CHECK(platform::parse_kde_proxy("[Proxy Settings]\nProxyType=0\nhttpProxy=http://p 1\n").empty());
    CHECK(platform::parse_kde_proxy("[Proxy Settings]\nProxyType=4\n").empty());
    const auto reversed = platform::parse_kde_proxy("[Proxy Settings]\nProxyType=1\nhttpProxy=http://p 1\n"
                                                    "NoProxyFor=www.example.jp\nReversedException=true\n");
    REQUIRE(reversed.size() == 1);
    CHECK(reversed[0].bypass.empty());  // the list names who uses the proxy, not who bypasses it
}

TEST_CASE("macOS: scutil --proxy with the exceptions array")
{
    const char* text = "<dictionary> {\n"
                       "  ExceptionsList : <array> {\n"
                       "    0 : *.local\n"
                       "    1 : 169.254/16\n"
                       "    2 : www.example.jp\n"
                       "  }\n"
                       "  FTPPassive : 1\n"
                       "  HTTPEnable : 1\n"
                       "  HTTPPort : 8080\n"
                       "  HTTPProxy : proxy.corp\n"
                       "  HTTPSEnable : 0\n"
                       "  HTTPSPort : 8443\n"
                       "  HTTPSProxy : other.corp\n"
                       "  ProxyAutoConfigEnable : 1\n"
                       "  ProxyAutoConfigURLString : http://wpad.corp/p.pac\n"
                       "}\n";
    const auto found = platform::parse_scutil_proxy(text);
    REQUIRE(found.size() == 1);
    CHECK(found[0].http == "proxy.corp:8080");
    CHECK(found[0].https.empty());  // HTTPSEnable : 0
    CHECK(found[0].pac_url == "http://wpad.corp/p.pac");
    CHECK_FALSE(found[0].auto_detect);
    CHECK(found[0].bypass == std::vector<std::string>{"*.local", "169.254/16", "www.example.jp"});
    CHECK(platform::parse_scutil_proxy("<dictionary> {\n  HTTPEnable : 0\n  ExceptionsList : <array> {\n    0 : *.local\n  }\n}\n").empty());
}

TEST_CASE("Windows Internet Options: one server, per-protocol servers, exceptions, a script without ProxyEnable")
{
    const auto one = platform::parse_windows_proxy(true, "proxy.corp:8080", "localhost;*.example.jp;<local>", "", "W");
    REQUIRE(one.size() == 1);
    CHECK(one[0].http == "proxy.corp:8080");
    CHECK(one[0].https == "proxy.corp:8080");
    CHECK(one[0].bypass == std::vector<std::string>{"localhost", "*.example.jp", "<local>"});
    CHECK(one[0].source == "W");

    const auto per = platform::parse_windows_proxy(true, "http=p1:80;https=p2:443;ftp=p3:21", "", "", "W");
    REQUIRE(per.size() == 1);
    CHECK(per[0].http == "p1:80");
    CHECK(per[0].https == "p2:443");

    // ProxyEnable=0 turns the servers off, not the script.
    const auto script = platform::parse_windows_proxy(false, "proxy.corp:8080", "", "http://wpad/p.pac", "W");
    REQUIRE(script.size() == 1);
    CHECK(script[0].http.empty());
    CHECK(script[0].pac_url == "http://wpad/p.pac");
    CHECK(platform::parse_windows_proxy(false, "proxy.corp:8080", "", "", "W").empty());
}
