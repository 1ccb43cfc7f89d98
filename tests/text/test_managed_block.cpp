// The managed block never damages the user's hosts file: apply adds only our block (and, on
// request, disables conflicting lines with a marker), and revert/revert_all give back the
// original bytes exactly. Malformed blocks and conflicts stop every change.
#include "catch.h"
#include "text/test_support.h"

#include "base/error.h"
#include "text/hosts_document.h"
#include "text/managed_block.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

using namespace std::string_literals;
using fshosts::ApplyOptions;
using fshosts::BlockState;
using fshosts::Change;
using fshosts::ErrorKind;
using fshosts::HostsDocument;
using fshosts::test::byte_diff;
using fshosts::test::corpus_file;
using fshosts::test::document_diff;
using fshosts::test::escape;

namespace {

const std::vector<std::string> both = {"www.example.jp", "example.jp"};
const std::string address_a = "203.0.113.10";
const std::string address_b = "198.51.100.23";
const std::string address_v6 = "2001:db8::10";

const std::string begin_marker(fshosts::block_begin_marker);
const std::string end_marker(fshosts::block_end_marker);
const std::string end_marker_nfn(fshosts::block_end_marker_no_final_newline);
const std::string disabled_prefix(fshosts::disabled_line_prefix);

// Corpus files where an active user line already maps www.example.jp.
bool is_conflicting_corpus(const std::string& name) { return name == "existing-example-entry.hosts"; }

std::string kind_name(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::BadInput: return "BadInput";
    case ErrorKind::Conflict: return "Conflict";
    case ErrorKind::ChangedOnDisk: return "ChangedOnDisk";
    case ErrorKind::Permission: return "Permission";
    case ErrorKind::Io: return "Io";
    case ErrorKind::Busy: return "Busy";
    }
    return "?";
}

// What calling f throws, as text: "Conflict", "BadInput", ..., "no error" or "other: ...".
template <typename F>
std::string thrown_by(F&& f, std::string* message = nullptr)
{
    try {
        f();
    } catch (const fshosts::Error& e) {
        if (message != nullptr)
            *message = e.what();
        return kind_name(e.kind());
    } catch (const std::exception& e) {
        return "other: "s + e.what();
    }
    return "no error";
}

struct Span {
    std::size_t begin;  // 0-based index of the begin marker line
    std::size_t end;    // 0-based index of the end marker line
};

// The block as found by exact marker text, independent of inspect_block.
std::optional<Span> find_block(const HostsDocument& doc)
{
    std::optional<std::size_t> b;
    for (std::size_t i = 0; i < doc.lines().size(); ++i) {
        if (doc.lines()[i].text == begin_marker)
            b = i;
        else if ((doc.lines()[i].text == end_marker || doc.lines()[i].text == end_marker_nfn) && b)
            return Span{*b, i};
    }
    return std::nullopt;
}

// Our entry lines, as "ADDRESS NAME" texts.
std::vector<std::string> block_entry_texts(const HostsDocument& doc)
{
    std::vector<std::string> texts;
    if (const auto span = find_block(doc)) {
        for (std::size_t i = span->begin + 1; i < span->end; ++i)
            texts.push_back(doc.lines()[i].text);
    }
    std::sort(texts.begin(), texts.end());
    return texts;
}

std::vector<std::string> sorted(std::vector<std::string> v)
{
    std::sort(v.begin(), v.end());
    return v;
}

std::vector<std::string> managed_names(const fshosts::BlockInfo& info)
{
    std::vector<std::string> names;
    for (const auto& e : info.entries)
        names.push_back(e.name);
    return sorted(names);
}

bool is_ascii(std::string_view s)
{
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// The engine works on bytes and answers with splices; these tests read more easily through the
// line model. Each call renders the document, runs the engine on the bytes and parses what the
// splices make of them, so every assertion below is about the bytes the engine produces.
struct Result : Change {
    HostsDocument document;  // the bytes after the change, as lines
};

Result result_of(const std::string& bytes, Change change)
{
    HostsDocument after = HostsDocument::parse(fshosts::render(bytes, change));
    // A change with no splices leaves the bytes as they are, and one with splices changes them.
    CHECK(change.splices.empty() == (fshosts::render(bytes, change) == bytes));
    return Result{std::move(change), std::move(after)};
}

Result apply_to(const HostsDocument& doc, const std::vector<std::string>& names, const std::string& address,
                const ApplyOptions& options = {})
{
    const std::string bytes = doc.render();
    return result_of(bytes, fshosts::apply(bytes, names, address, options));
}

Result revert_in(const HostsDocument& doc, const std::vector<std::string>& names)
{
    const std::string bytes = doc.render();
    return result_of(bytes, fshosts::revert(bytes, names));
}

Result revert_all_in(const HostsDocument& doc)
{
    const std::string bytes = doc.render();
    return result_of(bytes, fshosts::revert_all(bytes));
}

fshosts::BlockInfo inspect(const HostsDocument& doc) { return fshosts::inspect_block(doc.render()); }

std::vector<fshosts::Conflict> conflicts_in(const HostsDocument& doc, const std::vector<std::string>& names)
{
    return fshosts::find_conflicts(doc.render(), names);
}

std::string render_after_revert_all(const HostsDocument& doc) { return revert_all_in(doc).document.render(); }

HostsDocument doc_of(const std::string& bytes) { return HostsDocument::parse(bytes); }

}  // namespace

