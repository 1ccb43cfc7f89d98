#include "base/utf8.h"

#include <fmt/format.h>

#include <cstdint>

namespace fshosts::utf8 {

std::optional<char32_t> next_code_point(std::string_view s, std::size_t& i) noexcept
{
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return char32_t{b0};
    }
    std::size_t length = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        length = 2, cp = b0 & 0x1Fu, min = 0x80;
    } else if ((b0 & 0xF0u) == 0xE0u) {
        length = 3, cp = b0 & 0x0Fu, min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4, cp = b0 & 0x07u, min = 0x10000;
    } else {
        ++i;
        return std::nullopt;
    }
    if (s.size() - i < length) {
        ++i;
        return std::nullopt;
    }
    for (std::size_t k = 1; k < length; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0u) != 0x80u) {
            ++i;
            return std::nullopt;
        }
        cp = (cp << 6) | (b & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return std::nullopt;
    }
    i += length;
    return cp;
}

bool is_valid(std::string_view s) noexcept
{
    for (std::size_t i = 0; i < s.size();)
        if (!next_code_point(s, i))
            return false;
    return true;
}

std::optional<std::u32string> decode(std::string_view s)
{
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto cp = next_code_point(s, i);
        if (!cp)
            return std::nullopt;
        out.push_back(*cp);
    }
    return out;
}

void append(std::string& out, char32_t cp)
{
    const auto byte = [&out](char32_t v) { out.push_back(static_cast<char>(static_cast<unsigned char>(v))); };
    if (cp < 0x80) {
        byte(cp);
    } else if (cp < 0x800) {
        byte(0xC0 | (cp >> 6));
        byte(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        byte(0xE0 | (cp >> 12));
        byte(0x80 | ((cp >> 6) & 0x3F));
        byte(0x80 | (cp & 0x3F));
    } else {
        byte(0xF0 | (cp >> 18));
        byte(0x80 | ((cp >> 12) & 0x3F));
        byte(0x80 | ((cp >> 6) & 0x3F));
        byte(0x80 | (cp & 0x3F));
    }
}

bool is_control(char32_t cp) noexcept
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

bool is_display_hazard(char32_t cp) noexcept
{
    return is_control(cp) || cp == 0x061C || cp == 0x200E || cp == 0x200F || cp == 0x2028 || cp == 0x2029
        || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

}  // namespace fshosts::utf8

namespace fshosts {
namespace {

// Appends the display form of the character at bytes[i] and advances i past it.
void append_displayable_char(std::string& out, std::string_view bytes, std::size_t& i, bool keep_tabs)
{
    const std::size_t start = i;
    const auto cp = utf8::next_code_point(bytes, i);
    if (!cp || (*cp < 0x80 && utf8::is_control(*cp) && !(keep_tabs && *cp == U'\t')))
        out += fmt::format("\\x{:02X}", static_cast<unsigned char>(bytes[start]));
    else if (*cp >= 0x80 && utf8::is_display_hazard(*cp))
        out += fmt::format("\\u{:04X}", static_cast<std::uint32_t>(*cp));
    else
        out.append(bytes.substr(start, i - start));
}

}  // namespace

std::string displayable(std::string_view bytes, const DisplayOptions& options)
{
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < bytes.size(); ++chars) {
        if (out.size() >= options.max_bytes || chars >= options.max_chars) {
            out += options.ellipsis;
            break;
        }
        append_displayable_char(out, bytes, i, options.keep_tabs);
    }
    return out;
}

std::string displayable(std::string_view bytes, std::size_t max_bytes)
{
    return displayable(bytes, DisplayOptions{.max_bytes = max_bytes});
}

std::string displayable_lines(std::string_view text, std::size_t max_line_bytes)
{
    std::string out;
    for (std::size_t start = 0;;) {
        const std::size_t end = text.find('\n', start);
        const std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
        out += displayable(line, DisplayOptions{.max_bytes = max_line_bytes});
        if (end == std::string_view::npos)
            return out;
        out += '\n';
        start = end + 1;
    }
}

}  // namespace fshosts
