// A hosts file's bytes read as lines that keep their exact bytes and their own line ending, so
// joining the lines gives the input back byte for byte, whatever it holds.
//
// Two ways to read them: `LineCursor` walks the lines as views into the bytes without copying
// or allocating anything (what the managed block engine uses, so a 2-million-line file costs no
// more than its one buffer), and `HostsDocument` materialises them as a list for callers that
// want to index lines (the GUI's file view, tests). Both split lines by the one rule below.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts {

// 3 when `bytes` starts with a UTF-8 byte order mark, else 0. The BOM belongs to no line.
std::size_t bom_size(std::string_view bytes) noexcept;

// One line of the bytes: views into them, valid while they are.
struct LineView {
    std::string_view text;  // the line's bytes without its ending
    std::string_view eol;   // "\n", "\r\n", "\r", or "" (only ever the last line)
    std::size_t offset = 0;  // where `text` starts in the bytes
    std::size_t number = 0;  // 1-based
    std::size_t end() const noexcept { return offset + text.size() + eol.size(); }  // start of the next line
};

// Walks the lines of `bytes` (after its BOM) in order: a line ends at "\r\n", "\n" or a lone
// "\r"; a last line without an ending is a line, an empty rest is not.
class LineCursor {
public:
    explicit LineCursor(std::string_view bytes) noexcept;
    // Starts at `offset`, which must be the start of line `number`.
    LineCursor(std::string_view bytes, std::size_t offset, std::size_t number) noexcept;
    // The next line, or false at the end of the bytes.
    bool next(LineView& line) noexcept;

private:
    std::string_view m_bytes;
    std::size_t m_pos;
    std::size_t m_number;
    bool m_has_cr;  // without any '\r' a line ends at the next '\n' (found with memchr)
};

// The line whose text holds byte `offset`, or that starts there or ends its text there (number
// left 0: counting costs a pass; see LineCounter).
LineView line_at(std::string_view bytes, std::size_t offset) noexcept;

// Line numbers of line starts, asked for in increasing order: counts the line breaks between
// one question and the next, so numbering every hit of a scan costs one pass in total.
class LineCounter {
public:
    explicit LineCounter(std::string_view bytes) noexcept;
    // The 1-based number of the line starting at `line_start` (not before the previous question).
    std::size_t number_at(std::size_t line_start) noexcept;

private:
    std::string_view m_bytes;
    std::size_t m_pos;
    std::size_t m_number = 1;
    bool m_has_cr;
};

// The most frequent line ending of `bytes`; the first one seen wins a tie; `fallback` when there
// is none.
std::string dominant_eol(std::string_view bytes, std::string_view fallback = "\n");

// A replacement of `length` bytes at `offset` of the original by `text` (an insertion when
// `length` is 0, a removal when `text` is empty).
struct Splice {
    std::size_t offset = 0;
    std::size_t length = 0;
    std::string text;
};

// `bytes` with `splices` (sorted by offset, not overlapping) carried out, as pieces to write one
// after the other: views into `bytes` and into the splices' texts (valid while both are).
std::vector<std::string_view> splice_pieces(std::string_view bytes, const std::vector<Splice>& splices);
// The same as one string: one copy of the bytes.
std::string apply_splices(std::string_view bytes, const std::vector<Splice>& splices);

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

// A byte that separates fields for the C library's hosts parser (isspace in the C locale; '\n'
// ends its line instead). A lone '\r' is one of them: the parser's lines end at '\n' only.
constexpr bool is_resolver_blank(char c) noexcept
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

// The parts of an entry line, as a resolver reads them: a NUL byte ends the line, '#' starts a
// comment anywhere, fields are separated by is_resolver_blank bytes, and the first field must
// be an address the resolver accepts (is_resolver_address).
struct Entry {
    std::string address;
    std::vector<std::string> names;
    std::optional<std::string> comment;  // text after the first '#' (before any NUL), without the '#'
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

// The lines as a list of copies: for callers that index lines. Not used on the path that
// changes a file.
class HostsDocument {
public:
    static HostsDocument parse(std::string_view bytes);
    std::string render() const;

    bool has_bom() const noexcept { return m_bom; }
    const std::vector<Line>& lines() const noexcept { return m_lines; }
    std::vector<Line>& lines() noexcept { return m_lines; }

    // dominant_eol() of the rendered bytes.
    std::string dominant_eol(std::string_view fallback = "\n") const;

    // Every name mapped by an entry line, in file order (a line's names in their order).
    std::vector<Mapping> mappings() const;

    bool operator==(const HostsDocument&) const = default;

private:
    bool m_bom = false;
    std::vector<Line> m_lines;
};

}  // namespace fshosts
