// A hosts file as a list of lines that keep their exact bytes and their own line ending, so
// rendering an unchanged document returns the input byte for byte, whatever it holds.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts {

struct Line {
    std::string text;  // the line's bytes without its ending
    std::string eol;   // "\n", "\r\n", "\r", or "" (only ever the last line)
    bool operator==(const Line&) const = default;
};

enum class LineKind {
    Blank,    // empty or only spaces/tabs
    Comment,  // first non-blank byte is '#'
    Entry,    // an address followed by at least one name
    Other,    // anything else; kept verbatim, never interpreted
};

// The parts of an entry line, as a resolver reads them.
struct Entry {
    std::string address;
    std::vector<std::string> names;
    std::optional<std::string> comment;  // text after the first '#', without the '#'
};

// One name an active entry line maps; line numbers are 1-based.
struct Mapping {
    std::size_t line_number;
    std::string name;
    std::string address;
};

LineKind classify_line(std::string_view text);

// The entry on a line, or nullopt when the line is not an entry.
std::optional<Entry> parse_entry(std::string_view text);

class HostsDocument {
public:
    static HostsDocument parse(std::string_view bytes);
    std::string render() const;

    bool has_bom() const noexcept { return m_bom; }
    const std::vector<Line>& lines() const noexcept { return m_lines; }
    std::vector<Line>& lines() noexcept { return m_lines; }

    // The most frequent line ending; the first one seen wins a tie; `fallback` when there is none.
    std::string dominant_eol(std::string_view fallback = "\n") const;

    // Every name mapped by an entry line, in file order (a line's names in their order).
    std::vector<Mapping> mappings() const;

    bool operator==(const HostsDocument&) const = default;

private:
    bool m_bom = false;
    std::vector<Line> m_lines;
};

}  // namespace fshosts