TEST_CASE("apply then revert_all gives back every corpus file byte for byte", "[block][corpus]")
{
    const auto names = fshosts::test::corpus_names();
    for (const auto& expected : fshosts::test::expected_corpus_names())
        REQUIRE(std::find(names.begin(), names.end(), expected) != names.end());
    for (const auto& name : names) {
        INFO("corpus file " << name);
        const std::string original = corpus_file(name);
        const auto doc = doc_of(original);
        REQUIRE(inspect(doc).state == BlockState::Absent);

        if (is_conflicting_corpus(name)) {
            CHECK(thrown_by([&] { (void)apply_to(doc, both, address_a); }) == "Conflict");
            ApplyOptions options;
            options.disable_conflicts = true;
            const Result change = apply_to(doc, both, address_a, options);
            CHECK(change.disabled.size() == 1);
            CHECK(byte_diff(original, render_after_revert_all(change.document)) == "");
            CHECK(byte_diff(original, revert_in(change.document, both).document.render()) == "");
            continue;
        }

        const Result change = apply_to(doc, both, address_a);
        CHECK(change.changed());
        CHECK(sorted(change.added) == sorted(both));
        CHECK(change.disabled.empty());

        CHECK(byte_diff(original, render_after_revert_all(change.document)) == "");

        // revert of both names removes the block as well.
        const Result reverted = revert_in(change.document, both);
        CHECK(sorted(reverted.removed) == sorted(both));
        CHECK(byte_diff(original, reverted.document.render()) == "");

        // Revert one name, then the other.
        const Result apex_gone = revert_in(change.document, {"example.jp"});
        CHECK(apex_gone.removed == std::vector<std::string>{"example.jp"});
        CHECK(block_entry_texts(apex_gone.document) == std::vector<std::string>{"203.0.113.10 www.example.jp"});
        CHECK(managed_names(inspect(apex_gone.document)) == std::vector<std::string>{"www.example.jp"});
        const Result all_gone = revert_in(apex_gone.document, {"www.example.jp"});
        CHECK(byte_diff(original, all_gone.document.render()) == "");
    }
}

TEST_CASE("apply writes our block in the file's own line ending and leaves every other line alone", "[block][corpus]")
{
    for (const auto& name : fshosts::test::corpus_names()) {
        if (is_conflicting_corpus(name))
            continue;
        INFO("corpus file " << name);
        const std::string original = corpus_file(name);
        const auto doc = doc_of(original);
        const std::string eol = doc.dominant_eol(ApplyOptions{}.fallback_eol);
        // A file that did not end in a newline gets one, and our end marker says so (that is
        // how revert knows to take the supplied one away again).
        const bool no_final_newline = !doc.lines().empty() && doc.lines().back().eol.empty();
        const auto after = apply_to(doc, both, address_a).document;
        const std::string rendered = after.render();

        CHECK(after.has_bom() == doc.has_bom());
        const auto span = find_block(after);
        REQUIRE(span.has_value());
        REQUIRE(span->end == span->begin + 3);
        CHECK(block_entry_texts(after) == std::vector<std::string>{"203.0.113.10 example.jp", "203.0.113.10 www.example.jp"});
        for (std::size_t i = span->begin; i <= span->end; ++i) {
            INFO("block line " << i + 1 << ": \"" << escape(after.lines()[i].text) << "\"");
            CHECK(after.lines()[i].eol == eol);
            CHECK(is_ascii(after.lines()[i].text));
        }
        CHECK(rendered.find(begin_marker + eol) != std::string::npos);
        CHECK(rendered.find("203.0.113.10 www.example.jp" + eol) != std::string::npos);
        CHECK(rendered.find("203.0.113.10 example.jp" + eol) != std::string::npos);
        const std::string& expected_end = no_final_newline ? end_marker_nfn : end_marker;
        CHECK(rendered.substr(rendered.size() - expected_end.size() - eol.size()) == expected_end + eol);

        // Outside the block the lines are the original ones, in order; only a missing final
        // newline may have been supplied.
        std::vector<fshosts::Line> outside;
        for (std::size_t i = 0; i < after.lines().size(); ++i) {
            if (i < span->begin || i > span->end)
                outside.push_back(after.lines()[i]);
        }
        REQUIRE(outside.size() == doc.lines().size());
        for (std::size_t i = 0; i < outside.size(); ++i) {
            INFO("original line " << i + 1);
            CHECK(outside[i].text == doc.lines()[i].text);
            if (doc.lines()[i].eol.empty())
                CHECK(outside[i].eol == eol);
            else
                CHECK(outside[i].eol == doc.lines()[i].eol);
        }

        const auto info = inspect(after);
        CHECK(info.state == BlockState::Present);
        CHECK(info.begin_line == span->begin + 1);
        CHECK(info.end_line == span->end + 1);
        REQUIRE(info.entries.size() == 2);
        for (const auto& e : info.entries) {
            CHECK(e.address == address_a);
            CHECK(after.lines()[e.line_number - 1].text == address_a + " " + e.name);
        }
        CHECK(info.disabled.empty());
        CHECK(info.problem.empty());
    }
}

