// A minimal model of how glibc's nss_files reads /etc/hosts, for the conflicts fuzz target
// until tests/support/resolver_model.h (the resolver work of issue 9) is in the tree; the
// target includes that one when it exists. Written from glibc 2.36 (Debian 12):
// nss/nss_readline.c reads a line up to '\n' and skips leading isspace() and lines starting
// with '#'; nss_files/files-parse.c ends the line at the first '#' (a comment starts anywhere,
// even inside a field) and, as C strings do, at the first NUL; files-hosts.c takes the first
// field as the address (STRING_FIELD with isspace: ' ', \t, \v, \f, \r are separators; '\n'
// ends the line), ignores the line when inet_pton() reads that field neither as IPv4 nor as
// IPv6, and the remaining fields are the names, compared with strcasecmp(). No byte-order mark
// and no other line ending is known to it: "\r" alone is a separator, not a line break.
//
// The interface (shared with tests/support/resolver_model.h):
//   std::vector<std::size_t> fshosts::test::resolver_model::matching_lines(std::string_view bytes,
//                                                                          std::string_view name)
// The offsets where the lines (split at '\n' only) start whose entry maps `name` for the
// resolver, in file order, each at most once.
#pragma once

#include <arpa/inet.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts::test::resolver_model {

// isspace() in the C locale, less '\n' (the line break).
inline bool is_separator(char c) noexcept
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

inline char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i]))
            return false;
    return true;
}

// What files-hosts.c accepts as the address: inet_pton(AF_INET) or inet_pton(AF_INET6), the
// very functions glibc calls (so the model is exact on the machine the tests run on).
inline bool is_address(std::string_view field)
{
    const std::string text(field);
    unsigned char address[16];
    return inet_pton(AF_INET, text.c_str(), address) == 1 || inet_pton(AF_INET6, text.c_str(), address) == 1;
}

// The fields of one line (without its '\n') as the resolver splits them.
inline std::vector<std::string_view> fields(std::string_view line)
{
    line = line.substr(0, line.find('\0'));
    line = line.substr(0, line.find('#'));
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && is_separator(line[i]))
            ++i;
        const std::size_t start = i;
        while (i < line.size() && !is_separator(line[i]))
            ++i;
        if (i > start)
            out.push_back(line.substr(start, i - start));
    }
    return out;
}

inline std::vector<std::size_t> matching_lines(std::string_view bytes, std::string_view name)
{
    std::vector<std::size_t> out;
    for (std::size_t start = 0; start < bytes.size();) {
        std::size_t end = bytes.find('\n', start);
        if (end == std::string_view::npos)
            end = bytes.size();
        const std::vector<std::string_view> f = fields(bytes.substr(start, end - start));
        if (f.size() >= 2 && is_address(f[0])) {
            for (std::size_t k = 1; k < f.size(); ++k)
                if (equals_ignoring_case(f[k], name)) {
                    out.push_back(start);
                    break;
                }
        }
        start = end + 1;
    }
    return out;
}

}  // namespace fshosts::test::resolver_model
