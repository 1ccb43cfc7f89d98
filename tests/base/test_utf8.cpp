// The one UTF-8 module: what a user sees in a message, a log, a terminal or a dialog when the
// text holds controls, line separators, bidi controls or broken bytes, and that valid text
// (Japanese included) passes unchanged.
#include "catch.h"

#include "base/utf8.h"

#include <string>
#include <string_view>

using namespace std::string_view_literals;
using fshosts::displayable;
using fshosts::DisplayOptions;

TEST_CASE("display escaping: C0 controls and DEL become \\xNN, tabs are kept", "[utf8][display]")
{
    CHECK(displayable("a\x01z") == "a\\x01z");
    CHECK(displayable("a\0z"sv) == "a\\x00z");
    CHECK(displayable("line\nforged") == "line\\x0Aforged");
    CHECK(displayable("line\r\nforged") == "line\\x0D\\x0Aforged");
    CHECK(displayable("\x1b[31mred") == "\\x1B[31mred");
    CHECK(displayable("a\x7fz") == "a\\x7Fz");
    CHECK(displayable("a\tz") == "a\tz");
    CHECK(displayable("a\tz", DisplayOptions{.keep_tabs = false}) == "a\\x09z");
}

TEST_CASE("display escaping: C1 controls, NEL included, become \\uNNNN", "[utf8][display]")
{
    CHECK(displayable("a\u0080z") == "a\\u0080z");
    CHECK(displayable("line\u0085forged") == "line\\u0085forged");
    CHECK(displayable("\u009B31mred") == "\\u009B31mred");
    CHECK(displayable("a\u009Fz") == "a\\u009Fz");
    CHECK(displayable("a\u00A0z") == "a\u00A0z");  // the first code point after C1 is ordinary text
}

TEST_CASE("display escaping: line and paragraph separators become \\uNNNN", "[utf8][display]")
{
    CHECK(displayable("line\u2028forged") == "line\\u2028forged");
    CHECK(displayable("line\u2029forged") == "line\\u2029forged");
    CHECK(displayable("a\u2027z") == "a\u2027z");
}

TEST_CASE("display escaping: bidi controls become \\uNNNN", "[utf8][display]")
{
    CHECK(displayable("a\u202Az") == "a\\u202Az");
    CHECK(displayable("a\u202Bz") == "a\\u202Bz");
    CHECK(displayable("a\u202Cz") == "a\\u202Cz");
    CHECK(displayable("a\u202Dz") == "a\\u202Dz");
    CHECK(displayable("evil\u202Egpj.exe") == "evil\\u202Egpj.exe");
    CHECK(displayable("a\u2066z") == "a\\u2066z");
    CHECK(displayable("a\u2067z") == "a\\u2067z");
    CHECK(displayable("a\u2068z") == "a\\u2068z");
    CHECK(displayable("a\u2069z") == "a\\u2069z");
    CHECK(displayable("a\u200Ez") == "a\\u200Ez");
    CHECK(displayable("a\u200Fz") == "a\\u200Fz");
    CHECK(displayable("a\u061Cz") == "a\\u061Cz");
    CHECK(displayable("a\uFEFFz") == "a\\uFEFFz");
    CHECK(displayable("a\u202Fz") == "a\u202Fz");  // narrow no-break space: visible, kept
}

TEST_CASE("display escaping: bytes that are not UTF-8 become \\xNN one by one", "[utf8][display]")
{
    CHECK(displayable("a\xffz") == "a\\xFFz");
    CHECK(displayable("\xc0\xaf") == "\\xC0\\xAF");                  // overlong '/'
    CHECK(displayable("\xed\xa0\x80") == "\\xED\\xA0\\x80");         // surrogate U+D800
    CHECK(displayable("\xf4\x90\x80\x80") == "\\xF4\\x90\\x80\\x80");  // beyond U+10FFFF
    CHECK(displayable("\xe3\x81") == "\\xE3\\x81");                  // truncated
    CHECK(displayable("\x82\xa0 sjis") == "\\x82\\xA0 sjis");        // Shift_JIS bytes
}

TEST_CASE("display escaping: valid Japanese text and emoji pass unchanged", "[utf8][display]")
{
    const std::string japanese = "プレビューを開始 www.例え.jp — 「すべて元に戻す」 🍣";
    CHECK(displayable(japanese) == japanese);
    CHECK(fshosts::utf8::is_valid(japanese));
    const auto decoded = fshosts::utf8::decode(japanese);
    REQUIRE(decoded);
    std::string encoded;
    for (const char32_t cp : *decoded)
        fshosts::utf8::append(encoded, cp);
    CHECK(encoded == japanese);
}

TEST_CASE("display escaping: long text is cut at a character boundary", "[utf8][display]")
{
    CHECK(displayable(std::string(300, 'a')) == std::string(200, 'a') + "...");
    CHECK(displayable("ああああああ", 10) == "ああああ...");
    CHECK(displayable("abc", 3) == "abc");
    CHECK(displayable("abcdef", DisplayOptions{.max_chars = 3, .ellipsis = "\u2026"}) == "abc\u2026");
    CHECK(displayable("\n\n\n\n", DisplayOptions{.max_chars = 2}) == "\\x0A\\x0A...");
}

TEST_CASE("decoding: one code point at a time, one byte past a malformed sequence", "[utf8][decode]")
{
    const std::string_view text = "aあ\xff🍣";
    std::size_t i = 0;
    CHECK(fshosts::utf8::next_code_point(text, i) == U'a');
    CHECK(i == 1);
    CHECK(fshosts::utf8::next_code_point(text, i) == U'あ');
    CHECK(i == 4);
    CHECK_FALSE(fshosts::utf8::next_code_point(text, i));
    CHECK(i == 5);
    CHECK(fshosts::utf8::next_code_point(text, i) == U'🍣');
    CHECK(i == text.size());
    CHECK_FALSE(fshosts::utf8::decode("ok\xc0\xaf"));
    CHECK_FALSE(fshosts::utf8::is_valid("\xed\xa0\x80"));
    CHECK(fshosts::utf8::is_valid(""));
}

TEST_CASE("encoding and decoding round-trip every Unicode scalar value", "[utf8][decode]")
{
    std::size_t mismatches = 0;
    for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        std::string bytes;
        fshosts::utf8::append(bytes, cp);
        std::size_t i = 0;
        const auto back = fshosts::utf8::next_code_point(bytes, i);
        if (!back || *back != cp || i != bytes.size())
            ++mismatches;
    }
    CHECK(mismatches == 0);
}
