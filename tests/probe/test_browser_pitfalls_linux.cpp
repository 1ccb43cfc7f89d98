// This computer's settings as Linux keeps them (platform/linux/browser_settings.cpp), read through
// probe::this_computer(): KDE's kioslaverc under $XDG_CONFIG_HOME, the Firefox profile under
// $HOME, the environment's proxy. The test points HOME and XDG_CONFIG_HOME at its own files.
#include "catch.h"
#include "support/file_bytes.h"
#include "support/temp_dir.h"

#include "probe/browser_pitfalls.h"

#include <cstdlib>

namespace fs = std::filesystem;
using fshosts::test::TempDir;
using fshosts::test::write_all;

namespace {

// Sets an environment variable for one test and puts the old value back.
struct ScopedEnv {
    std::string name;
    std::optional<std::string> old;
    ScopedEnv(const char* n, const std::optional<std::string>& value) : name(n)
    {
        if (const char* v = std::getenv(n))
            old = v;
        if (value)
            ::setenv(n, value->c_str(), 1);
        else
            ::unsetenv(n);
    }
    ~ScopedEnv()
    {
        if (old)
            ::setenv(name.c_str(), old->c_str(), 1);
        else
            ::unsetenv(name.c_str());
    }
};

std::vector<std::string> ids(const std::vector<fshosts::probe::Pitfall>& found)
{
    std::vector<std::string> out;
    for (const auto& p : found)
        out.push_back(p.id);
    return out;
}

}  // namespace

TEST_CASE("Linux: KDE's proxy, the snap Firefox's DoH and http_proxy are found where a user has them")
{
    TempDir tmp("fshosts-pitfalls-linux");
    const fs::path home = tmp.path / "home";
    const fs::path config = tmp.path / "config";
    fs::create_directories(config);
    const fs::path root = home / "snap/firefox/common/.mozilla/firefox";
    fs::create_directories(root / "x1.default");
    write_all(root / "profiles.ini", "[Profile0]\nName=default\nIsRelative=1\nPath=x1.default\n");

    ScopedEnv h("HOME", home.string());
    ScopedEnv x("XDG_CONFIG_HOME", config.string());
    ScopedEnv p1("http_proxy", std::nullopt), p2("HTTP_PROXY", std::nullopt), p3("https_proxy", std::nullopt),
        p4("HTTPS_PROXY", std::nullopt), p5("all_proxy", std::nullopt), p6("ALL_PROXY", std::nullopt),
        p7("no_proxy", std::nullopt), p8("NO_PROXY", std::nullopt);
    // No GNOME settings to read here (CI has no gsettings); a desktop with them adds its own.
    const std::vector<std::string> names{"www.example.jp"};
    CHECK(ids(find_pitfalls(fshosts::probe::this_computer(names))) == std::vector<std::string>{"open-connections"});

    write_all(config / "kioslaverc", "[Proxy Settings]\nProxyType=1\nhttpProxy=http://kde.proxy 8080\n"
                                     "httpsProxy=http://kde.proxy 8080\nNoProxyFor=localhost\n");
    write_all(root / "x1.default/prefs.js", "user_pref(\"network.trr.mode\", 3);\n");
    ScopedEnv e("http_proxy", std::string("http://env.proxy:3128"));
    const auto found = find_pitfalls(fshosts::probe::this_computer(names));
    REQUIRE(ids(found) == std::vector<std::string>{"proxy", "proxy", "firefox-doh", "open-connections"});
    CHECK(found[0].where.find((config / "kioslaverc").string()) != std::string::npos);
    CHECK(found[0].message.find("kde.proxy:8080") != std::string::npos);
    CHECK(found[1].where.find("http_proxy") != std::string::npos);
    CHECK(found[2].where == (root / "x1.default" / "prefs.js").string());
}
