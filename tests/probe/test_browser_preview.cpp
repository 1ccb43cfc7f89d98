// The browser preview's pure parts (probe/browser_preview.h): what the browser opens, the rules,
// its arguments, the first tab, and what a Chromium net log says about the connection it made.
// The net logs here follow the shape Debian's chromium 156 writes (--log-net-log): the
// constants' event type table, then events with a source id, a phase and params.
#include "catch.h"

#include "base/error.h"
#include "platform/helper_command_line.h"
#include "probe/browser_preview.h"

#include <algorithm>

using namespace fshosts;
using namespace fshosts::probe;

namespace {

bool has(const std::vector<std::string>& args, const std::string& arg)
{
    return std::find(args.begin(), args.end(), arg) != args.end();
}

ErrorKind kind_of(std::string_view url, std::string_view address)
{
    try {
        browser_target(url, address, false);
    } catch (const Error& e) {
        return e.kind();
    }
    return ErrorKind::Io;  // not refused: never what a test expects here
}

// A net log with one connection for `group` (the socket pool group) to `remote`, and when
// `proxy` is set, the proxy the stream job controller of `url` resolved.
std::string net_log(const std::string& group, const std::string& remote, const std::string& url = "",
                    const std::string& proxy = "", bool truncated = false)
{
    std::string log = R"({"constants": {"logEventTypes": {"SOCKET_POOL_CONNECT_JOB_CREATED": 10, "SOCKET_ALIVE": 11,
        "TCP_CONNECT": 12, "TCP_CONNECT_ATTEMPT": 13, "HTTP_STREAM_JOB_CONTROLLER": 14,
        "PROXY_RESOLUTION_SERVICE_RESOLVED_PROXY_LIST": 15, "UDP_CONNECT": 16}},
      "events": [
        {"type": 16, "phase": 1, "source": {"id": 3, "type": 1}, "params": {"address": "10.255.255.53:53"}},
        {"type": 10, "phase": 0, "source": {"id": 20, "type": 7}, "params": {"backup_job": false, "group_id": "pm/http://clients2.google.com <null>"}},
        {"type": 11, "phase": 1, "source": {"id": 21, "type": 10}, "params": {"source_dependency": {"id": 20, "type": 7}}},
        {"type": 12, "phase": 2, "source": {"id": 21, "type": 10}, "params": {"local_address": "10.0.0.2:5000", "remote_address": "142.250.1.1:80"}},
        {"type": 14, "phase": 1, "source": {"id": 72, "type": 32}, "params": {"is_preconnect": false, "url": ")" + url + R"("}},)";
    if (!proxy.empty())
        log += R"({"type": 15, "phase": 0, "source": {"id": 72, "type": 32}, "params": {"proxy_info": ")" + proxy + R"("}},)";
    log += R"(
        {"type": 10, "phase": 0, "source": {"id": 74, "type": 7}, "params": {"backup_job": false, "group_id": ")" + group + R"( <http://example.jp same_site>"}},
        {"type": 11, "phase": 1, "source": {"id": 75, "type": 10}, "params": {"source_dependency": {"id": 74, "type": 7}}},
        {"type": 12, "phase": 1, "source": {"id": 75, "type": 10}, "params": {"address_list": [")" + remote + R"("]}},
        {"type": 13, "phase": 1, "source": {"id": 75, "type": 10}, "params": {"address": ")" + remote + R"("}},
        {"type": 12, "phase": 2, "source": {"id": 75, "type": 10}, "params": {"local_address": "127.0.0.1:58550", "remote_address": ")" +
           remote + R"("}},
)";
    if (!truncated)
        log += R"({"type": 16, "phase": 2, "source": {"id": 3, "type": 1}}]})";
    return log;
}

}  // namespace