TEST_CASE("CRLF files get CRLF after our lines", "[block][corpus]")
{
    for (const char* name : {"windows-default-crlf.hosts", "utf8-bom-japanese.hosts", "shift-jis-comments.hosts"}) {
        INFO(name);
        const std::string original = corpus_file(name);
        const std::string rendered = apply_to(doc_of(original), both, address_a).document.render();
        CHECK(rendered.find(begin_marker + "\r\n") != std::string::npos);
        CHECK(rendered.find("\r\n203.0.113.10 www.example.jp\r\n") != std::string::npos);
        CHECK(rendered.find("\r\n203.0.113.10 example.jp\r\n") != std::string::npos);
        CHECK(rendered.find(end_marker + "\r\n") != std::string::npos);
        // No bare LF anywhere: every \n is part of a \r\n.
        for (std::size_t i = 0; i < rendered.size(); ++i) {
            if (rendered[i] == '\n') {
                REQUIRE(i > 0);
                CHECK(rendered[i - 1] == '\r');
            }
        }
        // The original is a prefix; our block comes after it (or the bytes are all kept anyway).
        CHECK(byte_diff(original, render_after_revert_all(doc_of(rendered))) == "");
    }
}

TEST_CASE("a missing final newline is supplied by apply and taken away by revert", "[block][corpus]")
{
    for (const char* name : {"no-final-newline.hosts", "single-line-no-eol.hosts"}) {
        INFO(name);
        const std::string original = corpus_file(name);
        const auto after = apply_to(doc_of(original), both, address_a).document;
        const std::string rendered = after.render();
        const std::string last_line = doc_of(original).lines().back().text;
        CHECK(rendered.find(last_line + "\n") != std::string::npos);
        CHECK(rendered.find(last_line + begin_marker) == std::string::npos);
        // ... and the end marker records that the newline was supplied.
        CHECK(after.lines().back().text == end_marker_nfn);
        CHECK(after.lines().back().eol == "\n");
        CHECK(byte_diff(original, render_after_revert_all(after)) == "");
        CHECK(byte_diff(original, revert_in(after, both).document.render()) == "");
    }
    SECTION("the supplied newline follows fallback_eol when the file has none")
    {
        ApplyOptions options;
        options.fallback_eol = "\r\n";
        const std::string original = corpus_file("single-line-no-eol.hosts");
        const auto after = apply_to(doc_of(original), both, address_a, options).document;
        CHECK(after.render() == "127.0.0.1 localhost\r\n" + begin_marker + "\r\n" +
                                    (after.lines()[2].text == "203.0.113.10 www.example.jp"
                                         ? "203.0.113.10 www.example.jp\r\n203.0.113.10 example.jp\r\n"s
                                         : "203.0.113.10 example.jp\r\n203.0.113.10 www.example.jp\r\n"s) +
                                    end_marker_nfn + "\r\n");
        CHECK(render_after_revert_all(after) == original);
    }
    SECTION("a line appended after the block keeps its newline on revert")
    {
        const std::string original = "127.0.0.1 localhost";
        const std::string applied = apply_to(doc_of(original), both, address_a).document.render();
        // What `echo "10.0.0.99 new.local" >> hosts` does while the preview is on.
        const auto appended = doc_of(applied + "10.0.0.99 new.local\n");
        CHECK(inspect(appended).state == BlockState::Present);
        CHECK(render_after_revert_all(appended) == "127.0.0.1 localhost\n10.0.0.99 new.local\n");
    }
    SECTION("an empty file gets only the block, and revert empties it again")
    {
        ApplyOptions options;
        options.fallback_eol = "\r\n";
        const auto after = apply_to(doc_of(""), both, address_a, options).document;
        REQUIRE(after.lines().size() == 4);
        CHECK(after.lines().front().text == begin_marker);
        for (const auto& line : after.lines())
            CHECK(line.eol == "\r\n");
        CHECK(render_after_revert_all(after) == "");
    }
}

