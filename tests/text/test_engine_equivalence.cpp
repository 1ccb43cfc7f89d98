// The engine of core v2 searches the bytes instead of walking every line. It must give exactly
// the answers of the line-by-line engine it replaced (kept in reference_engine.h): the same
// block, entries, disabled lines, conflicts, errors and messages, and the same bytes after
// every apply and revert, on the corpus, on hand-picked traps and on random documents.
#include "catch.h"
#include "support/scale.h"
#include "text/reference_engine.h"
#include "text/test_support.h"

#include "base/error.h"
#include "text/hosts_document.h"
#include "text/managed_block.h"

#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using namespace std::string_literals;
using fshosts::test::escape;

namespace {

const std::vector<std::vector<std::string>> name_sets = {
    {"www.example.jp", "example.jp"}, {"www.example.jp"}, {"example.jp"}, {"localhost"}, {"shop.example.com"}};
const std::vector<std::string> addresses = {"203.0.113.10", "2001:db8::10", "192.0.2.200"};

std::string describe(const fshosts::BlockInfo& b)
{
    std::ostringstream out;
    out << "state " << static_cast<int>(b.state) << " problem_line " << b.problem_line << " problem \"" << escape(b.problem)
        << "\" begin " << b.begin_line << " end " << b.end_line << " supplied " << b.supplied_final_newline << "\n";
    for (const auto& e : b.entries)
        out << " entry " << e.line_number << " " << e.name << " " << e.address << "\n";
    for (const auto& d : b.disabled) {
        out << " disabled " << d.line_number << " \"" << escape(d.original_text) << "\"";
        for (const auto& n : d.names)
            out << " " << escape(n);
        out << "\n";
    }
    for (const auto& r : b.records) {
        out << " record " << r.line_number << " \"" << escape(r.original_text) << "\" " << escape(r.address)
            << " matched " << r.matched;
        for (const auto& n : r.names)
            out << " " << escape(n);
        out << "\n";
    }
    return out.str();
}

std::string describe(const std::vector<fshosts::Conflict>& conflicts)
{
    std::ostringstream out;
    for (const auto& c : conflicts)
        out << " conflict " << c.line_number << " \"" << escape(c.line_text) << "\" " << escape(c.name) << " "
            << escape(c.address) << " at " << c.offset << "\n";
    return out.str();
}

template <typename AnyChange>
std::string describe_lists(const AnyChange& c)
{
    std::ostringstream out;
    auto list = [&](const char* what, const std::vector<std::string>& v) {
        out << what << ":";
        for (const auto& s : v)
            out << " " << s;
        out << "\n";
    };
    list("added", c.added);
    list("updated", c.updated);
    list("unchanged", c.unchanged);
    list("removed", c.removed);
    out << "disabled:\n" << describe(c.disabled) << "restored:";
    for (std::size_t n : c.restored)
        out << " " << n;
    out << "\n";
    return out.str();
}

// What a call gives: the error it throws (kind, message, conflicts) or the bytes and lists.
template <typename F>
std::string outcome(F&& f)
{
    try {
        return f();
    } catch (const fshosts::ConflictError& e) {
        return "ConflictError: "s + e.what() + "\n" + describe(e.conflicts());
    } catch (const fshosts::Error& e) {
        return "Error " + std::to_string(static_cast<int>(e.kind())) + ": " + e.what();
    }
}

std::string new_outcome(const std::string& bytes, const std::function<fshosts::Change()>& run)
{
    return outcome([&] {
        const fshosts::Change c = run();
        return "bytes \"" + escape(fshosts::render(bytes, c), 100000) + "\"\n" + describe_lists(c);
    });
}

std::string old_outcome(const std::function<fshosts::reference::Change()>& run)
{
    return outcome([&] {
        const fshosts::reference::Change c = run();
        return "bytes \"" + escape(c.document.render(), 100000) + "\"\n" + describe_lists(c);
    });
}

// Compares every operation on `bytes`; returns "" or the first difference.
std::string compare_engines(const std::string& bytes)
{
    const fshosts::HostsDocument doc = fshosts::HostsDocument::parse(bytes);
    const std::string block_new = describe(fshosts::inspect_block(bytes));
    const std::string block_old = describe(fshosts::reference::inspect_block(doc));
    if (block_new != block_old)
        return "inspect_block:\nnew " + block_new + "old " + block_old;
    for (const auto& names : name_sets) {
        const std::string c_new = describe(fshosts::find_conflicts(bytes, names));
        const std::string c_old = describe(fshosts::reference::find_conflicts(doc, names));
        if (c_new != c_old)
            return "find_conflicts(" + names.front() + "):\nnew" + c_new + "old" + c_old;
        for (const auto& address : addresses) {
            for (bool disable : {false, true}) {
                fshosts::ApplyOptions options;
                options.disable_conflicts = disable;
                const std::string a_new = new_outcome(bytes, [&] { return fshosts::apply(bytes, names, address, options); });
                const std::string a_old = old_outcome([&] { return fshosts::reference::apply(doc, names, address, options); });
                if (a_new != a_old)
                    return "apply(" + names.front() + ", " + address + ", disable " + std::to_string(disable) + "):\nnew " +
                           a_new + "\nold " + a_old;
            }
        }
        const std::string r_new = new_outcome(bytes, [&] { return fshosts::revert(bytes, names); });
        const std::string r_old = old_outcome([&] { return fshosts::reference::revert(doc, names); });
        if (r_new != r_old)
            return "revert(" + names.front() + "):\nnew " + r_new + "\nold " + r_old;
    }
    const std::string all_new = new_outcome(bytes, [&] { return fshosts::revert_all(bytes); });
    const std::string all_old = old_outcome([&] { return fshosts::reference::revert_all(doc); });
    if (all_new != all_old)
        return "revert_all:\nnew " + all_new + "\nold " + all_old;
    return {};
}

// The bytes after applying `names` with conflicts disabled, or nullopt when apply refuses.
std::optional<std::string> applied(const std::string& bytes, const std::vector<std::string>& names)
{
    try {
        fshosts::ApplyOptions options;
        options.disable_conflicts = true;
        return fshosts::render(bytes, fshosts::apply(bytes, names, "203.0.113.10", options));
    } catch (const fshosts::Error&) {
        return std::nullopt;
    }
}

}  // namespace

