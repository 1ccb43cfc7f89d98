#include "text/hosts_document.h"

#include "text/validation.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace fshosts {
namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

bool is_blank_char(char c) noexcept { return c == ' ' || c == '\t'; }

// Splits `s` at runs of separators, as the C library's hosts parser does.
std::vector<std::string_view> split_fields(std::string_view s)
{
    std::vector<std::string_view> fields;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && is_resolver_blank(s[i]))
            ++i;
        std::size_t start = i;
        while (i < s.size() && !is_resolver_blank(s[i]))
            ++i;
        if (i > start)
            fields.push_back(s.substr(start, i - start));
    }
    return fields;
}

}  // namespace

std::size_t bom_size(std::string_view bytes) noexcept
{
    return bytes.substr(0, utf8_bom.size()) == utf8_bom ? utf8_bom.size() : 0;
}

namespace {

bool is_break(char c) noexcept { return c == '\n' || c == '\r'; }

bool contains_cr(std::string_view bytes) noexcept
{
    return !bytes.empty() && std::memchr(bytes.data(), '\r', bytes.size()) != nullptr;
}

// How many '\n' bytes [p, stop) holds, eight bytes at a time: a byte of `x = word ^ 0x0a..0a` is
// zero exactly where the word holds a '\n', and `~(((x & 0x7f..) + 0x7f..) | x | 0x7f..)` keeps
// the top bit of exactly those bytes (no carry crosses a byte). std::count compiles to a byte loop.
std::size_t count_line_feeds(const char* p, const char* stop) noexcept
{
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL;
    std::size_t n = 0;
    for (; p != stop && reinterpret_cast<std::uintptr_t>(p) % 8 != 0; ++p)
        n += *p == '\n';
    while (stop - p >= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        const std::uint64_t x = word ^ (ones * '\n');
        const std::uint64_t hits = ~(((x & low7) + low7) | x | low7);
        n += static_cast<std::size_t>(((hits >> 7) * ones) >> 56);
        p += 8;
    }
    for (; p != stop; ++p)
        n += *p == '\n';
    return n;
}

// Where the line starting at `from` ends (the first '\n' or '\r', or the end of the bytes).
std::size_t text_end(std::string_view bytes, std::size_t from, bool has_cr) noexcept
{
    const char* begin = bytes.data() + from;
    const std::size_t left = bytes.size() - from;
    const void* lf = left == 0 ? nullptr : std::memchr(begin, '\n', left);
    std::size_t end = lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - bytes.data()) : bytes.size();
    if (has_cr && end > from) {
        if (const void* cr = std::memchr(begin, '\r', end - from))
            end = static_cast<std::size_t>(static_cast<const char*>(cr) - bytes.data());
    }
    return end;
}

std::size_t eol_size(std::string_view bytes, std::size_t at) noexcept
{
    if (at >= bytes.size())
        return 0;
    if (bytes[at] == '\r' && at + 1 < bytes.size() && bytes[at + 1] == '\n')
        return 2;
    return 1;
}

}  // namespace

LineCursor::LineCursor(std::string_view bytes) noexcept : LineCursor(bytes, bom_size(bytes), 1) {}

LineCursor::LineCursor(std::string_view bytes, std::size_t offset, std::size_t number) noexcept
    : m_bytes(bytes), m_pos(offset), m_number(number), m_has_cr(contains_cr(bytes.substr(std::min(offset, bytes.size()))))
{
}

bool LineCursor::next(LineView& line) noexcept
{
    if (m_pos >= m_bytes.size())
        return false;
    const std::size_t end = text_end(m_bytes, m_pos, m_has_cr);
    const std::size_t eol = eol_size(m_bytes, end);
    line.text = m_bytes.substr(m_pos, end - m_pos);
    line.eol = m_bytes.substr(end, eol);
    line.offset = m_pos;
    line.number = m_number++;
    m_pos = end + eol;
    return true;
}

LineView line_at(std::string_view bytes, std::size_t offset) noexcept
{
    const std::size_t first = bom_size(bytes);
    std::size_t start = std::max(std::min(offset, bytes.size()), first);
    while (start > first && !is_break(bytes[start - 1]))
        --start;
    // Look for a '\r' only inside this line: asking whether the rest of the file holds one would
    // read to its end for every line asked about.
    const std::size_t end = text_end(bytes, start, true);
    return LineView{bytes.substr(start, end - start), bytes.substr(end, eol_size(bytes, end)), start, 0};
}

LineCounter::LineCounter(std::string_view bytes) noexcept
    : m_bytes(bytes), m_pos(bom_size(bytes)), m_has_cr(contains_cr(bytes))
{
}

std::size_t LineCounter::number_at(std::size_t line_start) noexcept
{
    const std::size_t to = std::min(line_start, m_bytes.size());
    if (to <= m_pos)
        return m_number;
    const char* p = m_bytes.data() + m_pos;
    const char* const stop = m_bytes.data() + to;
    if (!m_has_cr) {
        m_number += count_line_feeds(p, stop);
    } else {
        // "\r\n" is one break: count every '\n' and every '\r' not followed by one. A line
        // start never falls between the two bytes of a "\r\n".
        for (; p != stop; ++p) {
            if (*p == '\n' || (*p == '\r' && (p + 1 == m_bytes.data() + m_bytes.size() || p[1] != '\n')))
                ++m_number;
        }
    }
    m_pos = to;
    return m_number;
}

