#include "text/managed_block.h"

#include "base/i18n.h"
#include "base/utf8.h"
#include "text/validation.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <unordered_map>
#include <utility>

namespace fshosts {
namespace {

char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) noexcept
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return ascii_lower(x) == ascii_lower(y);
           });
}

bool contains_name(const std::vector<std::string>& names, std::string_view name)
{
    return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return iequals(n, name); });
}

// A line that looks like one of our markers but is not exactly one: "#", optional blanks,
// ">>>" or "<<<", optional blanks, "fshosts". User comments that merely quote a marker
// further into the line are not caught by this.
bool looks_like_marker(std::string_view text)
{
    std::size_t i = 0;
    auto skip_blanks = [&] {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
            ++i;
    };
    skip_blanks();
    if (i >= text.size() || text[i] != '#')
        return false;
    ++i;
    skip_blanks();
    std::string_view rest = text.substr(i);
    if (rest.substr(0, 3) != ">>>" && rest.substr(0, 3) != "<<<")
        return false;
    i += 3;
    skip_blanks();
    return iequals(text.substr(i, 7), "fshosts");
}

std::string entry_text(std::string_view address, std::string_view name)
{
    std::string text;
    text.reserve(address.size() + 1 + name.size());
    text.append(address).append(" ").append(name);
    return text;
}

// Our own entry line: exactly "ADDRESS NAME" in the canonical forms fshosts writes.
std::optional<ManagedEntry> parse_managed_entry(const LineView& line)
{
    const std::string_view text = line.text;
    std::size_t space = text.find(' ');
    if (space == std::string_view::npos)
        return std::nullopt;
    std::string_view address = text.substr(0, space);
    std::string_view name = text.substr(space + 1);
    try {
        if (normalize_address(address) != address || normalize_domain(name) != name)
            return std::nullopt;
    } catch (const Error&) {
        return std::nullopt;
    }
    return ManagedEntry{line.number, std::string(name), std::string(address), line.offset, text.size(),
                        text.size() + line.eol.size(), {}};
}

[[noreturn]] void throw_malformed(const BlockInfo& info)
{
    throw Error(ErrorKind::Conflict,
                trf("The fshosts block in the hosts file is damaged (line {0}): {1} "
                    "Nothing was changed. Fix or remove the block's lines by hand, then try again.",
                    info.problem_line, info.problem));
}

void require_normalized(const std::vector<std::string>& names, const std::string& address)
{
    if (names.empty())
        throw Error(ErrorKind::BadInput, _("No domain was given."));
    for (const std::string& name : names) {
        if (normalize_domain(name) != name)
            throw Error(ErrorKind::BadInput, trf("\"{0}\" is not a normalized domain name.", displayable(name)));
    }
    if (normalize_address(address) != address)
        throw Error(ErrorKind::BadInput, trf("\"{0}\" is not a normalized address.", displayable(address)));
}

std::vector<std::string> unique_names(const std::vector<std::string>& names)
{
    std::vector<std::string> out;
    for (const std::string& n : names)
        if (!contains_name(out, n))
            out.push_back(n);
    return out;
}

std::string describe_conflicts(const std::vector<Conflict>& conflicts)
{
    std::string message;
    for (const Conflict& c : conflicts) {
        if (!message.empty())
            message += '\n';
        message += trf("Line {0} of the hosts file already maps {1} to {2}: \"{3}\"", c.line_number, c.name, c.address,
                       displayable(c.line_text));
    }
    message += '\n';
    message += _("Resolvers use the first matching line, so the preview would not take effect. "
                 "Remove that line, or let fshosts disable it while the preview is on (it is restored on revert).");
    return message;
}

bool is_break(char c) noexcept { return c == '\n' || c == '\r'; }
bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

constexpr std::string_view hex_digits = "0123456789ABCDEF";

// A line's bytes as one printable field: '%' and every byte outside '!'..'~' as %XX.
std::string escape_record(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u > 0x20 && u < 0x7F && c != '%') {
            out += c;
        } else {
            out += '%';
            out += hex_digits[u >> 4];
            out += hex_digits[u & 0xF];
        }
    }
    return out;
}