TEST_CASE("the search-based engine answers like the line-by-line one on the corpus", "[block][equivalence]")
{
    for (const auto& name : fshosts::test::corpus_names()) {
        INFO("corpus file " << name);
        const std::string bytes = fshosts::test::corpus_file(name);
        CHECK(compare_engines(bytes) == "");
        // And on the file with our block (and disabled lines) in it.
        for (const auto& names : name_sets)
            if (const auto after = applied(bytes, names))
                CHECK(compare_engines(*after) == "");
    }
}

TEST_CASE("the search-based engine answers like the line-by-line one on hand-picked traps", "[block][equivalence]")
{
    const std::string b(fshosts::block_begin_marker);
    const std::string e(fshosts::block_end_marker);
    const std::string en(fshosts::block_end_marker_no_final_newline);
    const std::string d(fshosts::disabled_line_prefix);
    const std::vector<std::string> inputs = {
        "1.2.3.4\twww.example.jp#c\n",
        "1.2.3.4 www.example.jp\r",
        "1.2.3.4 www.example.jp",
        "\xEF\xBB\xBFwww.example.jp 1.2.3.4\n",
        "\xEF\xBB\xBF" "1.2.3.4 www.example.jp\n",
        " \t1.2.3.4 \t WWW.EXAMPLE.JP\texample.jp  www.example.jp # www.example.jp\n",
        "1.2.3.4 xwww.example.jp www.example.jpx www.example.jp.\n",
        "1.2.3.4 www.example.jp\0 example.jp\n"s,
        "1.2.3.4 www.example.jp\v example.jp\f\n",
        "#1.2.3.4 www.example.jp\n  # 1.2.3.4 example.jp\n",
        "999.1.1.1 www.example.jp\n0x7f.1 www.example.jp\nfe80::1%eth0 example.jp\n",
        "www.example.jp\n www.example.jp\n\twww.example.jp example.jp\n",
        "# >>> FSHOSTS something\n",
        "#>>>fshosts\n",
        "  #  <<<  fshosts\n",
        "# note: >>> fshosts in the middle\n",
        "# x >>> y <<< z\n1.2.3.4 example.jp\n",
        ">>> fshosts\n",
        b + "\n" + e + "\n",
        b + "\n203.0.113.10 www.example.jp\n" + e + "\n",
        b + "\r\n203.0.113.10 www.example.jp\r\n" + e + "\r\n1.2.3.4 www.example.jp\r\n",
        "a\n" + b + "\n203.0.113.10 www.example.jp\n" + en + "\n",
        "a\r\n" + b + "\r\n203.0.113.10 www.example.jp\r\n" + en + "\r\n",
        "a\r" + b + "\r203.0.113.10 www.example.jp\r" + en,
        b + "\n203.0.113.10 www.example.jp\n" + en + "\nafter\n",
        b + "\n203.0.113.10 www.example.jp\n",
        b + "\n" + b + "\n" + e + "\n",
        e + "\n" + b + "\n" + e + "\n",
        b + "\n" + e + "\n" + b + "\n" + e + "\n",
        b + "\n" + d + "1.2.3.4 www.example.jp\n" + e + "\n",
        b + "\n203.0.113.10 www.example.jp\n203.0.113.10 www.example.jp\n" + e + "\n",
        b + "\n203.0.113.10 WWW.example.jp\n" + e + "\n",
        b + "\n# >>> fshosts edited\n" + e + "\n",
        d + "1.2.3.4 www.example.jp example.jp\n" + b + "\n203.0.113.10 example.jp\n" + e + "\n",
        d + "1.2.3.4 www.example.jp\n" + d + "1.2.3.4 example.jp\n" + b + "\n203.0.113.10 www.example.jp\n203.0.113.10 example.jp\n" + e + "\n",
        "x" + d + "1.2.3.4 www.example.jp\n",
        " " + d + "1.2.3.4 www.example.jp\n",
        d + "\n" + d,
        "1.2.3.4 a\n" + d + "1.2.3.4 www.example.jp\n# >>> fshosts broken\n",
        b + "\n" + e,
        b + "\r\n" + e + "\n",
        "\r\n\r\r\n" + b + "\r" + e + "\r\n",
        "\xEF\xBB\xBF",
        "\xEF\xBB\xBF" + b + "\n" + e + "\n",
        "",
        "\n",
        "no final newline",
        "1.2.3.4 www.example.jp www.example.jp example.jp\n",
        "1.2.3.4 www.example.jp\n5.6.7.8 example.jp\n1.2.3.4 example.jp www.example.jp\n",
        // The resolver's reading: lone CR joins lines, NUL ends one, strict addresses.
        "127.0.0.1 localhost\r1.2.3.4 www.example.jp\r",
        "# comment\r1.2.3.4 www.example.jp\r",
        "1.2.3.4 a\0\r5.6.7.8 www.example.jp\n"s,
        "01.2.3.4 www.example.jp\n1.2.3 www.example.jp\n::ffff:1.2.3.4 www.example.jp\n1::2::3 example.jp\n",
        "1.2.3.4\fwww.example.jp\n1.2.3.4\rwww.example.jp\r\n",
        "1.2.3.4 www.example.jp\0\n"s,
        "127.0.0.1 localhost localhost.localdomain www.example.jp\n",
        // Restore records: fshosts' own and a user's disabled line.
        d + "1.2.3.4 www.example.jp shop.example.jp\n" + b + "\n203.0.113.10 www.example.jp\n1.2.3.4 shop.example.jp " +
            std::string(fshosts::restore_record_marker) + "1.2.3.4%20www.example.jp%20shop.example.jp\n" + e + "\n",
        d + "1.2.3.4 www.example.jp\n" + d + "1.2.3.4 www.example.jp\n" + b + "\n203.0.113.10 www.example.jp\n" +
            std::string(fshosts::restore_record_marker) + "1.2.3.4%20www.example.jp\n" + e + "\n",
        b + "\n203.0.113.10 www.example.jp\n" + std::string(fshosts::restore_record_marker) + "1.2.3.4%2G\n" + e + "\n",
        b + "\n203.0.113.10 www.example.jp\n" + std::string(fshosts::restore_record_marker) + "gone%20line\n" + e + "\n",
    };
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        INFO("input #" << i << " \"" << escape(inputs[i], 600) << "\"");
        CHECK(compare_engines(inputs[i]) == "");
        for (const auto& names : name_sets)
            if (const auto after = applied(inputs[i], names)) {
                INFO("after applying " << names.front() << ": \"" << escape(*after, 600) << "\"");
                CHECK(compare_engines(*after) == "");
            }
    }
}

