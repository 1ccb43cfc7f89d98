// A model of how the C library reads a hosts file (glibc 2.36, nss/nss_readline.c,
// nss/nss_files/files-parse.c and files-hosts.c, resolv/inet_pton.c), written from that source
// and nothing of ours, so tests can ask "which lines would the resolver use for this name?" and
// compare fshosts' answer with it. Header only, no system calls (it also runs under Wine).
//
// The rules, in the order glibc applies them:
// - fgets reads a line up to '\n' (a lone '\r' ends nothing); strings stop at the first NUL;
// - leading isspace (C locale: ' ', '\t', '\n', '\v', '\f', '\r') is skipped; an empty line or
//   one starting with '#' is skipped;
// - the line is cut at the first '#' (strpbrk "#\n"): a comment starts anywhere;
// - the first field (up to isspace) must parse with inet_pton as AF_INET, else AF_INET6 (strict:
//   four decimal numbers without leading zeros; IPv6 without zone id), else the line is ignored;
// - the other fields are the names, compared with strcasecmp.
// gethostbyname4 (getaddrinfo) collects the addresses of every matching line in file order.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts::model {

inline bool c_isspace(char c) noexcept
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// inet_pton(AF_INET, ...) as glibc implements it.
inline bool inet_pton4(std::string_view s) noexcept
{
    int octets = 0;
    bool saw_digit = false;
    unsigned value = 0;
    for (char ch : s) {
        if (ch >= '0' && ch <= '9') {
            const unsigned next = value * 10 + static_cast<unsigned>(ch - '0');
            if (saw_digit && value == 0)
                return false;
            if (next > 255)
                return false;
            value = next;
            if (!saw_digit) {
                if (++octets > 4)
                    return false;
                saw_digit = true;
            }
        } else if (ch == '.' && saw_digit) {
            if (octets == 4)
                return false;
            value = 0;
            saw_digit = false;
        } else {
            return false;
        }
    }
    return octets >= 4;
}

// inet_pton(AF_INET6, ...) as glibc implements it: a walk that writes 16 bytes.
inline bool inet_pton6(std::string_view s) noexcept
{
    const std::size_t full = 16;
    std::size_t tp = 0;          // bytes written
    std::size_t colonp = full + 1;  // where "::" was, or none
    std::size_t i = 0;
    if (s.empty())
        return false;
    if (s[0] == ':') {
        ++i;
        if (i == s.size() || s[i] != ':')
            return false;
    }
    std::size_t curtok = i;
    std::size_t xdigits = 0;
    unsigned val = 0;
    while (i < s.size()) {
        const char ch = s[i++];
        int digit = -1;
        if (ch >= '0' && ch <= '9')
            digit = ch - '0';
        else if (ch >= 'a' && ch <= 'f')
            digit = ch - 'a' + 10;
        else if (ch >= 'A' && ch <= 'F')
            digit = ch - 'A' + 10;
        if (digit >= 0) {
            if (xdigits == 4)
                return false;
            val = (val << 4) | static_cast<unsigned>(digit);
            ++xdigits;
            continue;
        }
        if (ch == ':') {
            curtok = i;
            if (xdigits == 0) {
                if (colonp != full + 1)
                    return false;
                colonp = tp;
                continue;
            }
            if (i == s.size())
                return false;
            if (tp + 2 > full)
                return false;
            tp += 2;
            xdigits = 0;
            val = 0;
            continue;
        }
        if (ch == '.' && tp + 4 <= full && inet_pton4(s.substr(curtok))) {
            tp += 4;
            xdigits = 0;
            break;
        }
        return false;
    }
    if (xdigits > 0) {
        if (tp + 2 > full)
            return false;
        tp += 2;
    }
    if (colonp != full + 1) {
        if (tp == full)
            return false;
        tp = full;
    }
    return tp == full;
}

inline bool strcasecmp_equal(std::string_view a, std::string_view b) noexcept
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = static_cast<char>(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

// A line the resolver uses.
struct UsedLine {
    std::size_t offset;  // where the line (as fgets returns it) starts in the bytes
    std::string address;
    std::vector<std::string> names;
};

// Every line the resolver uses, in file order.
inline std::vector<UsedLine> used_lines(std::string_view bytes)
{
    std::vector<UsedLine> lines;
    std::size_t start = 0;
    while (start < bytes.size()) {
        std::size_t end = bytes.find('\n', start);
        if (end == std::string_view::npos)
            end = bytes.size();
        std::string_view line = bytes.substr(start, end - start);
        const std::size_t offset = start;
        start = end + 1;
        line = line.substr(0, line.find('\0'));
        std::size_t i = 0;
        while (i < line.size() && c_isspace(line[i]))
            ++i;
        line = line.substr(i);
        if (line.empty() || line[0] == '#')
            continue;
        line = line.substr(0, line.find('#'));
        std::vector<std::string> fields;
        for (std::size_t k = 0; k < line.size();) {
            std::size_t f = k;
            while (f < line.size() && !c_isspace(line[f]))
                ++f;
            fields.emplace_back(line.substr(k, f - k));
            while (f < line.size() && c_isspace(line[f]))
                ++f;
            k = f;
        }
        if (fields.empty() || !(inet_pton4(fields[0]) || inet_pton6(fields[0])))
            continue;
        UsedLine used{offset, fields[0], {}};
        used.names.assign(fields.begin() + 1, fields.end());
        lines.push_back(std::move(used));
    }
    return lines;
}

// A line the resolver uses for `name`, and the name as the line writes it.
struct Match {
    std::size_t offset;
    std::string address;
    std::string name;
};

// The lines that answer `name`, in file order, one per time the line lists it.
inline std::vector<Match> matches(std::string_view bytes, std::string_view name)
{
    std::vector<Match> found;
    for (const UsedLine& line : used_lines(bytes))
        for (const std::string& n : line.names)
            if (strcasecmp_equal(n, name))
                found.push_back(Match{line.offset, line.address, n});
    return found;
}

// The addresses getaddrinfo gets from the file for `name`, in file order, once per line.
inline std::vector<std::string> lookup(std::string_view bytes, std::string_view name)
{
    std::vector<std::string> addresses;
    std::size_t last = std::string_view::npos;
    for (const Match& m : matches(bytes, name)) {
        if (m.offset != last)
            addresses.push_back(m.address);
        last = m.offset;
    }
    return addresses;
}

// Where the lines that answer `name` start, in file order, each once (the fuzz target
// "conflicts" compares find_conflicts with this).
inline std::vector<std::size_t> matching_lines(std::string_view bytes, std::string_view name)
{
    std::vector<std::size_t> offsets;
    for (const Match& m : matches(bytes, name))
        if (offsets.empty() || offsets.back() != m.offset)
            offsets.push_back(m.offset);
    return offsets;
}

}  // namespace fshosts::model