std::optional<std::string> unescape_record(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto u = static_cast<unsigned char>(text[i]);
        if (u <= 0x20 || u >= 0x7F)
            return std::nullopt;
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size())
            return std::nullopt;
        const std::size_t hi = hex_digits.find(text[i + 1]);
        const std::size_t lo = hex_digits.find(text[i + 2]);
        if (hi == std::string_view::npos || lo == std::string_view::npos)
            return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

// The record line for a disabled line's `original` text while `managed` names are ours: its
// other names first (so they keep resolving), then the record itself, then which of the lines
// reading "#[fshosts:disabled] ORIGINAL" it is, when not the first (see restore_record_marker).
std::string record_text(std::string_view original, const std::vector<std::string>& managed, std::size_t ordinal)
{
    std::string text;
    if (std::optional<Entry> entry = parse_entry(original)) {
        for (const std::string& name : entry->names)
            if (!contains_name(managed, name))
                text.append(text.empty() ? entry->address : std::string()).append(" ").append(name);
        if (!text.empty())
            text += ' ';
    }
    text.append(restore_record_marker).append(escape_record(original));
    if (ordinal >= 2)
        text.append(" @").append(std::to_string(ordinal));
    return text;
}

// The N of a record's " @N" suffix: digits without a leading zero, at least 2.
std::optional<std::size_t> parse_ordinal(std::string_view digits)
{
    if (digits.empty() || digits.size() > 9 || digits[0] == '0' ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    std::size_t n = 0;
    for (const char c : digits)
        n = n * 10 + static_cast<std::size_t>(c - '0');
    if (n < 2)
        return std::nullopt;
    return n;
}

// A restore record line inside the block: [ADDRESS NAME... ]#[fshosts:restores] ESCAPED.
std::optional<RestoreRecord> parse_record(const LineView& line)
{
    const std::string_view text = line.text;
    const std::size_t at = text.find(restore_record_marker);
    if (at == std::string_view::npos || (at > 0 && (text[at - 1] != ' ' || !parse_entry(text.substr(0, at - 1)))))
        return std::nullopt;
    std::string_view escaped = text.substr(at + restore_record_marker.size());
    std::size_t ordinal = 0;
    if (const std::size_t space = escaped.find(' '); space != std::string_view::npos) {
        const std::optional<std::size_t> n =
            escaped.substr(space + 1, 1) == "@" ? parse_ordinal(escaped.substr(space + 2)) : std::nullopt;
        if (!n)
            return std::nullopt;
        ordinal = *n;
        escaped = escaped.substr(0, space);
    }
    std::optional<std::string> original = unescape_record(escaped);
    if (!original)
        return std::nullopt;
    RestoreRecord record{line.number, std::move(*original), {}, {}, line.offset, text.size(), text.size() + line.eol.size()};
    record.ordinal = ordinal;
    if (std::optional<Entry> entry = parse_entry(record.original_text)) {
        record.address = entry->address;
        record.names = entry->names;
    }
    return record;
}

// A go-live date line inside the block: "#[fshosts:until] YYYY-MM-DD NAME", in the forms fshosts writes.
std::optional<UntilLine> parse_until(const LineView& line)
{
    const std::string_view text = line.text;
    if (!text.starts_with(until_marker))
        return std::nullopt;
    const std::string_view rest = text.substr(until_marker.size());
    const std::size_t space = rest.find(' ');
    if (space == std::string_view::npos)
        return std::nullopt;
    const std::string_view date = rest.substr(0, space);
    const std::string_view name = rest.substr(space + 1);
    try {
        if (normalize_date(date) != date || normalize_domain(name) != name)
            return std::nullopt;
    } catch (const Error&) {
        return std::nullopt;
    }
    return UntilLine{line.number, std::string(name), std::string(date), line.offset, text.size(), text.size() + line.eol.size()};
}

std::string until_text(std::string_view date, std::string_view name)
{
    return std::string(until_marker).append(date).append(" ").append(name);
}

// Splits the disabled lines into ours (claimed by a record) and a user's, and notes which records
// found their line: first the records that name their line's ordinal, then each of the others
// takes the first line with its text that no record has taken.
void match_records(BlockInfo& info)
{
    std::unordered_map<std::string_view, std::vector<std::size_t>> by_text;  // indexes in file order
    for (std::size_t i = 0; i < info.disabled.size(); ++i)
        by_text[info.disabled[i].original_text].push_back(i);
    std::vector<bool> claimed(info.disabled.size(), false);
    auto claim = [&](RestoreRecord& r, std::size_t i) {
        claimed[i] = true;
        r.matched = true;
        r.line_offset = info.disabled[i].offset;
    };
    for (RestoreRecord& r : info.records) {
        auto lines = by_text.find(r.original_text);
        if (r.ordinal >= 2 && lines != by_text.end() && r.ordinal <= lines->second.size() && !claimed[lines->second[r.ordinal - 1]])
            claim(r, lines->second[r.ordinal - 1]);
    }
    for (RestoreRecord& r : info.records) {
        if (r.ordinal >= 2)
            continue;
        auto lines = by_text.find(r.original_text);
        if (lines == by_text.end())
            continue;
        auto first = std::find_if(lines->second.begin(), lines->second.end(), [&](std::size_t i) { return !claimed[i]; });
        if (first != lines->second.end())
            claim(r, *first);
    }
    std::vector<DisabledLine> ours;
    for (std::size_t i = 0; i < info.disabled.size(); ++i)
        (claimed[i] ? ours : info.other_disabled).push_back(std::move(info.disabled[i]));
    info.disabled = std::move(ours);
}

bool any_name_in(const std::vector<std::string>& names, const std::vector<std::string>& list)
{
    return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return contains_name(list, n); });
}

