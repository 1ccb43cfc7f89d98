// The document model keeps every byte: parse then render returns the input exactly, for the
// real-world corpus and for random bytes. Also the line model (endings, BOM, line kinds,
// entries, mappings) that the managed block builds on.
#include "catch.h"
#include "text/test_support.h"

#include "text/hosts_document.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

using namespace std::string_literals;
using fshosts::HostsDocument;
using fshosts::LineKind;
using fshosts::test::byte_diff;
using fshosts::test::corpus_file;
using fshosts::test::escape;

namespace {

std::vector<std::string> eols_of(const HostsDocument& doc)
{
    std::vector<std::string> eols;
    for (const auto& line : doc.lines())
        eols.push_back(line.eol);
    return eols;
}

const char* kind_name(LineKind kind)
{
    switch (kind) {
    case LineKind::Blank: return "Blank";
    case LineKind::Comment: return "Comment";
    case LineKind::Entry: return "Entry";
    case LineKind::Other: return "Other";
    }
    return "?";
}

std::string kind_of(std::string_view text) { return kind_name(fshosts::classify_line(text)); }

}  // namespace

TEST_CASE("every corpus file renders back to its exact bytes", "[document][corpus]")
{
    const auto names = fshosts::test::corpus_names();
    for (const auto& expected : fshosts::test::expected_corpus_names())
        REQUIRE(std::find(names.begin(), names.end(), expected) != names.end());
    for (const auto& name : names) {
        INFO("corpus file " << name);
        const std::string bytes = corpus_file(name);
        const auto doc = HostsDocument::parse(bytes);
        CHECK(byte_diff(bytes, doc.render()) == "");
        // A line ending is one of the four, and only the last line may have none.
        for (std::size_t i = 0; i < doc.lines().size(); ++i) {
            const auto& eol = doc.lines()[i].eol;
            CHECK((eol == "\n" || eol == "\r\n" || eol == "\r" || (eol.empty() && i + 1 == doc.lines().size())));
            CHECK(doc.lines()[i].text.find('\n') == std::string::npos);
        }
        // Parsing the rendering again gives the same document.
        CHECK(fshosts::test::document_diff(doc, HostsDocument::parse(doc.render())) == "");
    }
}

TEST_CASE("parse then render is the identity on random bytes", "[document][property]")
{
    const std::uint32_t seed = fshosts::test::test_seed(0x5eed2024u);
    INFO("seed " << seed << " (set FSHOSTS_TEST_SEED to reproduce or vary)");
    fshosts::test::HostsFuzzer fuzz(seed);
    std::size_t long_inputs = 0;
    for (int i = 0; i < 5000; ++i) {
        const std::string bytes = i % 5 == 4 ? fuzz.document() : fuzz.soup();
        if (bytes.size() > 10000)
            ++long_inputs;
        const auto doc = HostsDocument::parse(bytes);
        const std::string rendered = doc.render();
        if (rendered != bytes) {
            INFO("input #" << i << ": \"" << escape(bytes, 400) << "\"");
            CHECK(byte_diff(bytes, rendered) == "");
            break;  // one readable failure is enough
        }
    }
    CHECK(long_inputs > 0);  // the generator did produce some 50-100 KB lines
}

TEST_CASE("hand-picked edge inputs round-trip", "[document]")
{
    const std::vector<std::string> inputs = {
        ""s,
        "\n"s,
        "\r"s,
        "\r\n"s,
        "\n\r"s,
        "\r\r\n"s,
        "\r\n\r"s,
        "a"s,
        "\xEF\xBB\xBF"s,
        "\xEF\xBB\xBF\n"s,
        "\xEF\xBB"s,
        "\xEF\xBB\xBF\xEF\xBB\xBF# two BOMs\n"s,
        " \xEF\xBB\xBF# BOM not at the start\n"s,
        "\0"s,
        "\0\n\0"s,
        "127.0.0.1 localhost"s,
        "127.0.0.1 localhost\n\n"s,
        "#\r#\n#\r\n#"s,
        std::string(fshosts::block_begin_marker) + "\n" + std::string(fshosts::block_end_marker),
    };
    for (const auto& bytes : inputs) {
        INFO("input \"" << escape(bytes) << "\"");
        CHECK(byte_diff(bytes, HostsDocument::parse(bytes).render()) == "");
    }
}