TEST_CASE("browser_target: the URL opened, the names mapped, the address normalised")
{
    const BrowserTarget t = browser_target("  https://WWW.Example.JP/shop/list?x=1 ", "2001:DB8:0:0:0:0:0:10", true);
    CHECK(t.url == "https://www.example.jp/shop/list?x=1");
    CHECK(t.scheme == "https");
    CHECK(t.host == "www.example.jp");
    CHECK(t.port == 443);
    CHECK(t.names == std::vector<std::string>{"www.example.jp", "example.jp"});
    CHECK(t.address == "2001:db8::10");

    const BrowserTarget bare = browser_target("ｗｗｗ．ｅｘａｍｐｌｅ．ｊｐ", "203.0.113.10", false);
    CHECK(bare.url == "https://www.example.jp/");
    CHECK(bare.names == std::vector<std::string>{"www.example.jp"});

    const BrowserTarget port = browser_target("http://shop.example.jp:8080", "127.0.0.7", true);
    CHECK(port.url == "http://shop.example.jp:8080/");
    CHECK(port.port == 8080);
    CHECK(port.names == std::vector<std::string>{"shop.example.jp", "www.shop.example.jp"});  // as apply --with-twin

    const BrowserTarget idn = browser_target("https://例え.jp/商品 一覧?q=\"a\"", "203.0.113.10", false);
    CHECK(idn.url == "https://xn--r8jz45g.jp/%E5%95%86%E5%93%81%20%E4%B8%80%E8%A6%A7?q=%22a%22");
    CHECK(browser_target("https://www.example.jp?x", "203.0.113.10", false).url == "https://www.example.jp/?x");
}

TEST_CASE("browser_target: refuses what cannot be previewed, as bad input")
{
    CHECK(kind_of("ftp://www.example.jp/", "203.0.113.10") == ErrorKind::BadInput);
    CHECK(kind_of("javascript://www.example.jp/", "203.0.113.10") == ErrorKind::BadInput);
    CHECK(kind_of("https://user:pw@www.example.jp/", "203.0.113.10") == ErrorKind::BadInput);
    CHECK(kind_of("https://www.example.jp:0/", "203.0.113.10") == ErrorKind::BadInput);
    CHECK(kind_of("https://www.example.jp:65536/", "203.0.113.10") == ErrorKind::BadInput);
    CHECK(kind_of("https://www.example.jp:http/", "203.0.113.10") == ErrorKind::BadInput);
    CHECK(kind_of("https://localhost/", "127.0.0.1") == ErrorKind::BadInput);
    CHECK(kind_of("https://www.example.jp/", "0.0.0.0") == ErrorKind::BadInput);
    CHECK(kind_of("https://www.example.jp/", "203.113.10") == ErrorKind::BadInput);
    CHECK(kind_of("https://www.example.jp/", "MAP * 1.2.3.4") == ErrorKind::BadInput);
    CHECK(kind_of("https://www.example.jp,MAP * 1.2.3.4/", "203.0.113.10") == ErrorKind::BadInput);
}

TEST_CASE("host_resolver_rules: one MAP per name, IPv6 in brackets")
{
    CHECK(host_resolver_rules({"www.example.jp", "example.jp"}, "203.0.113.10") ==
          "MAP www.example.jp 203.0.113.10,MAP example.jp 203.0.113.10");
    CHECK(host_resolver_rules({"www.example.jp"}, "2001:db8::10") == "MAP www.example.jp [2001:db8::10]");
}

