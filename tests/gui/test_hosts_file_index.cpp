// The whole-file view's model without a display: lines as the text engine splits them, the
// marks read_status gives (our block, conflicts, disabled lines) and the search the user runs
// with Ctrl+F, forwards, backwards, around the end, across letter case, and cancelled.
#include "catch.h"

#include "gui/hosts_file_index.h"

#include <atomic>
#include <memory>
#include <string>

using fshosts::gui::find_text;
using fshosts::gui::HostsFileIndex;
using fshosts::gui::LineMark;

namespace {

HostsFileIndex index_of(const std::string& bytes)
{
    auto shared = std::make_shared<const std::string>(bytes);
    return HostsFileIndex(shared, fshosts::read_status(*shared));
}

const std::string preview_with_conflict =
    "127.0.0.1 localhost\r\n"
    "# a comment\n"
    "192.0.2.1 www.example.jp\n"
    "# >>> fshosts managed block (jp.fshosts.hosts) - do not edit by hand >>>\n"
    "203.0.113.10 www.example.jp\n"
    "# <<< fshosts managed block (jp.fshosts.hosts) <<<\n"
    "last line without newline";

}  // namespace

TEST_CASE("index: the lines and their endings", "[unit]")
{
    const HostsFileIndex index = index_of("\xEF\xBB\xBF" "a\r\nb\rc\n\nd");
    REQUIRE(index.line_count() == 5);
    CHECK(index.line(0) == "a");  // the BOM belongs to no line
    CHECK(index.line(1) == "b");
    CHECK(index.line(2) == "c");
    CHECK(index.line(3).empty());
    CHECK(index.line(4) == "d");
    CHECK(index.line(5).empty());
    CHECK(index.line_of(3) == 0);
    CHECK(index.line_of(6) == 1);
    CHECK(index.line_of(11) == 4);
    CHECK(index.longest_line() == 1);
    CHECK(index_of("").line_count() == 0);
    CHECK(index_of("x\n").line_count() == 1);
}

TEST_CASE("index: marks from read_status", "[unit]")
{
    const HostsFileIndex index = index_of(preview_with_conflict);
    REQUIRE(index.line_count() == 7);
    CHECK(index.mark(0) == LineMark::None);
    CHECK(index.mark(1) == LineMark::None);
    CHECK(index.mark(2) == LineMark::Conflict);
    REQUIRE(index.conflict_names(2) != nullptr);
    CHECK(*index.conflict_names(2) == std::vector<std::string>{"www.example.jp"});
    CHECK(index.mark(3) == LineMark::Ours);
    CHECK(index.mark(4) == LineMark::Ours);
    CHECK(index.mark(5) == LineMark::Ours);
    CHECK(index.mark(6) == LineMark::None);
    CHECK(index.conflict_names(6) == nullptr);
    CHECK(index.line(6) == "last line without newline");
}

TEST_CASE("search: forward, backward, wrapping, case", "[unit]")
{
    const std::string bytes = "one Example two\nexample three\nEXAMPLE";
    const auto at = [&](std::size_t from, bool forward) {
        const auto match = find_text(bytes, "example", from, forward);
        return match ? static_cast<long>(match->offset) : -1L;
    };
    CHECK(at(0, true) == 4);
    CHECK(at(5, true) == 16);
    CHECK(at(17, true) == 30);
    CHECK(at(31, true) == 4);     // wraps to the start
    CHECK(at(30, false) == 16);   // the last match starting before 30
    CHECK(at(4, false) == 30);    // wraps to the end
    CHECK(at(bytes.size(), false) == 30);
    CHECK(find_text(bytes, "missing", 0, true) == std::nullopt);
    CHECK(find_text(bytes, "", 0, true) == std::nullopt);
    // UTF-8 is searched as bytes.
    CHECK(find_text("a 日本.jp b", "日本", 0, true)->offset == 2);
}

TEST_CASE("search: across the 4 MiB pieces, and cancelled", "[unit]")
{
    std::string bytes(9u << 20, 'x');
    const std::size_t boundary = 4u << 20;
    bytes.replace(boundary - 3, 6, "needle");  // straddles the first piece's end
    const auto match = find_text(bytes, "NEEDLE", 0, true);
    REQUIRE(match);
    CHECK(match->offset == boundary - 3);
    const auto back = find_text(bytes, "needle", bytes.size(), false);
    REQUIRE(back);
    CHECK(back->offset == boundary - 3);
    std::atomic<bool> cancel{true};
    CHECK(find_text(bytes, "needle", 0, true, &cancel) == std::nullopt);
}

TEST_CASE("index: every line of a long file, across the kept starts", "[unit]")
{
    std::string bytes;
    std::vector<std::size_t> starts;
    for (int n = 0; n < 1000; ++n) {
        starts.push_back(bytes.size());
        bytes += "10.0.0." + std::to_string(n % 256) + " host" + std::to_string(n) + (n % 3 ? "\r\n" : "\n");
    }
    const HostsFileIndex index = index_of(bytes);
    REQUIRE(index.line_count() == 1000);
    for (std::size_t n = 0; n < 1000; ++n) {
        INFO("line " << n);
        CHECK(index.line_start(n) == starts[n]);
        CHECK(index.line(n) == "10.0.0." + std::to_string(n % 256) + " host" + std::to_string(n));
        CHECK(index.line_of(starts[n]) == n);
        CHECK(index.line_of(starts[n] + 5) == n);
    }
    CHECK(index.line_of(bytes.size() + 10) == 999);
}
