// The probe against sockets this test opens on 127.0.0.1 (loopback only): a port where nothing
// listens, a server that accepts and never answers (the timeout), cancelling from another
// thread, and a minimal HTTP answer. Each socket is closed and each thread joined at the end.
#include "catch.h"

#include "probe/site_probe.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

using namespace fshosts::probe;
using Clock = std::chrono::steady_clock;

namespace {

// A listening TCP socket on 127.0.0.1 and a free port chosen by the kernel.
struct Listener {
    int fd = -1;
    int port = 0;
    Listener()
    {
        fd = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(fd >= 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        REQUIRE(::listen(fd, 8) == 0);
        socklen_t len = sizeof a;
        REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
        port = ntohs(a.sin_port);
    }
    ~Listener() { close(); }
    void close()
    {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;
};

ProbeOptions on_ports(int http, int https)
{
    ProbeOptions o;
    o.http_port = http;
    o.https_port = https;
    o.connect_timeout_ms = 1000;
    o.total_timeout_ms = 1500;
    return o;
}

long elapsed_ms(Clock::time_point since)
{
    return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count());
}

}  // namespace

TEST_CASE("nothing listening: refused at once, on both schemes", "[probe]")
{
    int port = 0;
    {
        Listener gone;
        port = gone.port;
    }  // closed: nothing listens there now
    const auto start = Clock::now();
    const SiteProbe p = probe_site("www.example.jp", "127.0.0.1", on_ports(port, port));
    CHECK(elapsed_ms(start) < 1000);
    CHECK_FALSE(p.http.reached);
    CHECK(p.http.error_kind == "refused");
    CHECK(p.https.error_kind == "refused");
    CHECK(p.http.url == "http://www.example.jp:" + std::to_string(port) + "/");
    CHECK(p.http.error.find("127.0.0.1:" + std::to_string(port)) != std::string::npos);
    CHECK_FALSE(p.https.certificate.has_value());
}

TEST_CASE("a server that never answers: the probe gives up after the total timeout", "[probe]")
{
    Listener silent;  // the kernel accepts the connection; nobody ever reads or writes
    const auto start = Clock::now();
    const SiteProbe p = probe_site("www.example.jp", "127.0.0.1", on_ports(silent.port, silent.port));
    const long ms = elapsed_ms(start);
    // http: the request's 1.5 s; https: the connect timeout (1 s), which covers the TLS handshake.
    CHECK(ms >= 1400 + 900);
    CHECK(ms < 1500 + 1000 + 2000);
    CHECK(p.http.error_kind == "timeout");
    CHECK(p.https.error_kind == "timeout");
    CHECK(p.http.error.find("gave up after 2 s") != std::string::npos);   // 1.5 s, rounded
    CHECK(p.https.error.find("gave up after 1 s") != std::string::npos);  // the connect time-out
}

// libcurl calls the progress callback at least once a second while it waits, so a cancel takes
// effect within about a second; the second scheme is not started at all.
TEST_CASE("cancelling from another thread stops the probe within about a second", "[probe]")
{
    Listener silent;
    std::atomic<bool> cancel{false};
    ProbeOptions o = on_ports(silent.port, silent.port);
    o.total_timeout_ms = 20000;
    o.cancel = &cancel;
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        cancel = true;
    });
    const auto start = Clock::now();
    const SiteProbe p = probe_site("www.example.jp", "127.0.0.1", o);
    const long ms = elapsed_ms(start);
    canceller.join();
    CHECK(ms < 300 + 1500);  // not the 20 s timeout, nor a second request
    CHECK(p.http.error_kind == "cancelled");
    CHECK(p.https.error_kind == "cancelled");
    CHECK(findings(p).front().kind == "cancelled");
}

// Serves one connection on `server`: reads the request into `request`, writes `answer`, closes.
static std::thread serve_once(const Listener& server, std::string& request, std::string answer)
{
    return std::thread([&server, &request, answer = std::move(answer)] {
        const int c = ::accept(server.fd, nullptr, nullptr);
        if (c < 0)
            return;
        char buffer[4096];
        while (request.find("\r\n\r\n") == std::string::npos) {
            const ssize_t n = ::read(c, buffer, sizeof buffer);
            if (n <= 0)
                break;
            request.append(buffer, static_cast<std::size_t>(n));
        }
        (void)!::write(c, answer.data(), answer.size());
        ::close(c);
    });
}

// Headers come from the header callback (not curl_easy_header, libcurl 7.83): the last
// response's, names in any case, the value trimmed; Strict-Transport-Security counts over https only.
TEST_CASE("headers: the final response's, after an interim 103; HSTS ignored over http", "[probe]")
{
    Listener server;
    std::string request;
    std::thread serve = serve_once(server, request,
                                   "HTTP/1.1 103 Early Hints\r\nServer: interim\r\nLink: </a.css>; rel=preload\r\n\r\n"
                                   "HTTP/1.1 200 OK\r\nserver:   futureshop-test \r\n"
                                   "strict-transport-security: max-age=31536000\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    const SiteProbe p = probe_site("www.example.jp", "127.0.0.1", on_ports(server.port, 1));
    serve.join();
    REQUIRE(p.http.reached);
    CHECK(p.http.status == 200);
    CHECK(p.http.server == "futureshop-test");
    CHECK_FALSE(p.http.hsts);  // browsers take the header from https answers only
}

TEST_CASE("an HTTP answer: status, Server and Location read, the redirect not followed", "[probe]")
{
    Listener server;
    std::string request;
    std::thread serve = serve_once(server, request,
                                   "HTTP/1.1 302 Found\r\nServer: futureshop-test\r\nLocation: /shop/\r\n"
                                   "Content-Length: 0\r\nConnection: close\r\n\r\n");
    ProbeOptions o = on_ports(server.port, 1);  // https: port 1, refused
    const SiteProbe p = probe_site("www.example.jp", "127.0.0.1", o);
    serve.join();
    CHECK(request.rfind("GET / HTTP/1.1\r\n", 0) == 0);
    CHECK(request.find("Host: www.example.jp:" + std::to_string(server.port) + "\r\n") != std::string::npos);
    REQUIRE(p.http.reached);
    CHECK(p.http.status == 302);
    CHECK(p.http.server == "futureshop-test");
    CHECK(p.http.location == "http://www.example.jp:" + std::to_string(server.port) + "/shop/");
    CHECK(p.http.primary_ip == "127.0.0.1");
    CHECK(p.https.error_kind == "refused");
}