// Every offset where `needle` occurs in `bytes`, ASCII letters matched without regard to case
// (Boyer-Moore-Horspool: it looks at about one byte in needle.size(), so a search through a
// multi-megabyte file costs far less than walking its lines).
template <typename Found>
void find_icase(std::string_view bytes, std::string_view needle, Found found)
{
    const std::size_t m = needle.size();
    if (m == 0 || m > bytes.size())
        return;
    std::array<std::size_t, 256> shift;
    shift.fill(m);
    for (std::size_t i = 0; i + 1 < m; ++i) {
        const char c = ascii_lower(needle[i]);
        shift[static_cast<unsigned char>(c)] = m - 1 - i;
        if (c >= 'a' && c <= 'z')
            shift[static_cast<unsigned char>(c - 'a' + 'A')] = m - 1 - i;
    }
    const char last = ascii_lower(needle[m - 1]);
    for (std::size_t at = 0; at + m <= bytes.size();) {
        const char c = bytes[at + m - 1];
        if (ascii_lower(c) == last && iequals(bytes.substr(at, m - 1), needle.substr(0, m - 1)))
            found(at);
        at += shift[static_cast<unsigned char>(c)];
    }
}

// Every offset where `needle` occurs in `bytes`, exactly.
template <typename Found>
void find_exact(std::string_view bytes, std::string_view needle, Found found)
{
    for (std::size_t at = bytes.find(needle); at != std::string_view::npos; at = bytes.find(needle, at + 1))
        found(at);
}

// What a line the search found is, as far as the block is concerned.
enum class Event { Begin, End, EndSuppliedNewline, EditedMarker, Disabled };

struct Found {
    std::size_t offset;  // where the line starts
    Event event;
};

// The lines that can be markers (exact or edited) or disabled lines, in file order. A marker,
// even an edited one, starts with blanks, '#', blanks, then ">>>" or "<<<"; a disabled line
// starts with its prefix. So searching the bytes for those three strings finds all of them.
std::vector<Found> find_block_lines(std::string_view bytes)
{
    std::vector<Found> found;
    const std::size_t first = bom_size(bytes);
    auto marker_candidate = [&](std::size_t at) {
        const LineView line = line_at(bytes, at);
        std::string_view head = line.text.substr(0, at - line.offset);
        while (!head.empty() && is_blank(head.back()))
            head.remove_suffix(1);
        if (head.empty() || head.back() != '#')
            return;
        head.remove_suffix(1);
        if (std::any_of(head.begin(), head.end(), [](char c) { return !is_blank(c); }))
            return;
        if (line.text == block_begin_marker)
            found.push_back({line.offset, Event::Begin});
        else if (line.text == block_end_marker)
            found.push_back({line.offset, Event::End});
        else if (line.text == block_end_marker_no_final_newline)
            found.push_back({line.offset, Event::EndSuppliedNewline});
        else if (looks_like_marker(line.text))
            found.push_back({line.offset, Event::EditedMarker});
    };
    find_exact(bytes, ">>>", marker_candidate);
    find_exact(bytes, "<<<", marker_candidate);
    find_exact(bytes, disabled_line_prefix, [&](std::size_t at) {
        if (at == first || (at > first && is_break(bytes[at - 1])))
            found.push_back({at, Event::Disabled});
    });
    // A marker line holds ">>>" or "<<<" twice; one line is one event.
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.offset < b.offset; });
    found.erase(std::unique(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.offset == b.offset; }),
                found.end());
    return found;
}

}  // namespace