TEST_CASE("window and check arguments: the rules, a profile of its own, the label tab first")
{
    const BrowserTarget t = browser_target("https://www.example.jp/", "203.0.113.10", true);
    const std::vector<std::string> window = window_arguments(t, "/tmp/fshosts-browser-abc", "/tmp/fshosts-browser-abc/label.html",
                                                             false, false);
    CHECK(has(window, "--user-data-dir=/tmp/fshosts-browser-abc"));
    CHECK(has(window, "--host-resolver-rules=MAP www.example.jp 203.0.113.10,MAP example.jp 203.0.113.10"));
    CHECK(has(window, "--no-first-run"));
    CHECK_FALSE(has(window, "--no-sandbox"));
    CHECK_FALSE(has(window, "--headless"));
    REQUIRE(window.size() >= 2);
    CHECK(window[window.size() - 2] == file_url("/tmp/fshosts-browser-abc/label.html"));  // the label tab first
    CHECK(window.back() == "https://www.example.jp/");

    const std::vector<std::string> headless = window_arguments(t, "/tmp/p", "/tmp/p/label.html", true, true);
    CHECK(has(headless, "--headless"));
    CHECK(has(headless, "--no-sandbox"));
    CHECK(has(headless, "--dump-dom"));
    CHECK_FALSE(has(headless, file_url("/tmp/p/label.html")));
    CHECK(headless.back() == "https://www.example.jp/");

    const std::vector<std::string> check = check_arguments(t, "/tmp/p", "/tmp/p/net log.json", false);
    CHECK(has(check, "--host-resolver-rules=MAP www.example.jp 203.0.113.10,MAP example.jp 203.0.113.10"));
    CHECK(has(check, "--user-data-dir=/tmp/p"));
    CHECK(has(check, "--log-net-log=/tmp/p/net log.json"));
    CHECK(has(check, "--headless"));
    CHECK(has(check, "--disable-quic"));
    CHECK(check.back() == "https://www.example.jp/");

    // On Windows the arguments travel as one command line: the rules (with spaces and commas) and
    // a profile under a user name with a space each stay one argument.
    const std::vector<std::string> win = window_arguments(t, "C:\\Users\\Taro Yamada\\AppData\\Local\\Temp\\fshosts-browser-1",
                                                          "C:\\x\\label.html", false, false);
    const std::string line = platform::windows_command_line({win[0], win[1]});
    CHECK(line == "\"--user-data-dir=C:\\Users\\Taro Yamada\\AppData\\Local\\Temp\\fshosts-browser-1\" "
                  "\"--host-resolver-rules=MAP www.example.jp 203.0.113.10,MAP example.jp 203.0.113.10\"");
}

TEST_CASE("file_url: local paths percent-encoded")
{
#ifdef _WIN32
    CHECK(file_url(L"C:\\Users\\Taro Yamada\\ラベル.html") == "file:///C:/Users/Taro%20Yamada/%E3%83%A9%E3%83%99%E3%83%AB.html");
#else
    CHECK(file_url("/tmp/a b/ラベル.html") == "file:///tmp/a%20b/%E3%83%A9%E3%83%99%E3%83%AB.html");
    CHECK(file_url("/tmp/fshosts-browser-abc/label.html") == "file:///tmp/fshosts-browser-abc/label.html");
#endif
}

TEST_CASE("label page: names what is previewed where, and that only this window sees it")
{
    const BrowserTarget t = browser_target("https://www.example.jp/", "203.0.113.10", true);
    const std::string html = label_page_html(t, "en");
    CHECK(html.find("<html lang=\"en\">") != std::string::npos);
    CHECK(page_title(html) == "Preview: www.example.jp");
    CHECK(html.find("Preview of www.example.jp at 203.0.113.10") != std::string::npos);
    CHECK(html.find("Only this browser window sees the preview server.") != std::string::npos);
    CHECK(html.find("<code>www.example.jp, example.jp</code>") != std::string::npos);
    CHECK(label_page_html(t, "ja").find("<html lang=\"ja\">") != std::string::npos);
}

TEST_CASE("page_title: the first title, whitespace collapsed")
{
    CHECK(page_title("<html><head><TITLE>\n  New  shop\t</title></head>") == "New shop");
    CHECK(page_title("<html><title lang=\"ja\">新しいショップ</title><title>x</title>") == "新しいショップ");
    CHECK(page_title("<html><body>no title</body></html>").empty());
    CHECK(page_title("<title>unterminated").empty());
    // A long title is cut at a character boundary.
    std::string long_title;
    for (int i = 0; i < 100; ++i)
        long_title += "店舗";
    const std::string cut = page_title("<title>" + long_title + "</title>");
    CHECK(cut.size() <= 203);
    CHECK(cut.size() >= 190);
    CHECK(cut.substr(cut.size() - 3) == "...");
    CHECK(long_title.rfind(cut.substr(0, cut.size() - 3), 0) == 0);
    CHECK((cut.size() - 3) % 3 == 0);  // whole three-byte characters only
}

TEST_CASE("address_of_endpoint: IPv4 and bracketed IPv6")
{
    CHECK(address_of_endpoint("127.0.0.7:18457") == "127.0.0.7");
    CHECK(address_of_endpoint("[2001:db8::10]:443") == "2001:db8::10");
}

