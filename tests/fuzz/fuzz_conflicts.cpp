// Fuzz target "conflicts": find_conflicts() reports exactly the lines the C library's resolver
// would use for a name. The reference is fshosts::model::matching_lines() (tests/support/
// resolver_model.h: glibc's nss_files rules, checked against glibc by test_resolver_glibc).
// Lines are compared as the resolver splits them (at '\n'): a conflict counts for the resolver
// line its offset lies in. Lines inside a complete fshosts block, and the entry lines of a
// damaged one, are ours, not conflicts, so the model's lines starting there are left out.
// The first byte chooses the name, the rest is the file.
#include "fuzz/fuzz_check.h"

#include "support/resolver_model.h"

#include "text/managed_block.h"

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <string_view>

using namespace fshosts;
using fshosts::fuzz::show;

namespace {

constexpr std::array<std::string_view, 4> names_pool = {"www.example.jp", "example.jp", "xn--r8jz45g.jp", "localhost.example"};

// The start of the resolver's line (split at '\n' only) that holds byte `offset`.
std::size_t resolver_line_start(std::string_view bytes, std::size_t offset)
{
    const std::size_t newline = offset == 0 ? std::string_view::npos : bytes.rfind('\n', offset - 1);
    return newline == std::string_view::npos ? 0 : newline + 1;
}

std::string describe(std::string_view bytes, const std::set<std::size_t>& lines)
{
    std::string out;
    for (std::size_t start : lines) {
        const std::size_t end = bytes.find('\n', start);
        out += "\n  at " + std::to_string(start) + ": " + show(bytes.substr(start, end == std::string_view::npos ? end : end - start), 200);
    }
    return out.empty() ? std::string(" none") : out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::string_view name = names_pool[data[0] & 3u];
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);

    const BlockInfo block = inspect_block(bytes);
    std::set<std::size_t> engine;
    for (const Conflict& c : find_conflicts(bytes, block, {std::string(name)}))
        engine.insert(resolver_line_start(bytes, c.offset));

    std::set<std::size_t> model;
    for (std::size_t start : model::matching_lines(bytes, name)) {
        // Ours (managed_block.h: "a line of our own block, even a damaged one, is never a
        // conflict"): inside an intact block, or an entry line after a damaged block's begin marker.
        const bool ours = block.state == BlockState::Present
                              ? start >= block.begin_offset && start < block.after_end
                              : std::any_of(block.entries.begin(), block.entries.end(),
                                            [&](const ManagedEntry& e) { return e.offset == start; });
        if (!ours)
            model.insert(start);
    }
    FUZZ_CHECK(engine == model, "find_conflicts and the resolver disagree on " + std::string(name) + " in " + show(bytes) +
                                    "\nfind_conflicts:" + describe(bytes, engine) + "\nresolver:" + describe(bytes, model));
    return 0;
}