BlockInfo inspect_block(std::string_view bytes)
{
    BlockInfo info;
    bool inside = false;
    bool seen_block = false;
    auto malformed = [&](std::size_t line_number, std::size_t /*offset*/, std::string problem) {
        info.state = BlockState::Malformed;
        info.problem_line = line_number;
        info.problem = std::move(problem);
        // Which disabled lines are ours is not known when the block cannot be read.
        info.disabled.clear();
        info.other_disabled.clear();
        info.records.clear();
        info.until_lines.clear();
        return info;
    };

    const std::vector<Found> found = find_block_lines(bytes);
    LineCounter counter(bytes);
    for (std::size_t k = 0; k < found.size(); ++k) {
        const std::size_t offset = found[k].offset;
        const std::size_t n = counter.number_at(offset);
        const LineView line = line_at(bytes, offset);
        switch (found[k].event) {
        case Event::Begin: {
            if (inside)
                return malformed(n, offset, trf("a second begin marker follows the one on line {0}.", info.begin_line));
            if (seen_block)
                return malformed(n, offset, _("the file holds more than one fshosts block."));
            inside = true;
            info.begin_line = n;
            info.begin_offset = offset;
            // The lines up to the next marker are the block's entries. (A disabled line among
            // them is not an entry: the block is damaged there, before that line's own event.)
            std::size_t stop = bytes.size();
            for (std::size_t j = k + 1; j < found.size(); ++j)
                if (found[j].event != Event::Disabled) {
                    stop = found[j].offset;
                    break;
                }
            LineCursor cursor(bytes, line.end(), n + 1);
            for (LineView entry_line; cursor.next(entry_line) && entry_line.offset < stop;) {
                std::optional<ManagedEntry> entry = parse_managed_entry(entry_line);
                if (!entry) {
                    if (std::optional<RestoreRecord> record = parse_record(entry_line)) {
                        info.records.push_back(std::move(*record));
                        continue;
                    }
                    if (std::optional<UntilLine> until = parse_until(entry_line)) {
                        const bool twice = std::any_of(info.until_lines.begin(), info.until_lines.end(),
                                                       [&](const UntilLine& u) { return u.name == until->name; });
                        if (twice)
                            return malformed(entry_line.number, entry_line.offset,
                                             trf("{0} has two go-live dates inside the block.", until->name));
                        info.until_lines.push_back(std::move(*until));
                        continue;
                    }
                }
                if (!entry)
                    return malformed(entry_line.number, entry_line.offset,
                                     trf("this line inside the block was not written by fshosts: \"{0}\".",
                                         displayable(entry_line.text)));
                bool duplicate = std::any_of(info.entries.begin(), info.entries.end(),
                                             [&](const ManagedEntry& e) { return e.name == entry->name; });
                if (duplicate)
                    return malformed(entry_line.number, entry_line.offset,
                                     trf("{0} appears twice inside the block.", entry->name));
                info.entries.push_back(std::move(*entry));
            }
            break;
        }
        case Event::End:
        case Event::EndSuppliedNewline:
            if (!inside)
                return malformed(n, offset, _("an end marker has no begin marker before it."));
            inside = false;
            seen_block = true;
            info.end_line = n;
            info.end_offset = offset;
            info.after_end = line.end();
            info.supplied_final_newline = found[k].event == Event::EndSuppliedNewline;
            break;
        case Event::EditedMarker:
            return malformed(n, offset, trf("the marker line was edited: \"{0}\".", displayable(line.text)));
        case Event::Disabled: {
            // Never inside the block: the entries check above stops at such a line.
            DisabledLine disabled{n, std::string(line.text.substr(disabled_line_prefix.size())), {}, offset};
            if (std::optional<Entry> entry = parse_entry(disabled.original_text))
                disabled.names = entry->names;
            info.disabled.push_back(std::move(disabled));
            break;
        }
        }
    }
    if (inside)
        return malformed(info.begin_line, info.begin_offset, _("the begin marker has no end marker after it."));
    // Every date belongs to a name of the block.
    for (const UntilLine& u : info.until_lines) {
        auto entry = std::find_if(info.entries.begin(), info.entries.end(), [&](const ManagedEntry& e) { return e.name == u.name; });
        if (entry == info.entries.end())
            return malformed(u.line_number, u.offset,
                             trf("the go-live date of {0} has no entry for {0} inside the block.", u.name));
        entry->until = u.date;
    }
    info.state = seen_block ? BlockState::Present : BlockState::Absent;
    match_records(info);
    return info;
}