TEST_CASE("net log: the connection made for the host, not those for other hosts")
{
    const NetLogConnections direct =
        connections_for_host(net_log("http://www.example.jp:18457", "127.0.0.7:18457", "http://www.example.jp:18457/"), "WWW.example.jp");
    CHECK(direct.readable);
    CHECK(direct.addresses == std::vector<std::string>{"127.0.0.7:18457"});
    CHECK(direct.proxy.empty());

    const NetLogConnections https = connections_for_host(net_log("https://www.example.jp", "[2001:db8::10]:443"), "www.example.jp");
    CHECK(https.addresses == std::vector<std::string>{"[2001:db8::10]:443"});

    // Another name's group (the twin, Google's background requests) does not count.
    CHECK(connections_for_host(net_log("https://example.jp", "203.0.113.99:443"), "www.example.jp").addresses.empty());
    CHECK(connections_for_host(net_log("https://www.example.jp.evil.test", "203.0.113.99:443"), "www.example.jp").addresses.empty());
}

TEST_CASE("net log: a proxy shows as the proxy's address and name")
{
    const NetLogConnections proxied = connections_for_host(
        net_log("http://www.example.jp:18457", "127.0.0.9:18458", "http://www.example.jp:18457/", "PROXY 127.0.0.9:18458"),
        "www.example.jp");
    CHECK(proxied.addresses == std::vector<std::string>{"127.0.0.9:18458"});
    CHECK(proxied.proxy == "PROXY 127.0.0.9:18458");
    const NetLogConnections direct = connections_for_host(
        net_log("http://www.example.jp:18457", "127.0.0.7:18457", "http://www.example.jp:18457/", "DIRECT"), "www.example.jp");
    CHECK(direct.proxy.empty());
}

TEST_CASE("net log: one cut short by a stopped browser is still read, other files are not net logs")
{
    const NetLogConnections cut =
        connections_for_host(net_log("http://www.example.jp", "127.0.0.7:80", "", "", true), "www.example.jp");
    CHECK(cut.readable);
    CHECK(cut.addresses == std::vector<std::string>{"127.0.0.7:80"});
    CHECK_FALSE(connections_for_host("", "www.example.jp").readable);
    CHECK_FALSE(connections_for_host("<html></html>", "www.example.jp").readable);
    CHECK_FALSE(connections_for_host("{\"events\": 3}", "www.example.jp").readable);
}

TEST_CASE("browser_findings: honoured, ignored (proxy or not), unconfirmed, server silent")
{
    const BrowserTarget t = browser_target("http://www.example.jp:18457/", "127.0.0.7", false);
    BrowserCheck check;
    check.preflight.reached = true;
    check.verdict = "honoured";
    check.seen = {"127.0.0.7:18457"};
    check.title = "New shop";
    std::vector<Finding> f = browser_findings(check, t);
    REQUIRE(f.size() == 2);
    CHECK_FALSE(f[0].problem);
    CHECK(f[0].kind == "rules_honoured");
    CHECK(f[1].message == "The page the browser received: \"New shop\"");
    CHECK(check.passed());

    check.verdict = "ignored";
    check.seen = {"127.0.0.9:18458"};
    check.proxy = "PROXY 127.0.0.9:18458";
    f = browser_findings(check, t);
    CHECK(f[0].problem);
    CHECK(f[0].kind == "rules_ignored");
    CHECK(f[0].message.find("proxy PROXY 127.0.0.9:18458") != std::string::npos);
    CHECK(f[0].message.find("Use the hosts-file preview") != std::string::npos);
    CHECK_FALSE(check.passed());

    check.proxy.clear();
    CHECK(browser_findings(check, t)[0].message.find("connected to 127.0.0.9:18458 instead of 127.0.0.7") != std::string::npos);

    check.verdict = "unconfirmed";
    check.seen.clear();
    check.browser_exit_code = 0;
    CHECK(browser_findings(check, t)[0].kind == "rules_unconfirmed");

    check.verdict = "honoured";
    check.preflight.reached = false;
    check.preflight.error = "Connection refused";
    f = browser_findings(check, t);
    CHECK(std::any_of(f.begin(), f.end(), [](const Finding& x) { return x.kind == "server_unreachable" && x.problem; }));
    CHECK_FALSE(check.passed());
}