TEST_CASE("line endings are kept per line", "[document][corpus]")
{
    SECTION("mixed LF, CRLF and lone CR")
    {
        const auto doc = HostsDocument::parse(corpus_file("mixed-line-endings.hosts"));
        const std::vector<std::string> expected = {"\n", "\r\n", "\r", "\n", "\r", "\r", "\r\n", "\n"};
        CHECK(eols_of(doc) == expected);
        REQUIRE(doc.lines().size() == 8);
        CHECK(doc.lines()[2].text == "10.0.0.1 a.local");
        CHECK(doc.lines()[4].text == "");
        CHECK(doc.lines()[5].text == "# old Mac style line");
        // Three \n and three \r: the first one seen wins the tie.
        CHECK(doc.dominant_eol() == "\n");
        CHECK(doc.dominant_eol("\r\n") == "\n");
    }
    SECTION("a file without a final newline: the last line has no ending")
    {
        const auto doc = HostsDocument::parse(corpus_file("no-final-newline.hosts"));
        REQUIRE(doc.lines().size() == 3);
        CHECK(doc.lines()[2].text == "10.0.0.1 last.local");
        CHECK(doc.lines()[2].eol == "");
        CHECK(doc.lines()[1].eol == "\n");
    }
    SECTION("a single line without an ending")
    {
        const auto doc = HostsDocument::parse(corpus_file("single-line-no-eol.hosts"));
        REQUIRE(doc.lines().size() == 1);
        CHECK(doc.lines()[0].text == "127.0.0.1 localhost");
        CHECK(doc.lines()[0].eol == "");
    }
    SECTION("only newlines: three empty lines, no phantom fourth")
    {
        const auto doc = HostsDocument::parse(corpus_file("only-newlines.hosts"));
        REQUIRE(doc.lines().size() == 3);
        for (const auto& line : doc.lines()) {
            CHECK(line.text == "");
            CHECK(line.eol == "\n");
        }
    }
    SECTION("empty file: no lines")
    {
        const auto doc = HostsDocument::parse(corpus_file("empty.hosts"));
        CHECK(doc.lines().empty());
        CHECK_FALSE(doc.has_bom());
        CHECK(doc.render() == "");
    }
    SECTION("CRLF everywhere in the Windows file")
    {
        const auto doc = HostsDocument::parse(corpus_file("windows-default-crlf.hosts"));
        REQUIRE(doc.lines().size() == 19);
        for (const auto& line : doc.lines()) {
            CHECK(line.eol == "\r\n");
            CHECK(line.text.find('\r') == std::string::npos);
        }
        CHECK(doc.lines()[17].text == "#\t127.0.0.1       localhost");
    }
    SECTION("a 100 KB line is one line")
    {
        const auto doc = HostsDocument::parse(corpus_file("very-long-line.hosts"));
        REQUIRE(doc.lines().size() == 3);
        CHECK(doc.lines()[1].text.size() > 100000);
        CHECK(doc.lines()[2].text == "10.0.0.1 after-long-line.local");
    }
    SECTION("NUL bytes stay inside their lines")
    {
        const auto doc = HostsDocument::parse(corpus_file("nul-bytes.hosts"));
        REQUIRE(doc.lines().size() == 5);
        CHECK(doc.lines()[0].text == "# a comment with a \0 NUL byte"s);
        CHECK(doc.lines()[2].text == "10.0.0.9 nul\0host.local"s);
        CHECK(doc.lines()[3].text == "\0"s);
    }
}

TEST_CASE("a UTF-8 BOM is detected and kept out of the first line", "[document][corpus]")
{
    SECTION("BOM and Japanese comments")
    {
        const std::string bytes = corpus_file("utf8-bom-japanese.hosts");
        const auto doc = HostsDocument::parse(bytes);
        CHECK(doc.has_bom());
        REQUIRE_FALSE(doc.lines().empty());
        CHECK(doc.lines()[0].text == "# \xE9\x96\x8B\xE7\x99\xBA\xE7\x94\xA8\xE3\x82\xB5\xE3\x83\xBC\xE3\x83\x90\xE3\x83\xBC");
        CHECK(doc.render() == bytes);
        CHECK(fshosts::classify_line(doc.lines()[0].text) == LineKind::Comment);
    }
    SECTION("a file that is only a BOM")
    {
        const auto doc = HostsDocument::parse(corpus_file("only-bom.hosts"));
        CHECK(doc.has_bom());
        CHECK(doc.lines().empty());
        CHECK(doc.render() == "\xEF\xBB\xBF");
    }
    SECTION("files without a BOM")
    {
        for (const char* name : {"windows-default-crlf.hosts", "shift-jis-comments.hosts", "macos-default.hosts",
                                 "invalid-utf8.hosts", "empty.hosts"}) {
            INFO(name);
            CHECK_FALSE(HostsDocument::parse(corpus_file(name)).has_bom());
        }
    }
    SECTION("a BOM that is not at the start is ordinary bytes")
    {
        const auto doc = HostsDocument::parse("# x\n\xEF\xBB\xBF# y\n");
        CHECK_FALSE(doc.has_bom());
        REQUIRE(doc.lines().size() == 2);
        CHECK(doc.lines()[1].text == "\xEF\xBB\xBF# y");
    }
}