std::vector<Conflict> find_conflicts(std::string_view bytes, const std::vector<std::string>& names)
{
    return find_conflicts(bytes, inspect_block(bytes), names);
}

std::vector<Conflict> find_conflicts(std::string_view bytes, const BlockInfo& block, const std::vector<std::string>& names)
{
    // Every place a name occurs as a whole field (a separator before it; a separator, '\n',
    // '#', NUL or the end after it), then the line around it read as the resolver reads it.
    struct Hit {
        std::size_t at;
        std::size_t size;
    };
    std::vector<Hit> hits;
    for (const std::string& name : unique_names(names)) {
        find_icase(bytes, name, [&](std::size_t at) {
            const std::size_t end = at + name.size();
            if (at == 0 || !is_resolver_blank(bytes[at - 1]))
                return;
            if (end < bytes.size() && !is_resolver_blank(bytes[end]) && bytes[end] != '\n' && bytes[end] != '#' &&
                bytes[end] != '\0')
                return;
            hits.push_back({at, name.size()});
        });
    }
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.at < b.at; });

    auto ours = [&](std::size_t start) {
        if (block.state == BlockState::Present)
            return start >= block.begin_offset && start < block.after_end;
        return std::any_of(block.entries.begin(), block.entries.end(), [&](const ManagedEntry& e) { return e.offset == start; });
    };
    std::vector<Conflict> conflicts;
    LineCounter counter(bytes);
    for (const Hit& hit : hits) {
        // The resolver's line ends at '\n' only (a lone '\r' is a separator) and knows no BOM.
        const std::size_t newline = hit.at == 0 ? std::string_view::npos : bytes.rfind('\n', hit.at - 1);
        const std::size_t start = newline == std::string_view::npos ? 0 : newline + 1;
        if (ours(start))
            continue;
        const std::string_view head = bytes.substr(start, hit.at - start);
        if (head.find('\0') != std::string_view::npos || head.find('#') != std::string_view::npos)
            continue;  // the line ended, or its comment began, before the name
        std::size_t a = 0;
        while (a < head.size() && is_resolver_blank(head[a]))
            ++a;
        std::size_t a_end = a;
        while (a_end < head.size() && !is_resolver_blank(head[a_end]))
            ++a_end;
        if (a == head.size() || !is_resolver_address(head.substr(a, a_end - a)))
            continue;  // the name is the address field, or the resolver ignores the line
        std::string_view text = bytes.substr(start, std::min(bytes.find('\n', hit.at), bytes.size()) - start);
        if (!text.empty() && text.back() == '\r')
            text.remove_suffix(1);
        conflicts.push_back(Conflict{counter.number_at(start), std::string(text), std::string(bytes.substr(hit.at, hit.size)),
                                     std::string(head.substr(a, a_end - a)), start});
    }
    return conflicts;
}

std::string block_eol(std::string_view bytes, std::string_view fallback)
{
    std::string eol = dominant_eol(bytes, fallback);
    return eol == "\r" ? std::string("\n") : eol;
}

bool has_lone_cr_lines(std::string_view bytes) noexcept
{
    for (std::size_t at = bytes.find('\r'); at != std::string_view::npos && at + 1 < bytes.size(); at = bytes.find('\r', at + 1))
        if (bytes[at + 1] != '\n')
            return true;
    return false;
}

