// UTF-8, written once for every layer: decoding, validation and encoding (RFC 3629), and the
// "display" escaping that makes any bytes from a file or a user safe to show in a message, a
// log, a terminal, a dialog or JSON.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace fshosts::utf8 {

// Decodes the code point at s[i] and advances i past it. On a malformed sequence (overlong,
// surrogate, beyond U+10FFFF, truncated) returns nullopt and advances i by one byte.
std::optional<char32_t> next_code_point(std::string_view s, std::size_t& i) noexcept;

// Strict UTF-8 (RFC 3629): no overlong forms, surrogates or code points beyond U+10FFFF.
bool is_valid(std::string_view s) noexcept;

// All code points of s, or nullopt when s is not valid UTF-8.
std::optional<std::u32string> decode(std::string_view s);

// Appends the UTF-8 form of a code point (a scalar value: not a surrogate, at most U+10FFFF).
void append(std::string& out, char32_t cp);

// C0 controls, DEL and C1 controls (U+0080-U+009F, which includes NEL U+0085).
bool is_control(char32_t cp) noexcept;

// A code point that can make text look other than it is: a control, a line or paragraph
// separator (U+2028, U+2029), a bidi control (U+061C, U+200E, U+200F, U+202A-U+202E,
// U+2066-U+2069) or the invisible U+FEFF.
bool is_display_hazard(char32_t cp) noexcept;

}  // namespace fshosts::utf8

namespace fshosts {

struct DisplayOptions {
    std::size_t max_bytes = 200;                         // of the result, before the ellipsis
    std::size_t max_chars = std::string_view::npos;      // characters or escapes in the result
    bool keep_tabs = true;                               // a tab as is, or as \x09
    std::string_view ellipsis = "...";                   // appended when the text is cut
};

// Whatever the bytes hold, the result is valid UTF-8 that shows them as they are, not as they
// render: C0 controls, DEL and invalid bytes become \xNN, other display hazards (C1 controls,
// U+2028/U+2029, bidi controls) \uNNNN. Text beyond the limits is cut at a character boundary
// and ends in the ellipsis.
std::string displayable(std::string_view bytes, const DisplayOptions& options);

// Tabs kept, cut after `max_bytes` with "...".
std::string displayable(std::string_view bytes, std::size_t max_bytes = 200);

// A message of several lines: each line through displayable() (at most `max_line_bytes`), the
// line feeds between them kept. For text that mixes our own wording with paths or file content.
std::string displayable_lines(std::string_view text, std::size_t max_line_bytes = 65536);

}  // namespace fshosts
