// fshosts reads the hosts file as the C library's resolver does (issue 9): a line the resolver
// uses for a name is a conflict, one it does not use is not. find_conflicts is compared with an
// independent model of glibc's parser (tests/support/resolver_model.h) on the corpus, traps and
// random documents; the model's address rule is compared with the real inet_pton where there is
// one. Also: lines fshosts disabled keep their other names resolving and come back byte for
// byte, a user's own "#[fshosts:disabled]" line stays as it is, a damaged block is never a
// conflict, classic Mac line endings, and the names the resolver answers itself.
#include "catch.h"
#include "support/resolver_model.h"
#include "text/test_support.h"

#include "base/error.h"
#include "text/hosts_document.h"
#include "text/managed_block.h"
#include "text/validation.h"

#include <sstream>
#include <string>
#include <vector>

#if !defined(_WIN32)
#include <arpa/inet.h>
#endif

using namespace std::string_literals;
using fshosts::test::escape;

namespace {

const std::vector<std::string> probe_names = {"www.example.jp", "example.jp", "localhost", "shop.example.com",
                                              "api.local", "WWW.Example.JP"};

// find_conflicts' answer and the model's, as "offset name address" lines, lines of the block left out.
std::string engine_view(const std::string& bytes, const std::string& name)
{
    std::ostringstream out;
    for (const fshosts::Conflict& c : fshosts::find_conflicts(bytes, {name}))
        out << c.offset << " " << escape(c.name) << " " << escape(c.address) << "\n";
    return out.str();
}

std::string model_view(const std::string& bytes, const std::string& name)
{
    const fshosts::BlockInfo block = fshosts::inspect_block(bytes);
    std::ostringstream out;
    for (const fshosts::model::Match& m : fshosts::model::matches(bytes, name)) {
        if (block.state == fshosts::BlockState::Present && m.offset >= block.begin_offset && m.offset < block.after_end)
            continue;
        if (std::any_of(block.entries.begin(), block.entries.end(),
                        [&](const fshosts::ManagedEntry& e) { return e.offset == m.offset; }))
            continue;
        out << m.offset << " " << escape(m.name) << " " << escape(m.address) << "\n";
    }
    return out.str();
}

std::string compare_with_model(const std::string& bytes)
{
    for (const std::string& name : probe_names) {
        const std::string e = engine_view(bytes, name);
        const std::string m = model_view(bytes, name);
        if (e != m)
            return name + ":\nfshosts:\n" + e + "resolver model:\n" + m;
    }
    return {};
}

fshosts::Change disable_apply(const std::string& bytes, const std::vector<std::string>& names)
{
    fshosts::ApplyOptions options;
    options.disable_conflicts = true;
    return fshosts::apply(bytes, names, "203.0.113.10", options);
}

}  // namespace

TEST_CASE("conflicts are the lines the resolver model uses: corpus", "[resolver]")
{
    for (const auto& file : fshosts::test::corpus_names()) {
        INFO("corpus file " << file);
        CHECK(compare_with_model(fshosts::test::corpus_file(file)) == "");
    }
}