TEST_CASE("the search-based engine answers like the line-by-line one on random documents", "[block][equivalence][property]")
{
    const std::uint32_t seed = fshosts::test::test_seed(0xe9a1e4c7u);
    INFO("seed " << seed << " (set FSHOSTS_TEST_SEED to reproduce or vary)");
    fshosts::test::HostsFuzzer fuzz(seed);
    int with_block = 0;
    int with_conflict = 0;
    const std::size_t rounds = fshosts::test::scaled_rounds(1500, 150);  // support/scale.h
    for (std::size_t i = 0; i < rounds; ++i) {
        const std::string bytes = fuzz.any();
        const std::string difference = compare_engines(bytes);
        if (!difference.empty()) {
            INFO("input #" << i << " \"" << escape(bytes, 2000) << "\"");
            CHECK(difference == "");
            break;  // one readable failure is enough
        }
        if (fshosts::inspect_block(bytes).state == fshosts::BlockState::Present)
            ++with_block;
        if (!fshosts::find_conflicts(bytes, name_sets.front()).empty())
            ++with_conflict;
        if (i % 3 == 0) {
            if (const auto after = applied(bytes, name_sets[i % name_sets.size()])) {
                const std::string again = compare_engines(*after);
                if (!again.empty()) {
                    INFO("input #" << i << " after apply \"" << escape(*after, 2000) << "\"");
                    CHECK(again == "");
                    break;
                }
            }
        }
    }
    // The generator reached the interesting paths.
    CHECK(with_block > static_cast<int>(rounds / 75));  // > 20 in the full 1,500 rounds
    CHECK(with_conflict > static_cast<int>(rounds / 75));
}
