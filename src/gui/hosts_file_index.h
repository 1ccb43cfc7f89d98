// What the whole-file view needs to show a hosts file of any size without materialising its
// lines: the file's bytes in one shared buffer, where each line starts, what each line means to
// fshosts (read_status) and a search over the bytes. No wx here: built on a worker thread, read on
// the UI thread, tested without a display. The GUI side is hosts_document_ui.
#pragma once

#include "core/operations.h"
#include "text/hosts_document.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts::gui {

// How the view marks a line.
enum class LineMark { None, Ours, Conflict, Disabled };

class HostsFileIndex {
public:
    HostsFileIndex() = default;
    // Splits `bytes` into lines (the text engine's rule) and notes the lines `status` describes.
    // One pass over the bytes. Only every 64th line's start is kept (4 bytes per 64 lines: 125 KiB
    // for 2 million lines); a line is found from the one before it that is kept, a walk of at
    // most 63 short lines. A file of 4 GiB or more is not indexed (no hosts file is that large;
    // the view then shows nothing).
    HostsFileIndex(std::shared_ptr<const std::string> bytes, const Status& status);

    std::size_t line_count() const noexcept { return m_count; }
    // Line `n` (0-based) without its ending, a view into the shared bytes.
    std::string_view line(std::size_t n) const noexcept;
    // The 0-based line holding byte `offset`.
    std::size_t line_of(std::size_t offset) const noexcept;
    std::size_t line_start(std::size_t n) const noexcept { return n < m_count ? view(n).offset : bytes().size(); }
    // The most bytes any line holds: the width the view scrolls over.
    std::size_t longest_line() const noexcept { return m_longest; }
    std::string_view bytes() const noexcept { return m_bytes ? std::string_view(*m_bytes) : std::string_view(); }

    LineMark mark(std::size_t n) const noexcept;
    // The names a conflicting line wins over (empty for other lines).
    const std::vector<std::string>* conflict_names(std::size_t n) const noexcept;

private:
    LineView view(std::size_t n) const noexcept;  // n < line_count()

    std::shared_ptr<const std::string> m_bytes;
    std::vector<std::uint32_t> m_starts;  // where lines 0, 64, 128, ... start
    std::size_t m_count = 0;
    std::size_t m_longest = 0;
    std::size_t m_block_first = 1, m_block_last = 0;  // 0-based lines of our block, inclusive
    std::map<std::size_t, LineMark> m_marks;          // disabled and conflicting lines
    std::map<std::size_t, std::vector<std::string>> m_conflicts;
};

// A match of a search: a byte range of the bytes.
struct Match {
    std::size_t offset = 0;
    std::size_t length = 0;
};

// The first match of `needle` (UTF-8; ASCII letters match either case) at or after `from` going
// forward, or the last one starting before `from` going backward; wraps around the end once.
// `cancel` is checked every few MiB: nullopt once it is set.
std::optional<Match> find_text(std::string_view bytes, std::string_view needle, std::size_t from, bool forward,
                               const std::atomic<bool>* cancel = nullptr);

}  // namespace fshosts::gui
