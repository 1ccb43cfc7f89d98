// The part of the hosts file that fshosts owns: a block between two exact marker lines holding
// one `ADDRESS NAME` line per name, plus user lines disabled on request (commented out with a
// marker so revert restores them byte for byte). Everything else is never touched.
#pragma once

#include "base/error.h"
#include "text/hosts_document.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fshosts {

// Whole-line markers. Only a line equal to one of these (ending aside) is a marker.
inline constexpr std::string_view block_begin_marker =
    "# >>> fshosts managed block (jp.fshosts.hosts) - do not edit by hand >>>";
inline constexpr std::string_view block_end_marker = "# <<< fshosts managed block (jp.fshosts.hosts) <<<";
// The end marker used when the file had no final newline before the block was added: the block
// supplies one, and revert takes it away again when the block is still the end of the file.
inline constexpr std::string_view block_end_marker_no_final_newline =
    "# <<< fshosts managed block (jp.fshosts.hosts; the file had no final newline) <<<";
// Prefix put in front of a user line disabled while a preview is on.
inline constexpr std::string_view disabled_line_prefix = "#[fshosts:disabled] ";

struct ManagedEntry {
    std::size_t line_number;  // 1-based
    std::string name;
    std::string address;
};

struct DisabledLine {
    std::size_t line_number;  // 1-based
    std::string original_text;
    std::vector<std::string> names;  // the names the line mapped
};

// An active line outside the block that maps one of our names and would win over our entry.
struct Conflict {
    std::size_t line_number;  // 1-based
    std::string line_text;
    std::string name;
    std::string address;
};

// Thrown by apply() when user lines would win over our entries; carries them for the GUI.
class ConflictError : public Error {
public:
    ConflictError(const std::string& message, std::vector<Conflict> conflicts)
        : Error(ErrorKind::Conflict, message), m_conflicts(std::move(conflicts)) {}
    const std::vector<Conflict>& conflicts() const noexcept { return m_conflicts; }

private:
    std::vector<Conflict> m_conflicts;
};

enum class BlockState { Absent, Present, Malformed };

struct BlockInfo {
    BlockState state = BlockState::Absent;
    std::vector<ManagedEntry> entries;
    std::vector<DisabledLine> disabled;
    std::string problem;           // translated description when Malformed
    std::size_t problem_line = 0;  // 1-based line the problem was found on, 0 if none
    std::size_t begin_line = 0;    // 1-based, when Present
    std::size_t end_line = 0;      // 1-based, when Present
    bool supplied_final_newline = false;  // the end marker says the block added the file's final newline
};

// Reads the block and the disabled lines. Never throws on file content.
BlockInfo inspect_block(const HostsDocument& doc);

// Active lines outside the block that map any of `names`, in file order.
std::vector<Conflict> find_conflicts(const HostsDocument& doc, const std::vector<std::string>& names);

struct ApplyOptions {
    bool disable_conflicts = false;      // comment out conflicting user lines instead of refusing
    std::string_view fallback_eol = "\n";  // line ending when the file has none yet
};

struct Change {
    HostsDocument document;               // the new document (equal to the input when unchanged)
    std::vector<std::string> added;       // names that got a new entry
    std::vector<std::string> updated;     // names whose address changed
    std::vector<std::string> unchanged;   // names already pointing at the address
    std::vector<std::string> removed;     // names whose entry was removed
    std::vector<Conflict> disabled;       // user lines commented out by this change (one per line)
    std::vector<std::size_t> restored;    // 1-based lines (in the old document) re-enabled
    bool changed() const noexcept { return !added.empty() || !updated.empty() || !removed.empty() || !disabled.empty() || !restored.empty(); }
};

// Adds or updates `address NAME` for each name. Names and address must already be in the form
// normalize_domain / normalize_address produce. Throws Error(Conflict) when a user line maps a
// name (unless disable_conflicts) or the block is malformed; Error(BadInput) on bad names.
Change apply(const HostsDocument& doc, const std::vector<std::string>& names, const std::string& address,
             const ApplyOptions& options = {});

// Removes our entries for `names` (names we do not manage are ignored) and drops the block when
// it becomes empty. A disabled line is re-enabled once none of its names stays managed, when it
// maps a reverted name or the block goes away.
Change revert(const HostsDocument& doc, const std::vector<std::string>& names);

// Removes everything fshosts added: the block and every disabled-line marker.
Change revert_all(const HostsDocument& doc);

}  // namespace fshosts