TEST_CASE("dominant line ending", "[document][corpus]")
{
    for (const char* name : {"windows-default-crlf.hosts", "utf8-bom-japanese.hosts", "shift-jis-comments.hosts"}) {
        INFO(name);
        CHECK(HostsDocument::parse(corpus_file(name)).dominant_eol() == "\r\n");
    }
    for (const char* name : {"macos-default.hosts", "debian-default-ipv6.hosts", "docker-style.hosts",
                             "tabs-inline-comments.hosts", "no-final-newline.hosts", "very-long-line.hosts"}) {
        INFO(name);
        CHECK(HostsDocument::parse(corpus_file(name)).dominant_eol("\r\n") == "\n");
    }
    // No line ending at all: the fallback.
    for (const char* name : {"empty.hosts", "only-bom.hosts", "single-line-no-eol.hosts"}) {
        INFO(name);
        const auto doc = HostsDocument::parse(corpus_file(name));
        CHECK(doc.dominant_eol() == "\n");
        CHECK(doc.dominant_eol("\r\n") == "\r\n");
    }
    CHECK(HostsDocument::parse("a\r\nb\nc\n").dominant_eol() == "\n");
    CHECK(HostsDocument::parse("a\r\nb\nc\r\n").dominant_eol() == "\r\n");
    CHECK(HostsDocument::parse("a\r\nb\n").dominant_eol() == "\r\n");  // tie: first seen
    CHECK(HostsDocument::parse("a\rb\r\n").dominant_eol() == "\r");
}

TEST_CASE("classify_line", "[document]")
{
    CHECK(kind_of("") == "Blank");
    CHECK(kind_of("   ") == "Blank");
    CHECK(kind_of(" \t \t") == "Blank");

    CHECK(kind_of("#") == "Comment");
    CHECK(kind_of("# 127.0.0.1 localhost") == "Comment");
    CHECK(kind_of("  \t# indented comment") == "Comment");
    CHECK(kind_of("#192.0.2.1 example.jp") == "Comment");
    CHECK(kind_of(fshosts::block_begin_marker) == "Comment");

    CHECK(kind_of("127.0.0.1 localhost") == "Entry");
    CHECK(kind_of("127.0.0.1\tlocalhost") == "Entry");
    CHECK(kind_of("::1             localhost") == "Entry");
    CHECK(kind_of("ff02::1 ip6-allnodes") == "Entry");
    CHECK(kind_of("\t192.168.1.1\trouter.lan   \t") == "Entry");
    CHECK(kind_of("10.0.0.5\tapi.local   # staging") == "Entry");
    CHECK(kind_of("255.255.255.255\tbroadcasthost") == "Entry");

    CHECK(kind_of("not-an-address foo") == "Other");
    CHECK(kind_of("localhost 127.0.0.1") == "Other");
    CHECK(kind_of("127.0.0.1") == "Other");          // an address but no name
    CHECK(kind_of("127.0.0.1   # only a comment") == "Other");
    CHECK(kind_of("999.1.1.1 bad.example") == "Other");
    CHECK(kind_of("\x80\xFF garbage") == "Other");
}