TEST_CASE("apply, update and revert over random documents", "[block][property]")
{
    const std::uint32_t seed = fshosts::test::test_seed(0xb10c2024u);
    INFO("seed " << seed << " (set FSHOSTS_TEST_SEED to reproduce or vary)");
    fshosts::test::HostsFuzzer fuzz(seed);
    constexpr int runs = 2000;
    int malformed = 0;
    int conflicts = 0;
    int exercised = 0;
    int restored_exactly = 0;
    int with_block = 0;
    for (int i = 0; i < runs; ++i) {
        const std::string original = fuzz.any();
        const auto doc = doc_of(original);
        const auto info = inspect(doc);
        if (info.state == BlockState::Malformed) {
            ++malformed;
            CHECK_FALSE(info.problem.empty());
            continue;
        }
        std::optional<Result> applied;
        std::string error;
        const std::string thrown = thrown_by([&] { applied = apply_to(doc, both, address_a); }, &error);
        if (thrown == "Conflict") {
            ++conflicts;
            // A conflict is always a real one.
            CHECK_FALSE(conflicts_in(doc, both).empty());
            continue;
        }
        INFO("input #" << i << ": \"" << escape(original, 600) << "\"");
        REQUIRE(thrown == "no error");
        ++exercised;

        // What revert_all must return: the input itself when fshosts had nothing in it.
        const bool clean = info.state == BlockState::Absent && info.disabled.empty();
        const std::string expected = clean ? original : render_after_revert_all(doc);
        if (clean)
            ++restored_exactly;
        else
            ++with_block;

        const auto& after = applied->document;
        const std::string after_revert_all = render_after_revert_all(after);
        if (after_revert_all != expected) {
            CHECK(byte_diff(expected, after_revert_all) == "");
            break;
        }
        if (clean) {
            const std::string after_revert = revert_in(after, both).document.render();
            if (after_revert != original) {
                CHECK(byte_diff(original, after_revert) == "");
                break;
            }
        }
        const auto applied_info = inspect(after);
        REQUIRE(applied_info.state == BlockState::Present);

        // Applying the same again changes nothing.
        const Result same = apply_to(after, both, address_a);
        CHECK_FALSE(same.changed());
        CHECK(document_diff(after, same.document) == "");
        CHECK(sorted(same.unchanged) == sorted(both));

        // Another address updates in place: one entry per name, same block position.
        const Result moved = apply_to(after, both, address_b);
        CHECK(sorted(moved.updated) == sorted(both));
        CHECK(moved.added.empty());
        const auto moved_info = inspect(moved.document);
        REQUIRE(moved_info.state == BlockState::Present);
        CHECK(moved_info.begin_line == applied_info.begin_line);
        for (const auto& name : both) {
            const auto count = std::count_if(moved_info.entries.begin(), moved_info.entries.end(),
                                             [&](const fshosts::ManagedEntry& e) { return e.name == name; });
            CHECK(count == 1);
        }
        for (const auto& e : moved_info.entries) {
            if (e.name == both[0] || e.name == both[1])
                CHECK(e.address == address_b);
        }
        CHECK(moved.document.lines().size() == after.lines().size());
        const std::string moved_revert_all = render_after_revert_all(moved.document);
        if (moved_revert_all != expected) {
            CHECK(byte_diff(expected, moved_revert_all) == "");
            break;
        }
    }
    INFO("exercised " << exercised << " of " << runs << " (malformed " << malformed << ", conflicts " << conflicts
                      << ", restored exactly " << restored_exactly << ", with a block before " << with_block << ")");
    CHECK(exercised * 2 > runs);
    CHECK(restored_exactly * 2 > runs);
    CHECK(malformed > 0);
    CHECK(conflicts > 0);
    CHECK(with_block > 0);
}

TEST_CASE("apply with a new address updates the entries in place", "[block]")
{
    const std::string original = corpus_file("windows-default-crlf.hosts");
    const auto first = apply_to(doc_of(original), both, address_a).document;

    const Result second = apply_to(first, both, address_b);
    CHECK(second.changed());
    CHECK(sorted(second.updated) == sorted(both));
    CHECK(second.added.empty());
    CHECK(second.unchanged.empty());
    CHECK(block_entry_texts(second.document) ==
          std::vector<std::string>{address_b + " example.jp", address_b + " www.example.jp"});
    CHECK(second.document.render().find(address_a) == std::string::npos);
    CHECK(second.document.lines().size() == first.lines().size());

    SECTION("and to IPv6")
    {
        const Result third = apply_to(second.document, both, address_v6);
        CHECK(sorted(third.updated) == sorted(both));
        CHECK(block_entry_texts(third.document) ==
              std::vector<std::string>{address_v6 + " example.jp", address_v6 + " www.example.jp"});
        CHECK(byte_diff(original, render_after_revert_all(third.document)) == "");
    }
    SECTION("the same address again is no change")
    {
        const Result again = apply_to(second.document, both, address_b);
        CHECK_FALSE(again.changed());
        CHECK(document_diff(second.document, again.document) == "");
        CHECK(sorted(again.unchanged) == sorted(both));
    }
    SECTION("adding one more name keeps the others")
    {
        const auto one = apply_to(doc_of(original), {"www.example.jp"}, address_a).document;
        const Result two = apply_to(one, both, address_a);
        CHECK(two.added == std::vector<std::string>{"example.jp"});
        CHECK(two.unchanged == std::vector<std::string>{"www.example.jp"});
        CHECK(block_entry_texts(two.document) ==
              std::vector<std::string>{"203.0.113.10 example.jp", "203.0.113.10 www.example.jp"});
        CHECK(byte_diff(original, render_after_revert_all(two.document)) == "");
    }
    SECTION("names of another site in the block stay when ours are reverted")
    {
        const auto other = apply_to(doc_of(original), {"shop.example.com"}, "192.0.2.80").document;
        const auto ours = apply_to(other, both, address_a).document;
        CHECK(byte_diff(other.render(), revert_in(ours, both).document.render()) == "");
        CHECK(byte_diff(original, render_after_revert_all(ours)) == "");
    }
    SECTION("revert without a block, or of names we do not manage, changes nothing")
    {
        const auto doc = doc_of(original);
        const Result nothing = revert_in(doc, both);
        CHECK_FALSE(nothing.changed());
        CHECK(document_diff(doc, nothing.document) == "");
        CHECK_FALSE(revert_all_in(doc).changed());
        const Result unknown = revert_in(first, {"other.example.jp"});
        CHECK_FALSE(unknown.changed());
        CHECK(document_diff(first, unknown.document) == "");
    }
}