TEST_CASE("conflicts are the lines the resolver model uses: the parser's rules", "[resolver]")
{
    struct Case {
        std::string bytes;
        std::size_t conflicts;  // for www.example.jp
    };
    const std::vector<Case> cases = {
        {"1.2.3.4\vwww.example.jp\n", 1},                  // \v separates
        {"1.2.3.4\fwww.example.jp\n", 1},                  // \f separates
        {"1.2.3.4\rwww.example.jp\r\n", 1},                // a lone \r separates
        {"127.0.0.1 localhost\r1.2.3.4 www.example.jp\r", 1},  // classic Mac: one line, 127.0.0.1's alias
        {"# header\r1.2.3.4 www.example.jp\r", 0},         // classic Mac: all one comment
        {"1.2.3.4 a\0 www.example.jp\n"s, 0},              // NUL ends the line
        {"1.2.3.4 www.example.jp\0\n"s, 1},                // NUL right after the name
        {"\0" "1.2.3.4 www.example.jp\n"s, 0},             // a line starting with NUL is empty
        {"1.2.3.4 a.jp#www.example.jp\n", 0},              // '#' glued to a name starts a comment
        {"1.2.3.4 www.example.jp#x\n", 1},                 // ... and ends the name before it
        {"1.2.3.4 WWW.EXAMPLE.JP\n", 1},                   // names without regard to case
        {"01.2.3.4 www.example.jp\n", 0},                  // inet_pton: no leading zeros
        {"127.1 www.example.jp\n", 0},                     // no inet_aton short forms
        {"0x7f.0.0.1 www.example.jp\n", 0},
        {"fe80::1%eth0 www.example.jp\n", 0},              // no zone ids
        {"::ffff:1.2.3.4 www.example.jp\n", 1},
        {"1:2:3:4:5:6:7:8 www.example.jp\n", 1},
        {"1::2::3 www.example.jp\n", 0},
        {"\xEF\xBB\xBF" "1.2.3.4 www.example.jp\n", 0},    // glibc knows no BOM: the first field is invalid
        {"  \t1.2.3.4 www.example.jp\n", 1},
        {"www.example.jp 1.2.3.4\n", 0},                   // the address field is not a name
        {"1.2.3.4 www.example.jp www.example.jp\n", 2},
    };
    for (const Case& c : cases) {
        INFO("\"" << escape(c.bytes) << "\"");
        CHECK(compare_with_model(c.bytes) == "");
        CHECK(fshosts::find_conflicts(c.bytes, {"www.example.jp"}).size() == c.conflicts);
    }
}

TEST_CASE("conflicts are the lines the resolver model uses: random documents", "[resolver][property]")
{
    const std::uint32_t seed = fshosts::test::test_seed(0x5e501fe5u);
    INFO("seed " << seed << " (set FSHOSTS_TEST_SEED to reproduce or vary)");
    fshosts::test::HostsFuzzer fuzz(seed);
    std::size_t with_conflicts = 0;
    for (int i = 0; i < 3000; ++i) {
        const std::string bytes = fuzz.any();
        const std::string difference = compare_with_model(bytes);
        if (!difference.empty()) {
            INFO("input #" << i << " \"" << escape(bytes, 2000) << "\"");
            CHECK(difference == "");
            break;
        }
        if (!fshosts::model::matches(bytes, "www.example.jp").empty())
            ++with_conflicts;
    }
    CHECK(with_conflicts > 50);
}