TEST_CASE("parse_entry splits address, names and inline comment", "[document]")
{
    SECTION("an inline comment after spaces")
    {
        const auto e = fshosts::parse_entry("10.0.0.5\tapi.local   # staging");
        REQUIRE(e.has_value());
        CHECK(e->address == "10.0.0.5");
        CHECK(e->names == std::vector<std::string>{"api.local"});
        REQUIRE(e->comment.has_value());
        CHECK(*e->comment == " staging");
    }
    SECTION("aliases, mixed blanks, tab before the comment")
    {
        const auto e = fshosts::parse_entry("10.0.0.6  \t  web.local www.web.local  static.web.local\t# aliases");
        REQUIRE(e.has_value());
        CHECK(e->address == "10.0.0.6");
        CHECK(e->names == std::vector<std::string>{"web.local", "www.web.local", "static.web.local"});
        REQUIRE(e->comment.has_value());
        CHECK(*e->comment == " aliases");
    }
    SECTION("leading blank, trailing blanks, no comment")
    {
        const auto e = fshosts::parse_entry("\t192.168.1.1\trouter.lan   \t");
        REQUIRE(e.has_value());
        CHECK(e->address == "192.168.1.1");
        CHECK(e->names == std::vector<std::string>{"router.lan"});
        CHECK_FALSE(e->comment.has_value());
    }
    SECTION("'#' glued to a name starts the comment")
    {
        const auto e = fshosts::parse_entry("10.0.0.7 db.local#nospace");
        REQUIRE(e.has_value());
        CHECK(e->names == std::vector<std::string>{"db.local"});
        REQUIRE(e->comment.has_value());
        CHECK(*e->comment == "nospace");
    }
    SECTION("an empty comment")
    {
        const auto e = fshosts::parse_entry("127.0.0.1 localhost #");
        REQUIRE(e.has_value());
        CHECK(e->names == std::vector<std::string>{"localhost"});
        REQUIRE(e->comment.has_value());
        CHECK(e->comment->empty());
    }
    SECTION("IPv6 with several names")
    {
        const auto e = fshosts::parse_entry("::1     localhost ip6-localhost ip6-loopback");
        REQUIRE(e.has_value());
        CHECK(e->address == "::1");
        CHECK(e->names == std::vector<std::string>{"localhost", "ip6-localhost", "ip6-loopback"});
    }
    SECTION("not entries")
    {
        CHECK_FALSE(fshosts::parse_entry("").has_value());
        CHECK_FALSE(fshosts::parse_entry("   ").has_value());
        CHECK_FALSE(fshosts::parse_entry("# 192.0.2.1 www.example.jp").has_value());
        CHECK_FALSE(fshosts::parse_entry("not-an-address foo").has_value());
        CHECK_FALSE(fshosts::parse_entry("127.0.0.1").has_value());
        CHECK_FALSE(fshosts::parse_entry("127.0.0.1 # nothing mapped").has_value());
    }
}

TEST_CASE("entries in the corpus are recognised", "[document][corpus]")
{
    const auto doc = HostsDocument::parse(corpus_file("tabs-inline-comments.hosts"));
    std::vector<std::string> kinds;
    for (const auto& line : doc.lines())
        kinds.push_back(kind_of(line.text));
    const std::vector<std::string> expected = {"Comment", "Entry", "Entry", "Entry", "Blank", "Blank",
                                               "Comment", "Entry", "Entry", "Blank", "Entry"};
    CHECK(kinds == expected);

    // Japanese comments in Shift_JIS (with 0x5C trail bytes) are still comments.
    const auto sjis = HostsDocument::parse(corpus_file("shift-jis-comments.hosts"));
    REQUIRE(sjis.lines().size() == 7);
    CHECK(kind_of(sjis.lines()[0].text) == "Comment");
    CHECK(kind_of(sjis.lines()[1].text) == "Comment");
    const auto e = fshosts::parse_entry(sjis.lines()[3].text);
    REQUIRE(e.has_value());
    CHECK(e->names == std::vector<std::string>{"intra.example.local"});
}

TEST_CASE("mappings list every mapped name in file order", "[document][corpus]")
{
    SECTION("Debian default with IPv6 lines")
    {
        const auto doc = HostsDocument::parse(corpus_file("debian-default-ipv6.hosts"));
        const auto maps = doc.mappings();
        struct Expected {
            std::size_t line;
            const char* name;
            const char* address;
        };
        const std::vector<Expected> expected = {
            {1, "localhost", "127.0.0.1"},
            {2, "buildhost.example.internal", "127.0.1.1"},
            {2, "buildhost", "127.0.1.1"},
            {5, "localhost", "::1"},
            {5, "ip6-localhost", "::1"},
            {5, "ip6-loopback", "::1"},
            {6, "ip6-allnodes", "ff02::1"},
            {7, "ip6-allrouters", "ff02::2"},
        };
        REQUIRE(maps.size() == expected.size());
        for (std::size_t i = 0; i < maps.size(); ++i) {
            INFO("mapping " << i);
            CHECK(maps[i].line_number == expected[i].line);
            CHECK(maps[i].name == expected[i].name);
            CHECK(maps[i].address == expected[i].address);
        }
    }
    SECTION("commented-out lines map nothing")
    {
        const auto maps = HostsDocument::parse(corpus_file("commented-example-entry.hosts")).mappings();
        REQUIRE(maps.size() == 1);
        CHECK(maps[0].name == "localhost");
    }
    SECTION("the Windows default maps nothing")
    {
        CHECK(HostsDocument::parse(corpus_file("windows-default-crlf.hosts")).mappings().empty());
    }
    SECTION("inline comments are not names")
    {
        const auto maps = HostsDocument::parse(corpus_file("tabs-inline-comments.hosts")).mappings();
        std::vector<std::string> names;
        for (const auto& m : maps)
            names.push_back(m.name);
        const std::vector<std::string> expected = {"localhost",  "api.local", "web.local",     "www.web.local",
                                                   "static.web.local", "router.lan", "db.local", "localhost",
                                                   "ip6-localhost"};
        CHECK(names == expected);
    }
}

