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
// Inside the block, one line per user line fshosts disabled: what it restores on revert (the
// line's text, %XX-escaped so it is one printable field) after this marker; before it, while
// the line maps names fshosts does not manage, `ADDRESS NAME...` for those names, so they keep
// resolving during the preview. A disabled line without such a record is a user's comment and
// is never re-enabled. When lines with the same text are disabled (by a user or by fshosts),
// the record says which of them is ours: " @N" after the text means the N-th line in file order
// that reads "#[fshosts:disabled] TEXT" (N >= 2); without it, the first one no other record names.
inline constexpr std::string_view restore_record_marker = "#[fshosts:restores] ";
// Inside the block, after the entries: the planned go-live date of a previewed name,
// "#[fshosts:until] YYYY-MM-DD NAME" (a comment to the resolver; ASCII like the whole block).
inline constexpr std::string_view until_marker = "#[fshosts:until] ";

struct ManagedEntry {
    std::size_t line_number;  // 1-based
    std::string name;
    std::string address;
    std::size_t offset = 0;     // where the line starts in the bytes
    std::size_t text_size = 0;  // the line without its ending
    std::size_t line_size = 0;  // the line with its ending
    std::string until;          // the planned go-live date (YYYY-MM-DD), "" when none was given
};

// A go-live date line inside the block (see until_marker).
struct UntilLine {
    std::size_t line_number = 0;  // 1-based
    std::string name;
    std::string date;  // YYYY-MM-DD
    std::size_t offset = 0;
    std::size_t text_size = 0;
    std::size_t line_size = 0;
};

// A user line fshosts disabled (it has a restore record in the block).
struct DisabledLine {
    std::size_t line_number;  // 1-based
    std::string original_text;
    std::vector<std::string> names;  // the names the line mapped
    std::size_t offset = 0;          // where the line (its prefix) starts in the bytes
};

// A restore record inside the block (see restore_record_marker).
struct RestoreRecord {
    std::size_t line_number;  // 1-based
    std::string original_text;  // decoded
    std::string address;        // the original line's address and names (empty when it has none)
    std::vector<std::string> names;
    std::size_t offset = 0;     // where the record line starts
    std::size_t text_size = 0;  // the line without its ending
    std::size_t line_size = 0;  // the line with its ending
    std::size_t ordinal = 0;    // which of the disabled lines with its text (1-based; 0: the first one left)
    bool matched = false;       // its disabled line is in the file
    std::size_t line_offset = 0;  // where that line starts, when matched
};

// A line outside the block that the resolver uses for one of our names (find_conflicts).
struct Conflict {
    std::size_t line_number;  // 1-based (of the line the resolver's line starts on)
    std::string line_text;    // the resolver's line: up to '\n', lone CRs included, without a final '\r'
    std::string name;
    std::string address;
    std::size_t offset = 0;  // where the line starts in the bytes
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
    std::vector<DisabledLine> disabled;  // lines with a record, in file order (none when Malformed)
    std::vector<DisabledLine> other_disabled;  // lines with the prefix and no record: a user's comments
    std::vector<RestoreRecord> records;
    std::vector<UntilLine> until_lines;  // one per dated name, in file order
    std::string problem;           // translated description when Malformed
    std::size_t problem_line = 0;  // 1-based line the problem was found on, 0 if none
    std::size_t begin_line = 0;    // 1-based, when Present
    std::size_t end_line = 0;      // 1-based, when Present
    bool supplied_final_newline = false;  // the end marker says the block added the file's final newline
    std::size_t begin_offset = 0;  // where the begin marker line starts, when Present
    std::size_t end_offset = 0;    // where the end marker line starts, when Present
    std::size_t after_end = 0;     // where the line after the end marker starts, when Present
};

// Reads the block and the disabled lines of a hosts file's bytes. Never throws on file content.
// Only the lines that can matter are looked at (found by searching the bytes for the markers'
// and the disabled prefix's text), so its cost is a search through the bytes, not a parse.
BlockInfo inspect_block(std::string_view bytes);

// Lines outside the block that the C library's hosts parser uses for any of `names`, in file
// order (one per line and name, a line's names in their order): lines as it reads them (ending
// at '\n' only; a NUL ends one; '#' starts a comment anywhere; is_resolver_blank separators;
// an is_resolver_address first field; names without regard to ASCII case). Found by searching
// the bytes for each name. A line of our own block, even a damaged one, is never a conflict.
std::vector<Conflict> find_conflicts(std::string_view bytes, const std::vector<std::string>& names);
std::vector<Conflict> find_conflicts(std::string_view bytes, const BlockInfo& block, const std::vector<std::string>& names);

struct ApplyOptions {
    bool disable_conflicts = false;      // comment out conflicting user lines instead of refusing
    std::string_view fallback_eol = "\n";  // line ending when the file has none yet
    // The go-live date of every name of this change, as normalize_date gives it; "" keeps each
    // name's date as it is (none for a new name).
    std::string until;
};

// The line ending of the lines fshosts writes: the file's dominant one, except that a lone
// "\r" (classic Mac) becomes "\n": the resolver's lines end at "\n" only, so entries ending in
// "\r" would be read as part of one long line and never take effect.
std::string block_eol(std::string_view bytes, std::string_view fallback = "\n");

// True when line breaks of `bytes` are lone "\r" (classic Mac): the resolver reads those lines
// as one, so only the first of them (and everything fshosts writes) takes effect.
bool has_lone_cr_lines(std::string_view bytes) noexcept;

// The numbers of the entry lines (lines the resolver uses) that hold bytes outside ASCII, in a file
// that does not start with a UTF-8 BOM; none when it does. Windows reads such a file in the ANSI
// code page, and may skip those lines. fshosts' own lines are always ASCII.
std::vector<std::size_t> non_ascii_entry_lines(std::string_view bytes);

// What a change does to the bytes it was planned on, and what it means. The new bytes are
// apply_splices(old bytes, splices): the bytes that stay are never copied until then.
struct Change {
    std::vector<Splice> splices;          // sorted, not overlapping; empty when nothing changes
    std::vector<std::string> added;       // names that got a new entry
    std::vector<std::string> updated;     // names whose address changed
    std::vector<std::string> unchanged;   // names already pointing at the address
    std::vector<std::string> removed;     // names whose entry was removed
    std::vector<Conflict> disabled;       // user lines commented out by this change (one per line)
    std::vector<std::size_t> restored;    // 1-based lines (in the old document) re-enabled
    bool changed() const noexcept { return !added.empty() || !updated.empty() || !removed.empty() || !disabled.empty() || !restored.empty(); }
};

// Adds or updates `address NAME` for each name. A disabled line gets a restore record in the
// block that keeps its other names resolving. Names and address must already be in the form
// normalize_domain / normalize_address produce. Throws Error(Conflict) when a user line maps a
// name (unless disable_conflicts) or the block is malformed; Error(BadInput) on bad names.
Change apply(std::string_view bytes, const std::vector<std::string>& names, const std::string& address,
             const ApplyOptions& options = {});

// Removes our entries for `names` (names we do not manage are ignored) and drops the block when
// it becomes empty. A line fshosts disabled (one with a restore record) is re-enabled, and its
// record dropped, once none of its names stays managed, when it maps a reverted name or the
// block goes away; the other records' replacement names follow what stays managed.
Change revert(std::string_view bytes, const std::vector<std::string>& names);

// Removes everything fshosts added: the block and every disabled-line marker.
Change revert_all(std::string_view bytes);

// The bytes after the change.
inline std::string render(std::string_view bytes, const Change& change) { return apply_splices(bytes, change.splices); }

}  // namespace fshosts