TEST_CASE("the address rule is glibc's inet_pton", "[resolver]")
{
    const std::vector<std::string> tokens = {
        "1.2.3.4", "255.255.255.255", "256.1.1.1", "01.2.3.4", "0.0.0.0", "1.2.3", "1.2.3.4.", "1.2.3.4.5", "127.1",
        "0x7f.0.0.1", "::", "::1", "1::", ":1", "1:", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1::2::3", "::ffff:1.2.3.4",
        "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4", "fe80::1%eth0", "12345::", "abcd::ef01", "ABCD::",
        "::1.2.3", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8::", "", "g::1", "1.2.3.04", ":::"};
    for (const std::string& t : tokens) {
        INFO("\"" << t << "\"");
        const bool model = fshosts::model::inet_pton4(t) || fshosts::model::inet_pton6(t);
        CHECK(fshosts::is_resolver_address(t) == model);
#if !defined(_WIN32)
        unsigned char buf[16];
        const bool real = inet_pton(AF_INET, t.c_str(), buf) == 1 || inet_pton(AF_INET6, t.c_str(), buf) == 1;
        CHECK(model == real);
#endif
    }
#if !defined(_WIN32)
    // Random tokens from the characters addresses are made of.
    fshosts::test::HostsFuzzer fuzz(fshosts::test::test_seed(0xadd7e55u));
    const std::string alphabet = "0123456789abcdefABCDEF:.:.%x";
    for (int i = 0; i < 20000; ++i) {
        std::string t;
        const std::size_t n = fuzz.below(20);
        for (std::size_t k = 0; k < n; ++k)
            t += alphabet[fuzz.below(alphabet.size())];
        unsigned char buf[16];
        const bool real = inet_pton(AF_INET, t.c_str(), buf) == 1 || inet_pton(AF_INET6, t.c_str(), buf) == 1;
        const bool model = fshosts::model::inet_pton4(t) || fshosts::model::inet_pton6(t);
        if (real != model || fshosts::is_resolver_address(t) != real) {
            INFO("\"" << t << "\"");
            CHECK(real == model);
            CHECK(fshosts::is_resolver_address(t) == real);
            break;
        }
    }
#endif
}

TEST_CASE("disabling a shared line keeps its other names resolving; revert restores the bytes", "[resolver][disable]")
{
    const std::string before = "127.0.0.1 localhost localhost.localdomain www.example.jp\n::1 localhost\n";
    const fshosts::Change change = disable_apply(before, {"www.example.jp", "example.jp"});
    const std::string during = fshosts::render(before, change);
    REQUIRE(change.disabled.size() == 1);
    CHECK(during == "#[fshosts:disabled] 127.0.0.1 localhost localhost.localdomain www.example.jp\n::1 localhost\n" +
                        std::string(fshosts::block_begin_marker) +
                        "\n203.0.113.10 www.example.jp\n203.0.113.10 example.jp\n"
                        "127.0.0.1 localhost localhost.localdomain #[fshosts:restores] "
                        "127.0.0.1%20localhost%20localhost.localdomain%20www.example.jp\n" +
                        std::string(fshosts::block_end_marker) + "\n");
    // What the resolver answers during the preview.
    CHECK(fshosts::model::lookup(during, "localhost") == std::vector<std::string>{"::1", "127.0.0.1"});
    CHECK(fshosts::model::lookup(during, "localhost.localdomain") == std::vector<std::string>{"127.0.0.1"});
    CHECK(fshosts::model::lookup(during, "www.example.jp") == std::vector<std::string>{"203.0.113.10"});
    CHECK(fshosts::render(during, fshosts::revert_all(during)) == before);

    SECTION("reverting one name keeps the line disabled while another of its names is previewed")
    {
        const std::string two = "1.2.3.4 www.example.jp shop.example.jp other.example.jp\r\n";
        const std::string d1 = fshosts::render(two, disable_apply(two, {"www.example.jp"}));
        CHECK(fshosts::model::lookup(d1, "shop.example.jp") == std::vector<std::string>{"1.2.3.4"});
        // Previewing a name the replacement line maps takes it out of that line.
        const std::string d2 = fshosts::render(d1, disable_apply(d1, {"shop.example.jp"}));
        CHECK(fshosts::model::lookup(d2, "shop.example.jp") == std::vector<std::string>{"203.0.113.10"});
        CHECK(fshosts::model::lookup(d2, "other.example.jp") == std::vector<std::string>{"1.2.3.4"});
        // Reverting it gives it back to the replacement line; the user line stays disabled.
        const std::string d3 = fshosts::render(d2, fshosts::revert(d2, {"shop.example.jp"}));
        CHECK(d3 == d1);
        CHECK(fshosts::model::lookup(d3, "www.example.jp") == std::vector<std::string>{"203.0.113.10"});
        CHECK(fshosts::render(d3, fshosts::revert(d3, {"www.example.jp"})) == two);
    }
}

TEST_CASE("revert re-enables only lines fshosts disabled", "[resolver][disable]")
{
    const std::string user_disabled = "#[fshosts:disabled] 10.0.0.1 www.example.jp\n";
    SECTION("a user's own disabled line (copied from another machine) stays as it is")
    {
        const std::string before = user_disabled + "1.2.3.4 www.example.jp\n";
        const std::string during = fshosts::render(before, disable_apply(before, {"www.example.jp"}));
        const fshosts::BlockInfo info = fshosts::inspect_block(during);
        REQUIRE(info.disabled.size() == 1);
        CHECK(info.disabled.front().line_number == 2);
        const fshosts::Change back = fshosts::revert_all(during);
        CHECK(back.restored == std::vector<std::size_t>{2});
        CHECK(fshosts::render(during, back) == before);
    }
    SECTION("with no fshosts block at all, nothing is re-enabled")
    {
        const fshosts::Change c = fshosts::revert_all(user_disabled);
        CHECK(c.splices.empty());
        CHECK(fshosts::inspect_block(user_disabled).disabled.empty());
    }
    SECTION("two identical lines, one disabled by the user, one by fshosts")
    {
        const std::string before = user_disabled + "10.0.0.1 www.example.jp\n";
        const std::string during = fshosts::render(before, disable_apply(before, {"www.example.jp"}));
        CHECK(during.substr(0, 2 * user_disabled.size()) == user_disabled + user_disabled);
        // The record says which of the identical lines is ours: the second.
        CHECK(during.find("#[fshosts:restores] 10.0.0.1%20www.example.jp @2\n") != std::string::npos);
        const fshosts::BlockInfo info = fshosts::inspect_block(during);
        REQUIRE(info.disabled.size() == 1);
        CHECK(info.disabled.front().line_number == 2);
        REQUIRE(info.other_disabled.size() == 1);
        CHECK(info.other_disabled.front().line_number == 1);
        const fshosts::Change back = fshosts::revert_all(during);
        CHECK(back.restored == std::vector<std::size_t>{2});
        CHECK(fshosts::render(during, back) == before);
        CHECK(fshosts::render(during, fshosts::revert(during, {"www.example.jp"})) == before);
    }
    SECTION("the user's identical line after ours stays disabled")
    {
        const std::string before = "10.0.0.1 www.example.jp\n" + user_disabled;
        const std::string during = fshosts::render(before, disable_apply(before, {"www.example.jp"}));
        CHECK(during.find(" @") == std::string::npos);  // ours is the first: no ordinal
        CHECK(fshosts::render(during, fshosts::revert_all(during)) == before);
    }
    SECTION("a line disabled later, before ours, moves our record's ordinal")
    {
        const std::string first = "10.0.0.1 www.example.jp\n" + user_disabled;
        const std::string during = fshosts::render(first, disable_apply(first, {"www.example.jp"}));
        // The user adds the same line again at the top while the preview is on; applying again
        // disables it too, and the first record now names the second such line.
        const std::string edited = "10.0.0.1 www.example.jp\n" + during;
        const std::string again = fshosts::render(edited, disable_apply(edited, {"www.example.jp"}));
        CHECK(again.find("#[fshosts:restores] 10.0.0.1%20www.example.jp @2\n") != std::string::npos);
        CHECK(again.find("#[fshosts:restores] 10.0.0.1%20www.example.jp\n") != std::string::npos);
        const fshosts::BlockInfo info = fshosts::inspect_block(again);
        REQUIRE(info.disabled.size() == 2);
        CHECK(info.disabled[0].line_number == 1);
        CHECK(info.disabled[1].line_number == 2);
        REQUIRE(info.other_disabled.size() == 1);
        CHECK(info.other_disabled.front().line_number == 3);
        CHECK(fshosts::render(again, fshosts::revert_all(again)) == "10.0.0.1 www.example.jp\n" + first);
    }
    SECTION("records written before ordinals take the first lines left, in order")
    {
        const std::string b(fshosts::block_begin_marker);
        const std::string e(fshosts::block_end_marker);
        const std::string record = "#[fshosts:restores] 10.0.0.1%20www.example.jp\n";
        const std::string during =
            user_disabled + user_disabled + user_disabled + b + "\n203.0.113.10 www.example.jp\n" + record + record + e + "\n";
        const fshosts::BlockInfo info = fshosts::inspect_block(during);
        CHECK(info.disabled.size() == 2);
        CHECK(info.other_disabled.size() == 1);
        CHECK(fshosts::render(during, fshosts::revert_all(during)) ==
              "10.0.0.1 www.example.jp\n10.0.0.1 www.example.jp\n" + user_disabled);
    }
    SECTION("an ordinal that is not one is a damaged block")
    {
        const std::string b(fshosts::block_begin_marker);
        const std::string e(fshosts::block_end_marker);
        for (const std::string suffix : {" @1", " @02", " @", " @2x", " 2", " @2 @3"}) {
            INFO("suffix \"" << suffix << "\"");
            const std::string bytes = user_disabled + user_disabled + b + "\n203.0.113.10 www.example.jp\n" +
                                      "#[fshosts:restores] 10.0.0.1%20www.example.jp" + suffix + "\n" + e + "\n";
            CHECK(fshosts::inspect_block(bytes).state == fshosts::BlockState::Malformed);
        }
    }
    SECTION("a line the resolver reads after a lone CR: the user's empty disabled line stays (fuzz finding)")
    {
        // The resolver's line "\r10.0.0.1 www.example.jp" starts with an empty line of ours
        // (lines end at a lone CR too), so the line fshosts disables reads
        // "#[fshosts:disabled] " like the user's empty one before it.
        const std::string before = "#[fshosts:disabled] \n\r10.0.0.1 www.example.jp\n";
        const std::string during = fshosts::render(before, disable_apply(before, {"www.example.jp"}));
        CHECK(during.substr(0, 43) == "#[fshosts:disabled] \n#[fshosts:disabled] \r1");
        CHECK(fshosts::model::lookup(during, "www.example.jp") == std::vector<std::string>{"203.0.113.10"});
        CHECK(fshosts::render(during, fshosts::revert_all(during)) == before);
        CHECK(fshosts::render(during, fshosts::revert(during, {"www.example.jp"})) == before);
    }
}

TEST_CASE("a damaged block is never a conflict that wins over the preview", "[resolver][damaged]")
{
    const std::string b(fshosts::block_begin_marker);
    const std::string e(fshosts::block_end_marker);
    const std::vector<std::string> damaged = {
        b + "\n203.0.113.10 www.example.jp\n",                                   // no end marker
        b + "\n203.0.113.10 www.example.jp\n" + b + "\n" + e + "\n",            // two begin markers
        b + "\n203.0.113.10 www.example.jp\nuser text\n" + e + "\n",            // a foreign line inside
    };
    for (const std::string& bytes : damaged) {
        INFO("\"" << escape(bytes) << "\"");
        const fshosts::BlockInfo info = fshosts::inspect_block(bytes);
        CHECK(info.state == fshosts::BlockState::Malformed);
        CHECK(fshosts::find_conflicts(bytes, info, {"www.example.jp"}).empty());
    }
    // A user line after the damaged block still is one.
    const std::string with_user = damaged.front() + "1.2.3.4 www.example.jp\n";
    CHECK(fshosts::find_conflicts(with_user, {"www.example.jp"}).size() == 1);
}

TEST_CASE("classic Mac line endings: the block is written with LF so its entries take effect", "[resolver][cr]")
{
    const std::string before = "##\r# Host Database\r127.0.0.1\tlocalhost\r";
    CHECK(fshosts::has_lone_cr_lines(before));
    CHECK_FALSE(fshosts::has_lone_cr_lines("a\r\nb\r\n"));
    CHECK_FALSE(fshosts::has_lone_cr_lines("a\nb\r"));
    const std::string during = fshosts::render(before, fshosts::apply(before, {"www.example.jp"}, "203.0.113.10"));
    CHECK(during == before + std::string(fshosts::block_begin_marker) + "\n203.0.113.10 www.example.jp\n" +
                        std::string(fshosts::block_end_marker) + "\n");
    CHECK(fshosts::model::lookup(during, "www.example.jp") == std::vector<std::string>{"203.0.113.10"});
    CHECK(fshosts::render(during, fshosts::revert_all(during)) == before);
    // Without a final line ending, too.
    const std::string open = "127.0.0.1 localhost\r::1 localhost";
    const std::string open_during = fshosts::render(open, fshosts::apply(open, {"www.example.jp"}, "203.0.113.10"));
    CHECK(fshosts::model::lookup(open_during, "www.example.jp") == std::vector<std::string>{"203.0.113.10"});
    CHECK(fshosts::render(open_during, fshosts::revert_all(open_during)) == open);
}

TEST_CASE("names the resolver answers itself are refused as preview targets", "[resolver][special]")
{
    for (const char* name : {"localhost", "LOCALHOST", "foo.localhost", "localhost.localdomain", "printer.local",
                             "local", "my-pc.example.jp", "MY-PC.example.jp"}) {
        INFO(name);
        try {
            fshosts::check_preview_target(name, "my-pc.example.jp.");
            FAIL("accepted");
        } catch (const fshosts::Error& e) {
            CHECK(e.kind() == fshosts::ErrorKind::BadInput);
            const std::string what = e.what();
            CHECK((what.find("this computer") != std::string::npos || what.find(".local,") != std::string::npos));
        }
    }
    // normalize_domain refuses localhost and its subdomains before.
    CHECK_THROWS_AS(fshosts::normalize_domain("foo.localhost"), fshosts::Error);
    for (const char* name : {"www.example.jp", "localhost.example.jp", "local.example.jp", "mylocal.jp"})
        CHECK_NOTHROW(fshosts::check_preview_target(name, "my-pc.example.jp"));
    CHECK_NOTHROW(fshosts::check_preview_target("www.example.jp", ""));
}

TEST_CASE("names Microsoft Defender protects are refused as preview targets, with the reason", "[resolver][special]")
{
    for (const char* name : {"microsoft.com", "www.microsoft.com", "update.microsoft.com", "WWW.MICROSOFT.COM",
                             "watson.live.com", "vsgallery.com", "wns.notify.windows.com.akadns.net",
                             "telemetry.remoteapp.windowsazure.com", "microsoft.com."}) {
        INFO(name);
        try {
            fshosts::check_preview_target(name, "");
            FAIL("accepted");
        } catch (const fshosts::Error& e) {
            CHECK(e.kind() == fshosts::ErrorKind::BadInput);
            CHECK(std::string(e.what()).find("Microsoft Defender") != std::string::npos);
        }
    }
    // Names that only look alike are the user's to preview.
    for (const char* name : {"notmicrosoft.com", "microsoft.com.example.jp", "live.com", "www.example.jp",
                             "microsoft.co.jp"})
        CHECK_NOTHROW(fshosts::check_preview_target(name, ""));
}

TEST_CASE("entry lines with non-ASCII text are listed when the file has no BOM", "[resolver][windows]")
{
    const std::string file = "127.0.0.1 localhost\r\n"
                             "# 社内検証用\r\n"                          // a comment: not an entry
                             "192.0.2.1 www.example.jp # 本番確認\r\n"  // an entry with Japanese
                             "192.0.2.2 bücher.example\r\n"             // raw UTF-8 name
                             "not-an-address 例え.jp\r\n";              // not an entry
    CHECK(fshosts::non_ascii_entry_lines(file) == std::vector<std::size_t>{3, 4});
    CHECK(fshosts::non_ascii_entry_lines("\xEF\xBB\xBF" + file).empty());  // a BOM: Windows reads UTF-8
    CHECK(fshosts::non_ascii_entry_lines("127.0.0.1 localhost\n").empty());
}