std::vector<std::size_t> non_ascii_entry_lines(std::string_view bytes)
{
    std::vector<std::size_t> lines;
    if (bom_size(bytes) != 0)
        return lines;
    const auto non_ascii = [](char c) { return static_cast<unsigned char>(c) >= 0x80; };
    LineCounter counter(bytes);
    for (auto at = std::find_if(bytes.begin(), bytes.end(), non_ascii); at != bytes.end();) {
        const LineView line = line_at(bytes, static_cast<std::size_t>(at - bytes.begin()));
        if (parse_entry(line.text))
            lines.push_back(counter.number_at(line.offset));
        at = std::find_if(bytes.begin() + static_cast<std::ptrdiff_t>(line.end()), bytes.end(), non_ascii);
    }
    return lines;
}

Change apply(std::string_view bytes, const std::vector<std::string>& requested, const std::string& address,
             const ApplyOptions& options)
{
    require_normalized(requested, address);
    const std::vector<std::string> names = unique_names(requested);
    const BlockInfo info = inspect_block(bytes);
    if (info.state == BlockState::Malformed)
        throw_malformed(info);

    Change change;
    const std::string eol = block_eol(bytes, options.fallback_eol);
    std::vector<std::string> managed = names;  // what the block manages after the change
    for (const ManagedEntry& e : info.entries)
        if (!contains_name(managed, e.name))
            managed.push_back(e.name);
    std::vector<Conflict> conflicts = find_conflicts(bytes, info, names);
    if (!conflicts.empty() && !options.disable_conflicts) {
        std::string message = describe_conflicts(conflicts);
        throw ConflictError(message, std::move(conflicts));
    }
    // The lines this change disables (one per line, also when it maps several of the names).
    std::vector<DisabledLine> newly_disabled;
    for (const Conflict& c : conflicts) {
        if (!change.disabled.empty() && change.disabled.back().line_number == c.line_number)
            continue;
        change.splices.push_back(Splice{c.offset, 0, std::string(disabled_line_prefix)});
        change.disabled.push_back(c);
        newly_disabled.push_back(DisabledLine{c.line_number, std::string(line_at(bytes, c.offset).text), {}, c.offset});
    }
    // Which of the lines reading "#[fshosts:disabled] TEXT" after the change is the one at
    // `offset` (the old offsets keep the file order: a newly disabled line is not a disabled one).
    std::unordered_map<std::string_view, std::vector<std::size_t>> offsets_by_text;
    for (const std::vector<DisabledLine>* lines : {&info.disabled, &info.other_disabled, &std::as_const(newly_disabled)})
        for (const DisabledLine& d : *lines)
            offsets_by_text[d.original_text].push_back(d.offset);
    for (auto& entry : offsets_by_text)
        std::sort(entry.second.begin(), entry.second.end());
    auto ordinal_of = [&](std::string_view text, std::size_t offset) {
        const std::vector<std::size_t>& offsets = offsets_by_text[text];
        return static_cast<std::size_t>(std::lower_bound(offsets.begin(), offsets.end(), offset) - offsets.begin()) + 1;
    };

    std::string new_records;
    for (const DisabledLine& d : newly_disabled)
        new_records.append(record_text(d.original_text, managed, ordinal_of(d.original_text, d.offset))).append(eol);
    // The other records' replacement names drop what is managed now, and their ordinals count
    // the lines this change disables.
    for (const RestoreRecord& r : info.records) {
        std::string text = record_text(r.original_text, managed, r.matched ? ordinal_of(r.original_text, r.line_offset) : r.ordinal);
        if (bytes.substr(r.offset, r.text_size) != text)
            change.splices.push_back(Splice{r.offset, r.text_size, std::move(text)});
    }

    std::string new_entries;
    for (const std::string& name : names) {
        auto existing = std::find_if(info.entries.begin(), info.entries.end(),
                                     [&](const ManagedEntry& e) { return e.name == name; });
        if (existing == info.entries.end()) {
            new_entries.append(entry_text(address, name)).append(eol);
            change.added.push_back(name);
        } else if (existing->address == address) {
            change.unchanged.push_back(name);
        } else {
            change.splices.push_back(Splice{existing->offset, existing->text_size, entry_text(address, name)});
            change.updated.push_back(name);
        }
    }

    // The go-live date, one line per name after the entries.
    std::string new_untils;
    if (!options.until.empty()) {
        for (const std::string& name : names) {
            auto existing = std::find_if(info.until_lines.begin(), info.until_lines.end(),
                                         [&](const UntilLine& u) { return u.name == name; });
            if (existing == info.until_lines.end())
                new_untils.append(until_text(options.until, name)).append(eol);
            else if (existing->date != options.until)
                change.splices.push_back(Splice{existing->offset, existing->text_size, until_text(options.until, name)});
        }
    }

    new_entries += new_untils;
    new_entries += new_records;
    if (!new_entries.empty()) {
        if (info.state == BlockState::Present) {
            change.splices.push_back(Splice{info.end_offset, 0, std::move(new_entries)});
        } else {
            // A file without a final newline gets one from the block; the end marker says so,
            // so revert can take it away again.
            std::string block;
            std::string_view end_marker = block_end_marker;
            if (bytes.size() > bom_size(bytes) && !is_break(bytes.back())) {
                block.append(eol);
                end_marker = block_end_marker_no_final_newline;
            }
            block.append(block_begin_marker).append(eol).append(new_entries).append(end_marker).append(eol);
            change.splices.push_back(Splice{bytes.size(), 0, std::move(block)});
        }
    }
    std::sort(change.splices.begin(), change.splices.end(), [](const Splice& a, const Splice& b) { return a.offset < b.offset; });
    return change;
}