TEST_CASE("the line cursor, the line counter and line_at agree with the line model", "[document][property]")
{
    const std::uint32_t seed = fshosts::test::test_seed(0x11a7e5u);
    INFO("seed " << seed << " (set FSHOSTS_TEST_SEED to reproduce or vary)");
    fshosts::test::HostsFuzzer fuzz(seed);
    for (int i = 0; i < 1500; ++i) {
        const std::string bytes = fuzz.any();
        INFO("input #" << i << ": \"" << escape(bytes, 400) << "\"");
        const auto doc = HostsDocument::parse(bytes);
        fshosts::LineCursor cursor(bytes);
        fshosts::LineCounter counter(bytes);
        std::size_t expected_offset = fshosts::bom_size(bytes);
        std::size_t index = 0;
        bool same = true;
        for (fshosts::LineView line; cursor.next(line); ++index) {
            same = same && index < doc.lines().size() && line.text == doc.lines()[index].text &&
                   line.eol == doc.lines()[index].eol && line.number == index + 1 && line.offset == expected_offset &&
                   counter.number_at(line.offset) == line.number;
            // Every byte of the text (and the place its ending starts) belongs to this line.
            for (std::size_t at = line.offset; same && at <= line.offset + line.text.size(); at += 1 + at % 7) {
                const fshosts::LineView found = fshosts::line_at(bytes, at);
                same = found.offset == line.offset && found.text == line.text && found.eol == line.eol;
            }
            expected_offset = line.end();
            if (!same) {
                INFO("line " << index + 1);
                CHECK(same);
                break;
            }
        }
        CHECK(index == doc.lines().size());
        CHECK(expected_offset == std::max(bytes.size(), fshosts::bom_size(bytes)));
        CHECK(fshosts::dominant_eol(bytes) == doc.dominant_eol());
        if (!same || index != doc.lines().size())
            break;
    }
}

TEST_CASE("splices replace, insert and remove bytes in one copy", "[document]")
{
    const std::string bytes = "0123456789";
    using fshosts::Splice;
    CHECK(fshosts::apply_splices(bytes, {}) == bytes);
    CHECK(fshosts::apply_splices(bytes, {Splice{0, 0, "<"}, Splice{10, 0, ">"}}) == "<0123456789>");
    CHECK(fshosts::apply_splices(bytes, {Splice{2, 3, ""}, Splice{7, 1, "seven"}}) == "0156seven89");
    CHECK(fshosts::apply_splices(bytes, {Splice{0, 10, "all"}}) == "all");
    CHECK(fshosts::apply_splices("", {Splice{0, 0, "new"}}) == "new");
}

TEST_CASE("the line counter counts line feeds in long files without carriage returns", "[document][property]")
{
    // The no-CR path counts eight bytes at a time: every alignment, run length and byte value
    // next to a '\n' (0x0a ^ 0x80 = 0x8a, 0x0b, 0x09, 0x00, 0xff) must count exactly.
    const std::uint32_t seed = fshosts::test::test_seed(0x5eed1fu);
    INFO("seed " << seed << " (set FSHOSTS_TEST_SEED to reproduce or vary)");
    std::mt19937 rng(seed);
    const std::string alphabet("\n\n\n\x8a\x0b\x09\x00\xff\x7f\x80 a#", 13);
    for (int i = 0; i < 300; ++i) {
        std::string bytes(1 + rng() % 3000, 'x');
        for (char& c : bytes)
            c = alphabet[rng() % alphabet.size()];
        fshosts::LineCounter counter(bytes);
        std::size_t at = 0;
        while (at < bytes.size()) {
            at = std::min(bytes.size(), at + rng() % 97);
            const std::size_t expected = 1 + static_cast<std::size_t>(std::count(bytes.data(), bytes.data() + at, '\n'));
            INFO("input #" << i << " of " << bytes.size() << " bytes, offset " << at);
            REQUIRE(counter.number_at(at) == expected);
            if (at == bytes.size())
                break;
        }
    }
}
