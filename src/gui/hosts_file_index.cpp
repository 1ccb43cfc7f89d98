#include "gui/hosts_file_index.h"

#include <algorithm>
#include <functional>
#include <limits>

namespace fshosts::gui {
namespace {

char fold(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

struct FoldedEqual {
    bool operator()(char a, char b) const noexcept { return fold(a) == fold(b); }
};
struct FoldedHash {
    std::size_t operator()(char c) const noexcept { return std::hash<char>{}(fold(c)); }
};

using Searcher = std::boyer_moore_horspool_searcher<std::string_view::const_iterator, FoldedHash, FoldedEqual>;

// Every stride-th line's start is kept.
constexpr std::size_t stride = 64;

// The search goes through the bytes in pieces of this size, looking at `cancel` in between.
constexpr std::size_t chunk_size = std::size_t{4} << 20;

// The first match that starts in [lo, hi).
std::optional<std::size_t> first_in(std::string_view bytes, const Searcher& searcher, std::size_t n, std::size_t lo,
                                    std::size_t hi)
{
    const auto end = bytes.begin() + static_cast<std::ptrdiff_t>(std::min(bytes.size(), hi + n - 1));
    const auto found = searcher(bytes.begin() + static_cast<std::ptrdiff_t>(lo), end).first;
    if (found == end)
        return std::nullopt;
    return static_cast<std::size_t>(found - bytes.begin());
}

// The last match that starts in [lo, hi).
std::optional<std::size_t> last_in(std::string_view bytes, const Searcher& searcher, std::size_t n, std::size_t lo,
                                   std::size_t hi)
{
    std::optional<std::size_t> last;
    while (lo < hi) {
        const std::optional<std::size_t> found = first_in(bytes, searcher, n, lo, hi);
        if (!found)
            break;
        last = found;
        lo = *found + 1;
    }
    return last;
}

bool cancelled(const std::atomic<bool>* cancel) noexcept { return cancel != nullptr && cancel->load(); }

}  // namespace

HostsFileIndex::HostsFileIndex(std::shared_ptr<const std::string> bytes, const Status& status) : m_bytes(std::move(bytes))
{
    const std::string_view all = this->bytes();
    if (all.size() >= std::numeric_limits<std::uint32_t>::max())
        return;
    LineCursor cursor(all);
    LineView line;
    while (cursor.next(line)) {
        if (m_count % stride == 0)
            m_starts.push_back(static_cast<std::uint32_t>(line.offset));
        m_longest = std::max(m_longest, line.text.size());
        ++m_count;
    }
    m_starts.shrink_to_fit();

    // Core numbers lines from 1; the view from 0.
    const BlockInfo& block = status.block;
    if (block.state == BlockState::Present && block.begin_line > 0) {
        m_block_first = block.begin_line - 1;
        m_block_last = block.end_line - 1;
    }
    for (const DisabledLine& d : block.disabled)
        m_marks[d.line_number - 1] = LineMark::Disabled;
    for (const Conflict& c : status.conflicts) {
        m_marks[c.line_number - 1] = LineMark::Conflict;
        m_conflicts[c.line_number - 1].push_back(c.name);
    }
}

LineView HostsFileIndex::view(std::size_t n) const noexcept
{
    const std::size_t kept = n / stride;
    LineCursor cursor(bytes(), m_starts[kept], kept * stride + 1);
    LineView line;
    for (std::size_t i = kept * stride; i <= n; ++i)
        cursor.next(line);
    return line;
}

std::string_view HostsFileIndex::line(std::size_t n) const noexcept { return n < m_count ? view(n).text : std::string_view(); }

std::size_t HostsFileIndex::line_of(std::size_t offset) const noexcept
{
    if (m_count == 0)
        return 0;
    const auto after = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
    const std::size_t kept = after == m_starts.begin() ? 0 : static_cast<std::size_t>(after - m_starts.begin()) - 1;
    LineCursor cursor(bytes(), m_starts[kept], kept * stride + 1);
    LineView line;
    while (cursor.next(line))
        if (offset < line.end())
            break;
    return line.number - 1;  // the last line when `offset` is past the end
}

LineMark HostsFileIndex::mark(std::size_t n) const noexcept
{
    if (const auto it = m_marks.find(n); it != m_marks.end())
        return it->second;
    return n >= m_block_first && n <= m_block_last ? LineMark::Ours : LineMark::None;
}

const std::vector<std::string>* HostsFileIndex::conflict_names(std::size_t n) const noexcept
{
    const auto it = m_conflicts.find(n);
    return it == m_conflicts.end() ? nullptr : &it->second;
}

std::optional<Match> find_text(std::string_view bytes, std::string_view needle, std::size_t from, bool forward,
                               const std::atomic<bool>* cancel)
{
    if (needle.empty() || needle.size() > bytes.size())
        return std::nullopt;
    from = std::min(from, bytes.size());
    const Searcher searcher(needle.begin(), needle.end());
    const std::size_t n = needle.size();
    const auto found = [n](std::size_t offset) { return Match{offset, n}; };
    if (forward) {
        // [from, end), then [0, from): the first match in file order after the wrap.
        for (const auto& [lo, hi] : {std::pair{from, bytes.size()}, std::pair{std::size_t{0}, from}})
            for (std::size_t at = lo; at < hi; at += chunk_size) {
                if (cancelled(cancel))
                    return std::nullopt;
                if (const auto hit = first_in(bytes, searcher, n, at, std::min(hi, at + chunk_size)))
                    return found(*hit);
            }
        return std::nullopt;
    }
    // [0, from) from its end, then [from, end) from its end.
    for (const auto& [lo, hi] : {std::pair{std::size_t{0}, from}, std::pair{from, bytes.size()}})
        for (std::size_t top = hi; top > lo;) {
            if (cancelled(cancel))
                return std::nullopt;
            const std::size_t at = top - std::min(top - lo, chunk_size);
            if (const auto hit = last_in(bytes, searcher, n, at, top))
                return found(*hit);
            top = at;
        }
    return std::nullopt;
}

}  // namespace fshosts::gui
