#include "text/hosts_document.h"

#include "text/validation.h"

#include <array>

namespace fshosts {
namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

bool is_blank_char(char c) noexcept { return c == ' ' || c == '\t'; }

// Splits `s` at runs of spaces and tabs, as resolvers do.
std::vector<std::string_view> split_fields(std::string_view s)
{
    std::vector<std::string_view> fields;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && is_blank_char(s[i]))
            ++i;
        std::size_t start = i;
        while (i < s.size() && !is_blank_char(s[i]))
            ++i;
        if (i > start)
            fields.push_back(s.substr(start, i - start));
    }
    return fields;
}

}  // namespace

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
    if (std::size_t hash = text.find('#'); hash != std::string_view::npos) {
        comment = std::string(text.substr(hash + 1));
        text = text.substr(0, hash);
    }
    std::vector<std::string_view> fields = split_fields(text);
    if (fields.size() < 2 || !looks_like_hosts_address(fields.front()))
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
    if (bytes.substr(0, utf8_bom.size()) == utf8_bom) {
        doc.m_bom = true;
        bytes.remove_prefix(utf8_bom.size());
    }
    std::size_t start = 0;
    std::size_t i = 0;
    while (i < bytes.size()) {
        char c = bytes[i];
        if (c == '\n' || c == '\r') {
            std::size_t eol_len = (c == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') ? 2 : 1;
            doc.m_lines.push_back(Line{std::string(bytes.substr(start, i - start)), std::string(bytes.substr(i, eol_len))});
            i += eol_len;
            start = i;
        } else {
            ++i;
        }
    }
    if (start < bytes.size())
        doc.m_lines.push_back(Line{std::string(bytes.substr(start)), std::string()});
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

std::string HostsDocument::dominant_eol(std::string_view fallback) const
{
    // Candidates in order of first appearance, with their counts.
    std::array<std::pair<std::string_view, std::size_t>, 3> seen{};
    std::size_t kinds = 0;
    for (const Line& line : m_lines) {
        if (line.eol.empty())
            continue;
        std::size_t k = 0;
        while (k < kinds && seen[k].first != line.eol)
            ++k;
        if (k == kinds)
            seen[kinds++] = {line.eol, 0};
        ++seen[k].second;
    }
    if (kinds == 0)
        return std::string(fallback);
    std::size_t best = 0;
    for (std::size_t k = 1; k < kinds; ++k)
        if (seen[k].second > seen[best].second)
            best = k;
    return std::string(seen[best].first);
}

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