TEST_CASE("a user line for one of our names is a conflict", "[block][conflict]")
{
    // The conflicting line is line 12, so the message's line number is easy to recognise.
    std::string before;
    for (int i = 0; i < 10; ++i)
        before += "# filler comment " + std::to_string(i) + "\n";
    before += "127.0.0.1 localhost\n";

    SECTION("before our block")
    {
        const std::string original = before + "192.0.2.1 www.example.jp\n10.0.0.1 other.local\n";
        const auto doc = doc_of(original);
        std::string message;
        CHECK(thrown_by([&] { (void)apply_to(doc, both, address_a); }, &message) == "Conflict");
        INFO("message: " << message);
        CHECK(message.find("12") != std::string::npos);
        CHECK(message.find("192.0.2.1 www.example.jp") != std::string::npos);
        CHECK(message.find("192.0.2.1") != std::string::npos);

        // The GUI gets the conflicting lines from the exception itself.
        try {
            (void)apply_to(doc, both, address_a);
        } catch (const fshosts::ConflictError& e) {
            REQUIRE(e.conflicts().size() == 1);
            CHECK(e.conflicts()[0].line_number == 12);
            CHECK(e.conflicts()[0].line_text == "192.0.2.1 www.example.jp");
        }

        const auto conflicts = conflicts_in(doc, both);
        REQUIRE(conflicts.size() == 1);
        CHECK(conflicts[0].line_number == 12);
        CHECK(conflicts[0].line_text == "192.0.2.1 www.example.jp");
        CHECK(conflicts[0].name == "www.example.jp");
        CHECK(conflicts[0].address == "192.0.2.1");
    }
    SECTION("after our block")
    {
        const auto with_block = apply_to(doc_of(before), both, address_a).document;
        const std::string original = with_block.render() + "192.0.2.1 example.jp\n";
        const auto doc = doc_of(original);
        REQUIRE(inspect(doc).state == BlockState::Present);
        CHECK(thrown_by([&] { (void)apply_to(doc, both, address_b); }) == "Conflict");
        const auto conflicts = conflicts_in(doc, both);
        REQUIRE(conflicts.size() == 1);
        CHECK(conflicts[0].line_number == doc.lines().size());
        CHECK(conflicts[0].name == "example.jp");
    }
    SECTION("names match case-insensitively")
    {
        const auto doc = doc_of(before + "192.0.2.1 WWW.Example.JP\n");
        CHECK(thrown_by([&] { (void)apply_to(doc, both, address_a); }) == "Conflict");
        CHECK(conflicts_in(doc, both).size() == 1);
    }
    SECTION("as an alias after other names, with an inline comment")
    {
        const auto doc = doc_of(before + "10.0.0.2\tfoo.local  example.jp   # old server\n");
        CHECK(thrown_by([&] { (void)apply_to(doc, both, address_a); }) == "Conflict");
    }
    SECTION("any address form the resolver (glibc's inet_pton) accepts counts")
    {
        for (const char* address : {"0.0.0.0", "2001:DB8::1", "::ffff:192.0.2.1"}) {
            INFO("address " << address);
            const auto doc = doc_of(before + address + " www.example.jp\n");
            CHECK(thrown_by([&] { (void)apply_to(doc, both, address_a); }) == "Conflict");
        }
    }
    SECTION("a line whose address the resolver cannot parse is ignored by it, so it is no conflict")
    {
        for (const char* address : {"127.1", "0x7f000001", "fe80::1%eth0", "010.0.0.1"}) {
            INFO("address " << address);
            const auto doc = doc_of(before + address + " www.example.jp\n");
            CHECK(thrown_by([&] { (void)apply_to(doc, both, address_a); }) == "no error");
        }
    }
    SECTION("a commented-out line is not a conflict")
    {
        const std::string original = corpus_file("commented-example-entry.hosts");
        const auto doc = doc_of(original);
        CHECK(conflicts_in(doc, both).empty());
        const Result change = apply_to(doc, both, address_a);
        CHECK(change.disabled.empty());
        CHECK(byte_diff(original, render_after_revert_all(change.document)) == "");
    }
    SECTION("other names that merely contain ours are not conflicts")
    {
        const auto doc = doc_of(before + "192.0.2.1 sub.www.example.jp wwwexample.jp example.jp.test\n");
        CHECK(conflicts_in(doc, both).empty());
        CHECK(thrown_by([&] { (void)apply_to(doc, both, address_a); }) == "no error");
    }
    SECTION("the corpus file with an active entry")
    {
        const auto conflicts = conflicts_in(doc_of(corpus_file("existing-example-entry.hosts")), both);
        REQUIRE(conflicts.size() == 1);
        CHECK(conflicts[0].line_number == 3);
    }
}

