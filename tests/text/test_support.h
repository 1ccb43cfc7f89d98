// Helpers shared by the core tests: reading the hosts corpus, byte-exact comparison with a
// readable report, and a seeded generator of hosts-like bytes for the property tests.
#pragma once

#include "support/file_bytes.h"
#include "text/hosts_document.h"
#include "text/managed_block.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#ifndef FSHOSTS_TEST_DATA_DIR
#error "FSHOSTS_TEST_DATA_DIR is set by fshosts_add_test()"
#endif

namespace fshosts::test {

inline std::filesystem::path hosts_corpus_dir()
{
    return std::filesystem::path(FSHOSTS_TEST_DATA_DIR) / "hosts";
}

// The bytes of tests/data/hosts/<name>.
inline std::string corpus_file(std::string_view name)
{
    return read_bytes(hosts_corpus_dir() / std::string(name));
}

// Every *.hosts file of the corpus, sorted by name.
inline std::vector<std::string> corpus_names()
{
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(hosts_corpus_dir())) {
        if (entry.is_regular_file() && entry.path().extension() == ".hosts")
            names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

// The files tests/data/hosts/make_corpus.py writes; every one must be present.
inline const std::vector<std::string>& expected_corpus_names()
{
    static const std::vector<std::string> names = {
        "commented-example-entry.hosts", "debian-default-ipv6.hosts", "docker-style.hosts",
        "empty.hosts",                   "existing-example-entry.hosts", "invalid-utf8.hosts",
        "macos-default.hosts",           "mixed-line-endings.hosts",  "no-final-newline.hosts",
        "nul-bytes.hosts",               "only-bom.hosts",            "only-newlines.hosts",
        "shift-jis-comments.hosts",      "single-line-no-eol.hosts",  "tabs-inline-comments.hosts",
        "utf8-bom-japanese.hosts",       "very-long-line.hosts",      "windows-default-crlf.hosts",
    };
    return names;
}

// Bytes as a C-like literal, cut after `limit` bytes, so failures show \r, \0 and high bytes.
inline std::string escape(std::string_view bytes, std::size_t limit = 160)
{
    std::string out;
    const std::size_t n = std::min(bytes.size(), limit);
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        switch (c) {
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\0': out += "\\0"; break;
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        default:
            if (c >= 0x20 && c < 0x7f) {
                out += static_cast<char>(c);
            } else {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(c));
                out += buf;
            }
        }
    }
    if (bytes.size() > limit)
        out += "...";
    return out;
}

// Empty when the bytes are equal; otherwise where they first differ, with context. Use as
// CHECK(byte_diff(expected, actual) == "") so a failure prints this instead of 100 KB strings.
inline std::string byte_diff(std::string_view expected, std::string_view actual)
{
    if (expected == actual)
        return {};
    const auto [e, a] = std::mismatch(expected.begin(), expected.end(), actual.begin(), actual.end());
    const auto at = static_cast<std::size_t>(e - expected.begin());
    const std::size_t from = at < 24 ? 0 : at - 24;
    return "expected " + std::to_string(expected.size()) + " bytes, got " + std::to_string(actual.size()) +
           "; first difference at byte " + std::to_string(at) + ": expected \"" +
           escape(expected.substr(std::min(from, expected.size())), 80) + "\" got \"" +
           escape(actual.substr(std::min(from, actual.size())), 80) + "\"";
}

// Empty when two documents hold the same BOM flag and the same lines (text and ending);
// otherwise the first difference. (Spelled out rather than using HostsDocument's defaulted
// operator==, which is deleted while Line has no operator== of its own.)
inline std::string document_diff(const HostsDocument& expected, const HostsDocument& actual)
{
    if (expected.has_bom() != actual.has_bom())
        return std::string("BOM: expected ") + (expected.has_bom() ? "yes" : "no");
    const auto& e = expected.lines();
    const auto& a = actual.lines();
    for (std::size_t i = 0; i < std::min(e.size(), a.size()); ++i) {
        if (e[i].text != a[i].text || e[i].eol != a[i].eol)
            return "line " + std::to_string(i + 1) + ": expected \"" + escape(e[i].text) + "\" + \"" +
                   escape(e[i].eol) + "\" got \"" + escape(a[i].text) + "\" + \"" + escape(a[i].eol) + "\"";
    }
    if (e.size() != a.size())
        return "expected " + std::to_string(e.size()) + " lines, got " + std::to_string(a.size());
    return {};
}