namespace {

// revert() on an already inspected file (revert_all inspects it once, not twice).
Change revert_inspected(std::string_view bytes, const BlockInfo& info, const std::vector<std::string>& names)
{
    Change change;
    std::vector<std::string> remaining;
    std::vector<Splice> removals;
    for (const ManagedEntry& e : info.entries) {
        if (contains_name(names, e.name)) {
            change.removed.push_back(e.name);
            removals.push_back(Splice{e.offset, e.line_size, {}});
        } else {
            remaining.push_back(e.name);
        }
    }

    for (const UntilLine& u : info.until_lines)
        if (contains_name(names, u.name))
            removals.push_back(Splice{u.offset, u.line_size, {}});

    const bool block_goes = remaining.empty();
    auto restores = [&](const std::vector<std::string>& line_names) {
        return !any_name_in(line_names, remaining) && (block_goes || any_name_in(line_names, change.removed));
    };
    for (const DisabledLine& d : info.disabled) {
        if (restores(d.names)) {
            change.splices.push_back(Splice{d.offset, disabled_line_prefix.size(), {}});
            change.restored.push_back(d.line_number);
        }
    }
    if (!block_goes) {
        // A record goes with its line (or without it, when the user re-enabled the line by hand);
        // the others' replacement names get back the names no longer managed.
        for (const RestoreRecord& r : info.records) {
            if (restores(r.names)) {
                removals.push_back(Splice{r.offset, r.line_size, {}});
            } else if (std::string text = record_text(r.original_text, remaining, r.ordinal); bytes.substr(r.offset, r.text_size) != text) {
                removals.push_back(Splice{r.offset, r.text_size, std::move(text)});
            }
        }
    }

    if (info.state == BlockState::Present && block_goes) {
        // The whole block goes, and with it the final newline it supplied, unless lines were
        // added after the block (then the line before the block keeps its ending).
        std::size_t from = info.begin_offset;
        if (info.supplied_final_newline && info.after_end == bytes.size() && info.begin_line > 1)
            from -= (from >= 2 && bytes[from - 2] == '\r' && bytes[from - 1] == '\n') ? std::size_t{2} : std::size_t{1};
        change.splices.push_back(Splice{from, info.after_end - from, {}});
    } else {
        change.splices.insert(change.splices.end(), removals.begin(), removals.end());
    }
    std::sort(change.splices.begin(), change.splices.end(), [](const Splice& a, const Splice& b) { return a.offset < b.offset; });
    return change;
}

}  // namespace

Change revert(std::string_view bytes, const std::vector<std::string>& names)
{
    const BlockInfo info = inspect_block(bytes);
    if (info.state == BlockState::Malformed)
        throw_malformed(info);
    return revert_inspected(bytes, info, names);
}

Change revert_all(std::string_view bytes)
{
    const BlockInfo info = inspect_block(bytes);
    if (info.state == BlockState::Malformed)
        throw_malformed(info);
    std::vector<std::string> all;
    for (const ManagedEntry& e : info.entries)
        all.push_back(e.name);
    return revert_inspected(bytes, info, all);
}

}  // namespace fshosts