TEST_CASE("disable_conflicts comments out the user line and revert restores it", "[block][conflict]")
{
    ApplyOptions disable;
    disable.disable_conflicts = true;

    SECTION("one line, LF and CRLF")
    {
        for (const auto& eol : {"\n"s, "\r\n"s}) {
            INFO("eol \"" << escape(eol) << "\"");
            const std::string original = "# office\n127.0.0.1 localhost" + eol + "192.0.2.1 www.example.jp" + eol +
                                         "10.0.0.1 other.local" + eol;
            const auto doc = doc_of(original);
            const Result change = apply_to(doc, both, address_a, disable);
            REQUIRE(change.disabled.size() == 1);
            CHECK(change.disabled[0].line_number == 3);
            const auto& after = change.document;
            CHECK(after.lines()[2].text == disabled_prefix + "192.0.2.1 www.example.jp");
            CHECK(after.lines()[2].eol == eol);
            CHECK(conflicts_in(after, both).empty());

            const auto info = inspect(after);
            CHECK(info.state == BlockState::Present);
            REQUIRE(info.disabled.size() == 1);
            CHECK(info.disabled[0].line_number == 3);
            CHECK(info.disabled[0].original_text == "192.0.2.1 www.example.jp");
            CHECK(info.disabled[0].names == std::vector<std::string>{"www.example.jp"});

            const Result back = revert_all_in(after);
            CHECK(byte_diff(original, back.document.render()) == "");
            CHECK(back.restored == std::vector<std::size_t>{3});
            CHECK(byte_diff(original, revert_in(after, both).document.render()) == "");
        }
    }
    SECTION("a line mapping both names stays disabled while one of them is still managed")
    {
        const std::string original = "127.0.0.1 localhost\n192.0.2.1 www.example.jp example.jp  # old\n";
        const Result change = apply_to(doc_of(original), both, address_a, disable);
        REQUIRE_FALSE(change.disabled.empty());
        for (const auto& d : change.disabled)
            CHECK(d.line_number == 2);
        const auto& after = change.document;
        CHECK(after.lines()[1].text == disabled_prefix + "192.0.2.1 www.example.jp example.jp  # old");

        const Result apex_gone = revert_in(after, {"example.jp"});
        CHECK(apex_gone.restored.empty());
        CHECK(apex_gone.document.lines()[1].text == after.lines()[1].text);
        CHECK(inspect(apex_gone.document).disabled.size() == 1);
        CHECK(managed_names(inspect(apex_gone.document)) == std::vector<std::string>{"www.example.jp"});

        const Result all_gone = revert_in(apex_gone.document, {"www.example.jp"});
        CHECK(all_gone.restored == std::vector<std::size_t>{2});
        CHECK(byte_diff(original, all_gone.document.render()) == "");
    }
    SECTION("two lines, one per name: reverting one name restores only its line")
    {
        const std::string original =
            "192.0.2.1 www.example.jp\r\n# keep me\r\n192.0.2.2\texample.jp\r\n10.0.0.1 other.local\r\n";
        const Result change = apply_to(doc_of(original), both, address_a, disable);
        CHECK(change.disabled.size() == 2);
        const Result apex_gone = revert_in(change.document, {"example.jp"});
        CHECK(apex_gone.document.lines()[0].text == disabled_prefix + "192.0.2.1 www.example.jp");
        CHECK(apex_gone.document.lines()[2].text == "192.0.2.2\texample.jp");
        CHECK(apex_gone.restored == std::vector<std::size_t>{3});
        const Result all_gone = revert_in(apex_gone.document, {"www.example.jp"});
        CHECK(byte_diff(original, all_gone.document.render()) == "");
    }
    SECTION("a conflicting last line without a newline")
    {
        const std::string original = "127.0.0.1 localhost\n192.0.2.1 www.example.jp";
        const Result change = apply_to(doc_of(original), both, address_a, disable);
        CHECK(change.document.lines()[1].text == disabled_prefix + "192.0.2.1 www.example.jp");
        CHECK(byte_diff(original, render_after_revert_all(change.document)) == "");
        CHECK(byte_diff(original, revert_in(change.document, both).document.render()) == "");
    }
    SECTION("a later apply with another address keeps the line disabled")
    {
        const std::string original = "192.0.2.1 www.example.jp\r\n10.0.0.1 other.local\r\n";
        const auto first = apply_to(doc_of(original), both, address_a, disable).document;
        const Result second = apply_to(first, both, address_b);  // no conflict left to refuse
        CHECK(sorted(second.updated) == sorted(both));
        CHECK(second.disabled.empty());
        CHECK(second.document.lines()[0].text == disabled_prefix + "192.0.2.1 www.example.jp");
        CHECK(byte_diff(original, render_after_revert_all(second.document)) == "");
    }
    SECTION("a conflict after the block is disabled too")
    {
        const auto with_block = apply_to(doc_of("127.0.0.1 localhost\n"), both, address_a).document;
        const std::string original = with_block.render() + "192.0.2.1 example.jp";  // no final newline
        const Result change = apply_to(doc_of(original), both, address_b, disable);
        REQUIRE(change.disabled.size() == 1);
        CHECK(change.document.lines().back().text == disabled_prefix + "192.0.2.1 example.jp");
        CHECK(change.document.lines().back().eol == "");
        CHECK(byte_diff("127.0.0.1 localhost\n192.0.2.1 example.jp", render_after_revert_all(change.document)) == "");
    }
}

