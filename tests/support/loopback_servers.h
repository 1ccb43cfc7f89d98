// Real servers a test starts on loopback, on a free non-standard port, with its own configuration
// in a temp directory, and kills and waits for (PID 1 does not reap orphans): dnsmasq serving a
// zone of the test's own (the DNS-switch check, the SSL advisor's hints) and nginx answering
// HTTP (the advisor's web check). POSIX only.
#pragma once

#include "probe/dns_query.h"
#include "support/file_bytes.h"
#include "support/process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace fshosts::test {

inline const std::string dnsmasq_program = "/usr/sbin/dnsmasq";
inline const std::string nginx_program = "/usr/sbin/nginx";

inline bool dnsmasq_installed() { return ::access(dnsmasq_program.c_str(), X_OK) == 0; }
inline bool nginx_installed() { return ::access(nginx_program.c_str(), X_OK) == 0; }

// A free UDP and TCP port on `address` above 20000 (bound and released at once; the server binds
// it next). A server fails to start if it was taken in between, which its start check reports.
inline std::uint16_t free_port(const char* address = "127.0.0.1")
{
    std::mt19937 random(std::random_device{}());
    for (int attempt = 0; attempt < 50; ++attempt) {
        const auto port = static_cast<std::uint16_t>(20000 + random() % 30000);
        bool free = true;
        for (int type : {SOCK_DGRAM, SOCK_STREAM}) {
            const int fd = ::socket(AF_INET, type, 0);
            sockaddr_in a{};
            a.sin_family = AF_INET;
            a.sin_port = htons(port);
            ::inet_pton(AF_INET, address, &a.sin_addr);
            free = free && fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
            if (fd >= 0)
                ::close(fd);
        }
        if (free)
            return port;
    }
    throw std::runtime_error(std::string("no free port on ") + address);
}

// A socket on 127.0.0.1 (a port the kernel picks) that never answers: SOCK_STREAM listens, so the
// kernel completes TCP handshakes that nobody serves; SOCK_DGRAM swallows datagrams. Closed when
// destroyed.
class SilentSocket {
public:
    explicit SilentSocket(int type) : m_fd(::socket(AF_INET, type, 0))
    {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof a;
        if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
            (type == SOCK_STREAM && ::listen(m_fd, 8) != 0) || ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&a), &size) != 0) {
            close();
            throw std::runtime_error("cannot open a silent socket on 127.0.0.1");
        }
        m_port = ntohs(a.sin_port);
    }
    ~SilentSocket() { close(); }
    SilentSocket(const SilentSocket&) = delete;
    SilentSocket& operator=(const SilentSocket&) = delete;

    std::uint16_t port() const { return m_port; }
    void close()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }

private:
    int m_fd = -1;
    std::uint16_t m_port = 0;
};

// A server started as our child: killed and reaped when stopped or destroyed.
class ServerProcess {
public:
    ServerProcess() = default;
    ~ServerProcess() { stop(); }
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    void stop()
    {
        if (m_child) {
            m_child->kill_and_wait();
            m_child.reset();
        }
    }

protected:
    std::unique_ptr<Child> m_child;
};

// dnsmasq serving `records` (dnsmasq options: host-record=, cname=, mx-host=, txt-record=) for
// the zone "test" only: names it does not know there are NXDOMAIN, nothing goes upstream.
class Dnsmasq : public ServerProcess {
public:
    Dnsmasq(const std::filesystem::path& dir, std::uint16_t port, const std::vector<std::string>& records) : m_port(port)
    {
        const std::filesystem::path config = dir / "dnsmasq.conf";
        std::ofstream out(config, std::ios::trunc);
        out << "port=" << port << "\nlisten-address=127.0.0.1\nbind-interfaces\nno-resolv\nno-hosts\nlocal=/test/\n";
        for (const std::string& r : records)
            out << r << '\n';
        out.close();
        m_log = (dir / "dnsmasq.log").string();
        m_child = std::make_unique<Child>(Child::spawn(
            {dnsmasq_program, "--keep-in-foreground", "--conf-file=" + config.string(), "--pid-file", "--log-facility=-",
             "--log-queries"},
            {}, "/dev/null", m_log));
        // Ready when it answers; it may take a moment to bind.
        probe::QueryOptions o = options();
        o.timeout = std::chrono::milliseconds(200);
        o.tries = 1;
        for (int i = 0; i < 50; ++i) {
            if (probe::query_dns("ready.test", probe::RecordType::A, o).answered())
                return;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        stop();
        throw std::runtime_error("dnsmasq did not answer on 127.0.0.1:" + std::to_string(port) + "; its log: " + log());
    }

    probe::QueryOptions options() const
    {
        probe::QueryOptions o;
        o.server = probe::parse_dns_server(server());
        o.timeout = std::chrono::milliseconds(500);
        return o;
    }
    std::string server() const { return "127.0.0.1:" + std::to_string(m_port); }
    std::string log() const { return read_all(m_log); }

private:
    std::uint16_t m_port;
    std::string m_log;
};

// nginx answering plain HTTP on ADDRESS:PORT (a loopback address) with 200 and a one-line page
// for every name. One process (no master: nothing is left behind when it is killed).
class Nginx : public ServerProcess {
public:
    Nginx(const std::filesystem::path& dir, const std::string& address, std::uint16_t port) : m_port(port)
    {
        std::filesystem::create_directories(dir / "www");
        std::filesystem::create_directories(dir / "tmp");
        write_all(dir / "www" / "index.html", "fshosts test page\n");
        const std::filesystem::path config = dir / "nginx.conf";
        const std::string d = dir.string();
        write_all(config, "daemon off;\nmaster_process off;\nworker_processes 1;\npid " + d + "/nginx.pid;\nerror_log " + d +
                              "/error.log info;\nevents { worker_connections 64; }\nhttp {\n    access_log " + d +
                              "/access.log;\n    client_body_temp_path " + d + "/tmp/client_body;\n    proxy_temp_path " + d +
                              "/tmp/proxy;\n    fastcgi_temp_path " + d + "/tmp/fastcgi;\n    uwsgi_temp_path " + d +
                              "/tmp/uwsgi;\n    scgi_temp_path " + d + "/tmp/scgi;\n    default_type text/plain;\n    root " + d +
                              "/www;\n    server { listen " + address + ":" + std::to_string(port) + "; server_name _; }\n}\n");
        m_log = (dir / "error.log").string();
        const std::vector<std::string> argv{nginx_program, "-p", d, "-e", m_log, "-c", config.string()};
        if (::geteuid() == 0) {  // as root nginx would switch to "nobody", who may not read the temp dir
            std::ofstream(config, std::ios::app) << "user root;\n";
        }
        m_child = std::make_unique<Child>(Child::spawn(argv, {}, (dir / "stdout.log").string(), (dir / "stderr.log").string()));
        // Ready when it accepts a connection.
        for (int i = 0; i < 100; ++i) {
            const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in a{};
            a.sin_family = AF_INET;
            a.sin_port = htons(port);
            ::inet_pton(AF_INET, address.c_str(), &a.sin_addr);
            const bool up = fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
            if (fd >= 0)
                ::close(fd);
            if (up)
                return;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        stop();
        throw std::runtime_error("nginx did not start on " + address + ":" + std::to_string(port) + "; its log: " +
                                 read_all(m_log) + read_all(dir / "stderr.log"));
    }

    std::uint16_t port() const { return m_port; }

private:
    std::uint16_t m_port;
    std::string m_log;
};

}  // namespace fshosts::test
