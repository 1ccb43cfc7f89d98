// A dnsmasq that a test starts on 127.0.0.1 (its own config file, a non-standard port, no
// upstream servers, not the hosts file) for the zone "test", asks until it answers, and kills and
// waits for (PID 1 here does not reap children). POSIX only.
#pragma once

#include "probe/dns_query.h"
#include "support/file_bytes.h"
#include "support/process.h"
#include "support/skip.h"

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

// A free UDP and TCP port on 127.0.0.1 above 20000 (bound and released at once; dnsmasq binds it
// next). dnsmasq fails to start if it was taken in between, which the start check reports.
inline std::uint16_t free_port()
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
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            free = free && fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
            if (fd >= 0)
                ::close(fd);
        }
        if (free)
            return port;
    }
    throw std::runtime_error("no free port on 127.0.0.1");
}

// dnsmasq serving `records` (dnsmasq options: host-record=, cname=, mx-host=, txt-record=) for
// the zone "test" only: names it does not know there are NXDOMAIN, nothing goes upstream.
class Dnsmasq {
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
    ~Dnsmasq() { stop(); }

    probe::QueryOptions options() const
    {
        probe::QueryOptions o;
        o.server = probe::parse_dns_server("127.0.0.1:" + std::to_string(m_port));
        o.timeout = std::chrono::milliseconds(500);
        return o;
    }
    std::string server() const { return "127.0.0.1:" + std::to_string(m_port); }
    std::string log() const { return read_all(m_log); }
    void stop()
    {
        if (m_child) {
            m_child->kill_and_wait();
            m_child.reset();
        }
    }

private:
    std::uint16_t m_port;
    std::string m_log;
    std::unique_ptr<Child> m_child;
};

inline bool dnsmasq_installed()
{
    return ::access(dnsmasq_program.c_str(), X_OK) == 0;
}

}  // namespace fshosts::test

// Skips the test case when dnsmasq is not installed.
#define REQUIRE_DNSMASQ()                                                                                            \
    do {                                                                                                             \
        if (!fshosts::test::dnsmasq_installed())                                                                     \
            FSHOSTS_SKIP(fshosts::test::dnsmasq_program << " is not installed (package dnsmasq-base; scripts/install-deps)"); \
    } while (false)