TEST_CASE("a malformed block stops apply, revert and revert_all", "[block][malformed]")
{
    const std::string head = "127.0.0.1 localhost\n";
    const std::string www = "203.0.113.10 www.example.jp\n";
    const std::string apex = "203.0.113.10 example.jp\n";
    const std::string b = begin_marker + "\n";
    const std::string e = end_marker + "\n";

    struct Case {
        const char* what;
        std::string bytes;
    };
    const std::vector<Case> cases = {
        {"begin without end", head + b + www + apex},
        {"end without begin", head + www + apex + e},
        {"end before begin", head + e + www + b},
        {"two begin markers", head + b + b + www + e},
        {"two whole blocks", head + b + www + e + b + apex + e},
        {"two end markers", head + b + www + e + e},
        {"begin marker with a trailing space", head + begin_marker + " \n" + www + e},
        {"end marker with a trailing tab", head + b + www + end_marker + "\t\n"},
        {"begin marker with a leading space", head + " " + begin_marker + "\n" + www + e},
        {"begin marker with changed text",
         head + "# >>> fshosts managed block (jp.fshosts.hosts) - DO NOT EDIT >>>\n" + www + e},
        {"end marker with changed text", head + b + www + "# <<< fshosts managed block <<<\n"},
        // The near-miss marker alone, with no other marker and no line of ours that could be
        // the real problem: it must still be seen as a damaged block.
        {"only a begin marker with a trailing space", head + begin_marker + " \n10.0.0.1 other.local\n"},
        {"only a begin marker with changed text",
         head + "# >>> fshosts managed block (jp.fshosts.hosts) - DO NOT EDIT >>>\n10.0.0.1 other.local\n"},
        {"only an end marker with a trailing tab", head + "10.0.0.1 other.local\n" + end_marker + "\t\n"},
        {"a user comment inside the block", head + b + www + "# my note\n" + apex + e},
        {"a user entry with two names inside the block", head + b + "203.0.113.10 www.example.jp example.jp\n" + e},
        {"a non-canonical IPv4 address inside the block", head + b + "203.0.113.010 www.example.jp\n" + e},
        {"a non-canonical IPv6 address inside the block", head + b + "2001:DB8:0::10 www.example.jp\n" + e},
        {"a duplicated name inside the block", head + b + www + "198.51.100.1 www.example.jp\n" + e},
        {"an inline comment inside the block", head + b + "203.0.113.10 www.example.jp # note\n" + e},
        {"a line that is not an entry inside the block", head + b + "garbage here\n" + e},
    };
    for (const auto& c : cases) {
        INFO(c.what << ": \"" << escape(c.bytes, 400) << "\"");
        const auto doc = doc_of(c.bytes);
        const auto info = inspect(doc);
        CHECK(info.state == BlockState::Malformed);
        CHECK_FALSE(info.problem.empty());
        CHECK(info.problem_line >= 1);
        CHECK(info.problem_line <= doc.lines().size());
        std::string message;
        CHECK(thrown_by([&] { (void)apply_to(doc, both, address_a); }, &message) == "Conflict");
        CHECK_FALSE(message.empty());
        CHECK(thrown_by([&] { (void)revert_in(doc, both); }) == "Conflict");
        CHECK(thrown_by([&] { (void)revert_all_in(doc); }) == "Conflict");
        ApplyOptions disable;
        disable.disable_conflicts = true;
        CHECK(thrown_by([&] { (void)apply_to(doc, both, address_a, disable); }) == "Conflict");
    }
}

TEST_CASE("marker text inside a user comment is not a marker", "[block][malformed]")
{
    const std::vector<std::string> lines_with_marker_text = {
        "# see \"" + begin_marker + "\" docs",
        "# see \"" + end_marker + "\" docs",
        "# the fshosts managed block goes at the end of this file",
        "10.0.0.1 docs.local # " + begin_marker,
    };
    for (const auto& line : lines_with_marker_text) {
        INFO("user line \"" << line << "\"");
        const std::string original = "127.0.0.1 localhost\r\n" + line + "\r\n10.0.0.2 x.local\r\n";
        const auto doc = doc_of(original);
        CHECK(inspect(doc).state == BlockState::Absent);
        std::optional<Result> change;
        REQUIRE(thrown_by([&] { change = apply_to(doc, both, address_a); }) == "no error");
        CHECK(change->document.lines()[1].text == line);
        CHECK(byte_diff(original, render_after_revert_all(change->document)) == "");
        CHECK(byte_diff(original, revert_in(change->document, both).document.render()) == "");
    }
}

