// Fuzz target "document": any bytes as a hosts file.
//   - HostsDocument and LineCursor give the bytes back exactly: render(parse(x)) == x.
//   - inspect_block never throws and reports offsets inside the bytes.
//   - apply (names and options chosen by the first byte) either refuses with an Error or gives
//     bytes whose block holds the entries, that a second apply leaves alone, that have no
//     conflict left, and that revert turns back into x byte for byte (when x held no block of
//     ours and no disabled line, or when nothing was disabled and no name was in the block);
//     a user's own "#[fshosts:disabled]" lines are never claimed, and every line apply disables
//     has its record.
#include "fuzz/fuzz_check.h"

#include "base/error.h"
#include "text/hosts_document.h"
#include "text/managed_block.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

using namespace fshosts;
using fshosts::fuzz::show;

namespace {

// Normalised names and addresses, as apply() requires them.
constexpr std::array<std::string_view, 4> names_pool = {"www.example.jp", "example.jp", "xn--r8jz45g.jp", "a.b.example.com"};
constexpr std::array<std::string_view, 4> address_pool = {"203.0.113.10", "127.0.0.1", "2001:db8::1", "::1"};

void check_lines(std::string_view bytes)
{
    const HostsDocument document = HostsDocument::parse(bytes);
    FUZZ_CHECK(document.render() == bytes, "render(parse(x)) != x for x = " + show(bytes));

    std::string joined(bytes.substr(0, bom_size(bytes)));
    LineCursor cursor(bytes);
    std::size_t number = 0;
    for (LineView line; cursor.next(line);) {
        FUZZ_CHECK(line.number == ++number, "line numbers skip");
        FUZZ_CHECK(line.offset == joined.size(), "a line does not start where the previous one ended");
        FUZZ_CHECK(line.eol == "\n" || line.eol == "\r\n" || line.eol == "\r" || (line.eol.empty() && line.end() == bytes.size()),
                   "odd line ending");
        joined.append(line.text).append(line.eol);
    }
    FUZZ_CHECK(joined == bytes, "the lines of LineCursor do not join to x = " + show(bytes));
    FUZZ_CHECK(number == document.lines().size(), "LineCursor and HostsDocument count different lines");
}

void check_block(std::string_view bytes, const BlockInfo& info)
{
    if (info.state == BlockState::Present) {
        FUZZ_CHECK(info.begin_offset < info.end_offset && info.end_offset < info.after_end && info.after_end <= bytes.size(),
                   "block offsets out of order");
        for (const ManagedEntry& e : info.entries)
            FUZZ_CHECK(e.offset > info.begin_offset && e.offset + e.line_size <= info.end_offset, "an entry outside its block");
    }
    if (info.state == BlockState::Malformed)
        FUZZ_CHECK(!info.problem.empty() && info.problem_line > 0, "a malformed block without a problem");
    for (const DisabledLine& d : info.disabled)
        FUZZ_CHECK(bytes.substr(d.offset, disabled_line_prefix.size()) == disabled_line_prefix, "a disabled line without its prefix");
}

bool manages(const BlockInfo& info, std::string_view name)
{
    return std::any_of(info.entries.begin(), info.entries.end(), [&](const ManagedEntry& e) { return e.name == name; });
}

void check_apply_revert(std::string_view bytes, unsigned control)
{
    std::vector<std::string> names{std::string(names_pool[control & 3u])};
    if (control & 4u)
        names.emplace_back(names_pool[(control >> 3) & 3u]);
    const std::string address(address_pool[(control >> 5) & 3u]);
    ApplyOptions options;
    options.disable_conflicts = (control & 0x80u) != 0;

    const BlockInfo before = inspect_block(bytes);
    Change change;
    try {
        change = apply(bytes, names, address, options);
    } catch (const Error& e) {
        // Refused: only for a damaged block or a conflict the caller did not want disabled.
        FUZZ_CHECK(before.state == BlockState::Malformed || (!options.disable_conflicts && !find_conflicts(bytes, names).empty()),
                   std::string("apply refused without a reason: ") + e.what() + "\nx = " + show(bytes));
        return;
    }
    FUZZ_CHECK(before.state != BlockState::Malformed, "apply went ahead on a damaged block: " + show(bytes));
    const std::string after = render(bytes, change);

    const BlockInfo info = inspect_block(after);
    FUZZ_CHECK(info.state == BlockState::Present, "no block after apply: " + show(after));
    for (const std::string& name : names) {
        const bool ok = std::any_of(info.entries.begin(), info.entries.end(),
                                    [&](const ManagedEntry& e) { return e.name == name && e.address == address; });
        FUZZ_CHECK(ok, name + " is not in the block after apply: " + show(after));
    }
    FUZZ_CHECK(find_conflicts(after, names).empty(), "a conflict is left after apply: " + show(after));
    // A user's own "#[fshosts:disabled]" lines stay theirs: apply never claims one.
    FUZZ_CHECK(info.other_disabled.size() == before.other_disabled.size(),
               "apply took over a user's disabled line:\nx     = " + show(bytes) + "\nafter = " + show(after));
    FUZZ_CHECK(info.disabled.size() == before.disabled.size() + change.disabled.size(),
               "apply's disabled lines are not all recorded:\nx     = " + show(bytes) + "\nafter = " + show(after));

    Change again;
    try {
        again = apply(after, names, address, options);
    } catch (const Error& e) {
        FUZZ_CHECK(false, std::string("apply after apply refused: ") + e.what() + "\nafter = " + show(after));
    }
    FUZZ_CHECK(!again.changed() && again.splices.empty(), "apply after apply changed something: " + show(after));

    const bool none_managed = std::none_of(names.begin(), names.end(), [&](const std::string& n) { return manages(before, n); });
    const bool clean = before.state == BlockState::Absent && before.disabled.empty();
    if (clean || (none_managed && before.disabled.empty() && change.disabled.empty())) {
        const std::string reverted = render(after, revert(after, names));
        FUZZ_CHECK(reverted == bytes, "apply then revert is not x:\nx        = " + show(bytes) + "\nafter    = " + show(after) +
                                          "\nreverted = " + show(reverted));
    }
    if (clean) {
        const std::string reverted = render(after, revert_all(after));
        FUZZ_CHECK(reverted == bytes, "apply then revert_all is not x:\nx        = " + show(bytes) + "\nreverted = " + show(reverted));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    check_lines(input);
    check_block(input, inspect_block(input));
    if (size == 0)
        return 0;
    // The first byte chooses names, address and options; the rest is the file.
    const std::string_view file = input.substr(1);
    check_apply_revert(file, data[0]);
    return 0;
}