std::string dominant_eol(std::string_view bytes, std::string_view fallback)
{
    // Without any '\r' (most files) every ending is "\n": no need to count them.
    if (!contains_cr(bytes))
        return std::string(bytes.empty() || std::memchr(bytes.data(), '\n', bytes.size()) == nullptr ? fallback
                                                                                              : std::string_view("\n"));
    const char* const begin = bytes.data();
    const char* const end = begin + bytes.size();
    const auto lf = static_cast<std::size_t>(std::count(begin, end, '\n'));
    std::size_t cr = 0;
    std::size_t crlf = 0;
    for (const char* p = begin; p != end; ++p) {
        if (*p == '\r') {
            ++cr;
            if (p + 1 != end && p[1] == '\n')
                ++crlf;
        }
    }
    // Counts of "\n" alone, "\r\n" and "\r" alone, in the order they first appear.
    struct Kind {
        std::string_view eol;
        std::size_t count;
        std::size_t first;
    };
    std::array<Kind, 3> kinds{Kind{"\n", lf - crlf, bytes.size()}, Kind{"\r\n", crlf, bytes.size()},
                              Kind{"\r", cr - crlf, bytes.size()}};
    std::size_t best = 0;
    for (std::size_t k = 1; k < kinds.size(); ++k)
        if (kinds[k].count > kinds[best].count)
            best = k;
    if (kinds[best].count == 0)
        return std::string(fallback);
    const bool tie = std::count_if(kinds.begin(), kinds.end(), [&](const Kind& k) { return k.count == kinds[best].count; }) > 1;
    if (!tie)
        return std::string(kinds[best].eol);
    // A tie: the ending seen first wins. Rare enough (and found early enough) for one more pass.
    std::size_t found = 0;
    for (std::size_t i = 0; i < bytes.size() && found < 3; ++i) {
        const std::size_t k = bytes[i] == '\n' ? 0 : bytes[i] != '\r' ? 3 : eol_size(bytes, i) == 2 ? 1 : 2;
        if (k == 3)
            continue;
        if (kinds[k].first == bytes.size()) {
            kinds[k].first = i;
            ++found;
        }
        if (k == 1)
            ++i;
    }
    best = kinds.size();
    for (std::size_t k = 0; k < kinds.size(); ++k) {
        if (best == kinds.size() || kinds[k].count > kinds[best].count ||
            (kinds[k].count == kinds[best].count && kinds[k].first < kinds[best].first))
            best = k;
    }
    return std::string(kinds[best].eol);
}

std::vector<std::string_view> splice_pieces(std::string_view bytes, const std::vector<Splice>& splices)
{
    std::vector<std::string_view> pieces;
    pieces.reserve(2 * splices.size() + 1);
    std::size_t at = 0;
    for (const Splice& s : splices) {
        pieces.push_back(bytes.substr(at, s.offset - at));
        pieces.push_back(s.text);
        at = s.offset + s.length;
    }
    pieces.push_back(bytes.substr(at));
    return pieces;
}

std::string apply_splices(std::string_view bytes, const std::vector<Splice>& splices)
{
    const std::vector<std::string_view> pieces = splice_pieces(bytes, splices);
    std::size_t size = 0;
    for (std::string_view p : pieces)
        size += p.size();
    std::string out;
    out.reserve(size);
    for (std::string_view p : pieces)
        out.append(p);
    return out;
}

LineKind classify_line(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size() && is_blank_char(text[i]))
        ++i;
    if (i == text.size())
        return LineKind::Blank;
    if (text[i] == '#')
        return LineKind::Comment;
    return parse_entry(text) ? LineKind::Entry : LineKind::Other;
}

std::optional<Entry> parse_entry(std::string_view text)
{
    std::optional<std::string> comment;
    text = text.substr(0, text.find('\0'));
    if (std::size_t hash = text.find('#'); hash != std::string_view::npos) {
        comment = std::string(text.substr(hash + 1));
        text = text.substr(0, hash);
    }
    std::vector<std::string_view> fields = split_fields(text);
    if (fields.size() < 2 || !is_resolver_address(fields.front()))
        return std::nullopt;
    Entry entry;
    entry.address = std::string(fields.front());
    for (std::size_t i = 1; i < fields.size(); ++i)
        entry.names.emplace_back(fields[i]);
    entry.comment = std::move(comment);
    return entry;
}

HostsDocument HostsDocument::parse(std::string_view bytes)
{
    HostsDocument doc;
    doc.m_bom = bom_size(bytes) != 0;
    LineCursor cursor(bytes);
    for (LineView line; cursor.next(line);)
        doc.m_lines.push_back(Line{std::string(line.text), std::string(line.eol)});
    return doc;
}

std::string HostsDocument::render() const
{
    std::size_t size = m_bom ? utf8_bom.size() : 0;
    for (const Line& line : m_lines)
        size += line.text.size() + line.eol.size();
    std::string out;
    out.reserve(size);
    if (m_bom)
        out.append(utf8_bom);
    for (const Line& line : m_lines) {
        out.append(line.text);
        out.append(line.eol);
    }
    return out;
}

std::string HostsDocument::dominant_eol(std::string_view fallback) const { return fshosts::dominant_eol(render(), fallback); }

std::vector<Mapping> HostsDocument::mappings() const
{
    std::vector<Mapping> result;
    for (std::size_t i = 0; i < m_lines.size(); ++i) {
        if (std::optional<Entry> entry = parse_entry(m_lines[i].text))
            for (const std::string& name : entry->names)
                result.push_back(Mapping{i + 1, name, entry->address});
    }
    return result;
}

}  // namespace fshosts