// The seed of the property tests: FSHOSTS_TEST_SEED when set (decimal or 0x hex), else `fallback`.
inline std::uint32_t test_seed(std::uint32_t fallback)
{
#if defined(_MSC_VER)
#pragma warning(suppress : 4996)
#endif
    const char* env = std::getenv("FSHOSTS_TEST_SEED");
    if (env == nullptr || *env == '\0')
        return fallback;
    return static_cast<std::uint32_t>(std::strtoul(env, nullptr, 0));
}

inline constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

// Seeded generator of byte strings that look enough like hosts files to reach the parser's
// and the block engine's interesting paths. Only std::mt19937's raw output is used (its
// sequence is fixed by the standard), so a seed reproduces the same inputs on every platform.
class HostsFuzzer {
public:
    explicit HostsFuzzer(std::uint32_t seed) : m_rng(seed) {}

    // A value in [0, n).
    std::size_t below(std::size_t n)
    {
        if (n <= 1)
            return 0;
        return static_cast<std::size_t>(static_cast<std::uint64_t>(m_rng()) % static_cast<std::uint64_t>(n));
    }
    bool one_in(std::size_t n) { return below(n) == 0; }

    // Random bytes drawn from a weighted alphabet of line endings, '#', blanks, NUL, high bytes,
    // address and name characters, a BOM sometimes at the start, and now and then an exact
    // marker or disabled-line prefix on a line of its own. Length 0..2000; rarely a line of
    // 50-100 KB.
    std::string soup()
    {
        std::string out;
        m_specials = one_in(6);
        if (one_in(8))
            out += utf8_bom;
        const std::size_t target = one_in(10) ? below(12) : below(2001);
        while (out.size() < target)
            soup_token(out, true);
        if (one_in(300)) {
            const std::size_t long_target = out.size() + 50000 + below(50001);
            while (out.size() < long_target)
                soup_token(out, false);
            if (!one_in(3))
                out += eol_token();
        }
        return out;
    }

    // A hosts file built line by line: entries (IPv4/IPv6, aliases, inline comments, odd
    // spacing), comments, blanks, soup lines, rarely a marker or disabled line, and in some
    // documents a well-formed managed block. One line-ending style dominates per document.
    std::string document()
    {
        std::string out;
        if (one_in(10))
            out += utf8_bom;
        static constexpr std::string_view styles[] = {"\n", "\r\n", "\r"};
        const std::string_view style = styles[one_in(20) ? 2 : below(2)];
        const std::size_t count = one_in(10) ? below(3) : below(41);
        const std::size_t block_at = one_in(12) ? below(count + 1) : count + 1;
        for (std::size_t i = 0; i <= count; ++i) {
            if (i == block_at)
                append_valid_block(out, style);
            if (i == count)
                break;
            append_line(out);
            if (i + 1 == count && block_at != count && one_in(5))
                break;  // no final newline
            out += one_in(12) ? eol_token() : std::string(style);
        }
        return out;
    }

    // Either a soup() or a document(), half and half.
    std::string any() { return one_in(2) ? soup() : document(); }

private:
    static constexpr std::string_view our_names[] = {"www.example.jp", "example.jp", "WWW.Example.JP"};

    std::string eol_token()
    {
        static constexpr std::string_view eols[] = {"\n", "\r\n", "\r"};
        return std::string(eols[below(3)]);
    }

    char pick(std::string_view from) { return from[below(from.size())]; }

    void soup_token(std::string& out, bool allow_eol)
    {
        const std::size_t roll = below(100);
        if (roll < 14) {
            if (allow_eol) {
                out += eol_token();
                return;
            }
            out += ' ';
        } else if (roll < 20) {
            out += '#';
        } else if (roll < 32) {
            out += ' ';
        } else if (roll < 38) {
            out += '\t';
        } else if (roll < 40) {
            out += '\0';
        } else if (roll < 46) {
            out += static_cast<char>(0x80 + below(0x80));
        } else if (roll < 61) {
            out += pick("0123456789");
        } else if (roll < 69) {
            out += '.';
        } else if (roll < 73) {
            out += ':';
        } else if (roll < 88) {
            out += pick("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-");
        } else if (roll < 92) {
            out += pick("%[]/_=;,\"'\\\x01\x7f\v\f");
        } else if (roll < 93) {
            out += utf8_bom;
        } else if (roll < 94 && allow_eol && m_specials && one_in(8)) {
            // An exact marker or prefix on a line of its own (only in some documents, so most
            // of them stay free of blocks that would be malformed).
            static constexpr std::string_view specials[] = {block_begin_marker, block_end_marker,
                                                            disabled_line_prefix};
            out += eol_token();
            const std::string_view special = specials[below(3)];
            out += special;
            if (special == disabled_line_prefix)
                out += "192.0.2.77 old.example.jp";
            out += eol_token();
        } else {
            out += pick(" \t.0123456789abcdef");
        }
    }