TEST_CASE("names and addresses that are not normalized are refused", "[block][input]")
{
    const auto doc = doc_of(corpus_file("windows-default-crlf.hosts"));
    const std::string before = doc.render();
    const std::vector<std::vector<std::string>> bad_names = {
        {"Example.JP"}, {"a b"}, {""}, {"www.example.jp\n"}, {"www.example.jp#x"}, {"www.example.jp", "a\tb"},
        {"\xE4\xBE\x8B.jp"}, {"-bad.example.jp"},
    };
    for (const auto& names : bad_names) {
        INFO("name \"" << escape(names.back()) << "\"");
        CHECK(thrown_by([&] { (void)apply_to(doc, names, address_a); }) == "BadInput");
    }
    for (const auto& address : {"203.0.113.010"s, ""s, "203.0.113.10 "s, "2001:DB8::10"s, "203.0.113"s,
                                      "www.example.jp"s, "203.0.113.10\n"s}) {
        INFO("address \"" << escape(address) << "\"");
        CHECK(thrown_by([&] { (void)apply_to(doc, both, address); }) == "BadInput");
    }
    CHECK(doc.render() == before);
}

// The go-live date (issue 13): one "#[fshosts:until] DATE NAME" line per name inside the block,
// read back into the entries, moved by a later apply with another date, kept by one without,
// and gone with the name; revert gives the bytes back.
TEST_CASE("go-live dates live inside the block and go with their names", "[block][until]")
{
    const std::string original = "127.0.0.1 localhost\r\n";
    ApplyOptions dated;
    dated.until = "2026-12-24";
    const std::string once = fshosts::render(original, fshosts::apply(original, both, address_a, dated));
    CHECK(once == original + std::string(fshosts::block_begin_marker) + "\r\n203.0.113.10 www.example.jp\r\n"
                             "203.0.113.10 example.jp\r\n#[fshosts:until] 2026-12-24 www.example.jp\r\n"
                             "#[fshosts:until] 2026-12-24 example.jp\r\n" +
                             std::string(fshosts::block_end_marker) + "\r\n");
    fshosts::BlockInfo info = fshosts::inspect_block(once);
    REQUIRE(info.state == BlockState::Present);
    REQUIRE(info.entries.size() == 2);
    CHECK(info.entries[0].until == "2026-12-24");
    CHECK(info.entries[1].until == "2026-12-24");

    // Without a date the dates stay; with another one they move, in place.
    CHECK(fshosts::apply(once, both, address_a, {}).splices.empty());
    ApplyOptions later = dated;
    later.until = "2027-01-10";
    const std::string moved = fshosts::render(once, fshosts::apply(once, {"www.example.jp"}, address_a, later));
    info = fshosts::inspect_block(moved);
    CHECK(info.entries[0].until == "2027-01-10");
    CHECK(info.entries[1].until == "2026-12-24");
    CHECK(moved.size() == once.size());

    // A name previewed later without a date has none; reverting one name takes its date along.
    const std::string more = fshosts::render(moved, fshosts::apply(moved, {"shop.example.jp"}, address_a, {}));
    info = fshosts::inspect_block(more);
    REQUIRE(info.entries.size() == 3);
    CHECK(info.entries[2].until.empty());
    const std::string fewer = fshosts::render(more, fshosts::revert(more, {"www.example.jp"}));
    CHECK(fewer.find("2027-01-10") == std::string::npos);
    CHECK(fewer.find("#[fshosts:until] 2026-12-24 example.jp") != std::string::npos);
    CHECK(fshosts::render(fewer, fshosts::revert_all(fewer)) == original);
    CHECK(fshosts::render(once, fshosts::revert(once, both)) == original);
}

TEST_CASE("a go-live date line that fshosts did not write is a damaged block", "[block][until][malformed]")
{
    const std::string b(fshosts::block_begin_marker);
    const std::string e(fshosts::block_end_marker);
    const std::string entry = "\n203.0.113.10 www.example.jp\n";
    for (const std::string line : {"#[fshosts:until] 2026/12/24 www.example.jp", "#[fshosts:until] 2026-02-30 www.example.jp",
                                   "#[fshosts:until] 2026-12-24", "#[fshosts:until] 2026-12-24 WWW.example.jp",
                                   "#[fshosts:until] 2026-12-24 shop.example.jp",  // no entry for that name
                                   "#[fshosts:until]  2026-12-24 www.example.jp"}) {
        INFO(line);
        const fshosts::BlockInfo info = fshosts::inspect_block(b + entry + line + "\n" + e + "\n");
        CHECK(info.state == BlockState::Malformed);
    }
    const std::string twice = b + entry + "#[fshosts:until] 2026-12-24 www.example.jp\n#[fshosts:until] 2026-12-25 www.example.jp\n" + e + "\n";
    const fshosts::BlockInfo info = fshosts::inspect_block(twice);
    CHECK(info.state == BlockState::Malformed);
    CHECK(info.problem.find("two go-live dates") != std::string::npos);
}
