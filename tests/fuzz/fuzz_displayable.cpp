// Fuzz target "displayable": the one display-escaping function (base/utf8.h), which every
// message, log and audit line passes text from files and users through. Whatever the bytes and
// limits: the result is valid UTF-8 without C0 or C1 controls (a tab only when keep_tabs), DEL,
// U+2028, U+2029, the bidi controls U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069 or
// U+FEFF; it is cut to the limits; text that holds none of those comes out unchanged. The
// decoder underneath agrees with itself: is_valid == decode succeeds, and valid text encodes
// back to the same bytes from scalar values only. The first two bytes choose the limits.
#include "fuzz/fuzz_check.h"

#include "base/utf8.h"

#include <optional>
#include <string>
#include <string_view>

using namespace fshosts;
using fshosts::fuzz::show;

namespace {

// Listed here on purpose rather than calling utf8::is_display_hazard: the target checks that
// function too.
bool forbidden(char32_t c, bool keep_tabs)
{
    if (c == U'\t')
        return !keep_tabs;
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029 || c == 0xFEFF;
}

void check_decoder(std::string_view bytes)
{
    const std::optional<std::u32string> decoded = utf8::decode(bytes);
    FUZZ_CHECK(decoded.has_value() == utf8::is_valid(bytes), "is_valid and decode disagree on " + show(bytes));
    if (!decoded)
        return;
    std::string encoded;
    for (char32_t c : *decoded) {
        FUZZ_CHECK(c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF), "decoded a non-scalar value from " + show(bytes));
        FUZZ_CHECK(utf8::is_display_hazard(c) == forbidden(c, false), "is_display_hazard is wrong for U+" + std::to_string(c));
        utf8::append(encoded, c);
    }
    FUZZ_CHECK(encoded == bytes, "decode + append does not give back " + show(bytes));
}

void check_displayable(std::string_view bytes, const DisplayOptions& options)
{
    const std::string out = displayable(bytes, options);
    const std::string context = "\ninput  = " + show(bytes) + "\noutput = " + show(out);
    const std::optional<std::u32string> decoded = utf8::decode(out);
    FUZZ_CHECK(decoded.has_value(), "the result is not valid UTF-8" + context);
    for (char32_t c : *decoded)
        FUZZ_CHECK(!forbidden(c, options.keep_tabs), "the result holds U+" + std::to_string(static_cast<unsigned>(c)) + context);

    // At most max_bytes, plus the one character or escape (up to 6 bytes) that crossed the
    // limit, plus the ellipsis.
    FUZZ_CHECK(out.size() <= options.max_bytes + 5 + options.ellipsis.size(), "longer than max_bytes allows" + context);

    const std::optional<std::u32string> in = utf8::decode(bytes);
    if (in && in->size() < options.max_chars && bytes.size() <= options.max_bytes) {
        bool clean = true;
        for (char32_t c : *in)
            clean = clean && !forbidden(c, options.keep_tabs);
        if (clean)
            FUZZ_CHECK(out == bytes, "harmless text was changed" + context);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view all(reinterpret_cast<const char*>(data), size);
    check_decoder(all);
    check_displayable(all, DisplayOptions{});
    FUZZ_CHECK(displayable(all) == displayable(all, DisplayOptions{}), "the two displayable overloads differ");
    if (size < 2)
        return 0;
    DisplayOptions options;
    options.max_bytes = data[0];
    options.max_chars = data[1] == 0xFF ? std::string_view::npos : (data[1] & 0x7Fu);
    options.keep_tabs = (data[1] & 0x80u) != 0 && data[1] != 0xFF;
    check_displayable(all.substr(2), options);
    return 0;
}