    std::string address()
    {
        static constexpr std::string_view addresses[] = {
            "127.0.0.1", "::1", "10.0.0.1", "192.168.1.20", "172.17.0.2", "192.0.2.1", "203.0.113.10",
            "fe80::1%eth0", "2001:db8::1", "2001:DB8:0:0::1", "0x7f.1", "127.1", "ff02::1", "0.0.0.0",
            "255.255.255.255", "999.1.1.1", "1.2.3.4.5", "localhost", "::ffff:192.0.2.1"};
        return std::string(addresses[below(std::size(addresses))]);
    }

    std::string name()
    {
        if (one_in(120))
            return std::string(our_names[below(std::size(our_names))]);
        static constexpr std::string_view names[] = {
            "localhost",          "ip6-localhost",      "broadcasthost", "api.local",      "shop.example.com",
            "dev.example.co.jp",  "xn--r8jz45g.jp",     "a",             "www.example.jp.", "wwwexample.jp",
            "example.jp.test",    "sub.www.example.jp", "abc123def456",  "\xE4\xBE\x8B.jp", "host_name"};
        return std::string(names[below(std::size(names))]);
    }

    std::string blanks(std::size_t at_least)
    {
        std::string out(at_least, ' ');
        const std::size_t extra = below(4);
        for (std::size_t i = 0; i < extra; ++i)
            out += pick(" \t");
        if (out.empty())
            return out;
        if (one_in(3))
            out[0] = '\t';
        return out;
    }

    void append_line(std::string& out)
    {
        const std::size_t roll = below(1000);
        if (roll < 420) {
            out += blanks(0);
            out += address();
            const std::size_t names = 1 + (one_in(3) ? below(4) : 0);
            for (std::size_t i = 0; i < names; ++i) {
                out += blanks(1);
                out += name();
            }
            if (one_in(4))
                out += blanks(0);
            if (one_in(5)) {
                out += one_in(4) ? "" : " ";
                out += "# note";
                if (one_in(3))
                    out += " www.example.jp";
            }
        } else if (roll < 640) {
            out += blanks(0);
            out += '#';
            const std::size_t len = below(40);
            for (std::size_t i = 0; i < len; ++i)
                soup_token(out, false);
            if (one_in(8)) {
                out += " 192.0.2.1 www.example.jp";
            }
        } else if (roll < 740) {
            out += blanks(0);
        } else if (roll < 990) {
            const std::size_t len = below(60);
            for (std::size_t i = 0; i < len; ++i)
                soup_token(out, false);
        } else if (roll < 994) {
            out += one_in(2) ? block_begin_marker : block_end_marker;
        } else if (roll < 997) {
            out += disabled_line_prefix;
            out += "192.0.2.9 ";
            out += name();
        } else {
            out += "# mentions \"";
            out += block_begin_marker;
            out += "\" in passing";
        }
    }

    // A block as fshosts writes it, for names that are not the ones the tests apply (and
    // sometimes for www.example.jp with another address, so apply has something to update).
    void append_valid_block(std::string& out, std::string_view style)
    {
        static constexpr std::string_view entries[] = {"198.51.100.7 shop.example.com",
                                                       "2001:db8::7 v6.example.com", "192.0.2.200 www.example.jp"};
        out += block_begin_marker;
        out += style;
        const std::size_t first = below(3);
        const std::size_t n = 1 + below(2);
        for (std::size_t i = 0; i < n; ++i) {
            out += entries[(first + i) % 3];
            out += style;
        }
        if (one_in(3)) {
            // A restore record for a line like the disabled lines append_line writes.
            const std::string disabled_name = name();
            if (one_in(2))
                out += "192.0.2.9 other.example.com ";
            out += restore_record_marker;
            out += "192.0.2.9%20";
            out += disabled_name;
            out += style;
        }
        out += block_end_marker;
        out += style;
    }

    std::mt19937 m_rng;
    bool m_specials = false;  // whether the current soup() may hold marker lines
};

}  // namespace fshosts::test
