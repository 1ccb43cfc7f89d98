// The line-by-line engine fshosts used before core v2 (issue 8), kept here as the reference
// the fast engine is compared with: it materialises every line and checks each one in turn,
// which is slow but plain to read. test_engine_equivalence runs both on the same inputs and
// requires the same answers, byte for byte.
#pragma once

#include "base/error.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include "text/hosts_document.h"
#include "text/managed_block.h"
#include "text/validation.h"
#include "support/resolver_model.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts::reference {

using fshosts::BlockInfo;
using fshosts::BlockState;
using fshosts::Conflict;
using fshosts::ConflictError;
using fshosts::DisabledLine;
using fshosts::ManagedEntry;
using fshosts::RestoreRecord;

// The old Change: the whole new document.
struct Change {
    HostsDocument document;
    std::vector<std::string> added;
    std::vector<std::string> updated;
    std::vector<std::string> unchanged;
    std::vector<std::string> removed;
    std::vector<Conflict> disabled;
    std::vector<std::size_t> restored;
};

}  // namespace fshosts::reference

namespace fshosts::reference {
namespace detail {

inline char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline bool iequals(std::string_view a, std::string_view b) noexcept
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return ascii_lower(x) == ascii_lower(y);
           });
}

inline bool contains_name(const std::vector<std::string>& names, std::string_view name)
{
    return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return iequals(n, name); });
}

// A line that looks like one of our markers but is not exactly one: "#", optional blanks,
// ">>>" or "<<<", optional blanks, "fshosts". User comments that merely quote a marker
// further into the line are not caught by this.
inline bool looks_like_marker(std::string_view text)
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

inline std::string entry_text(std::string_view address, std::string_view name)
{
    std::string text;
    text.reserve(address.size() + 1 + name.size());
    text.append(address).append(" ").append(name);
    return text;
}

// Our own entry line: exactly "ADDRESS NAME" in the canonical forms fshosts writes.
inline std::optional<ManagedEntry> parse_managed_entry(std::string_view text, std::size_t line_number)
{
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
    return ManagedEntry{line_number, std::string(name), std::string(address), 0, 0, 0, {}};
}

[[noreturn]] inline void throw_malformed(const BlockInfo& info)
{
    throw Error(ErrorKind::Conflict,
                trf("The fshosts block in the hosts file is damaged (line {0}): {1} "
                    "Nothing was changed. Fix or remove the block's lines by hand, then try again.",
                    info.problem_line, info.problem));
}

inline void require_normalized(const std::vector<std::string>& names, const std::string& address)
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

inline std::vector<std::string> unique_names(const std::vector<std::string>& names)
{
    std::vector<std::string> out;
    for (const std::string& n : names)
        if (!contains_name(out, n))
            out.push_back(n);
    return out;
}

inline std::string describe_conflicts(const std::vector<Conflict>& conflicts)
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

// The most frequent line ending counted line by line; the first one seen wins a tie.
inline std::string dominant_eol_by_lines(const HostsDocument& doc, std::string_view fallback)
{
    std::vector<std::pair<std::string, std::size_t>> seen;  // in order of first appearance
    for (const Line& line : doc.lines()) {
        if (line.eol.empty())
            continue;
        auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& k) { return k.first == line.eol; });
        if (it == seen.end())
            seen.emplace_back(line.eol, 1);
        else
            ++it->second;
    }
    if (seen.empty())
        return fallback == "\r" ? std::string("\n") : std::string(fallback);
    auto best = seen.begin();
    for (auto it = seen.begin(); it != seen.end(); ++it)
        if (it->second > best->second)
            best = it;
    // The resolver's lines end at "\n" only: fshosts never writes a lone "\r".
    return best->first == "\r" ? std::string("\n") : best->first;
}

// Restore records: "[ADDRESS NAME... ]#[fshosts:restores] " + the line, %XX-escaped.
inline std::string record_escape(std::string_view text)
{
    std::string out;
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= '!' && c <= '~' && c != '%') {
            out += ch;
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

inline std::optional<std::string> record_unescape(std::string_view text)
{
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < '!' || c > '~')
            return std::nullopt;
        if (c != '%') {
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        if (i + 3 > text.size())
            return std::nullopt;
        unsigned value = 0;
        for (char h : text.substr(i + 1, 2)) {
            const std::string_view digits = "0123456789ABCDEF";
            const std::size_t d = digits.find(h);
            if (d == std::string_view::npos)
                return std::nullopt;
            value = value * 16 + static_cast<unsigned>(d);
        }
        out += static_cast<char>(value);
        i += 3;
    }
    return out;
}

inline std::string record_line(const std::string& original, const std::vector<std::string>& managed)
{
    std::string head;
    if (std::optional<Entry> entry = parse_entry(original)) {
        std::vector<std::string> kept;
        for (const std::string& n : entry->names)
            if (!contains_name(managed, n))
                kept.push_back(n);
        if (!kept.empty()) {
            head = entry->address;
            for (const std::string& n : kept)
                head += " " + n;
            head += " ";
        }
    }
    return head + std::string(restore_record_marker) + record_escape(original);
}

inline std::optional<RestoreRecord> parse_record_line(const std::string& text, std::size_t n)
{
    const std::size_t at = text.find(restore_record_marker);
    if (at == std::string::npos)
        return std::nullopt;
    if (at > 0 && (text[at - 1] != ' ' || !parse_entry(text.substr(0, at - 1))))
        return std::nullopt;
    std::optional<std::string> original = record_unescape(std::string_view(text).substr(at + restore_record_marker.size()));
    if (!original)
        return std::nullopt;
    RestoreRecord r{n, *original, {}, {}};
    if (std::optional<Entry> entry = parse_entry(*original)) {
        r.address = entry->address;
        r.names = entry->names;
    }
    return r;
}

}  // namespace detail

using namespace detail;

inline BlockInfo inspect_block(const HostsDocument& doc)
{
    BlockInfo info;
    const std::vector<Line>& lines = doc.lines();
    bool inside = false;
    bool seen_block = false;
    auto malformed = [&](std::size_t line_number, std::string problem) {
        info.state = BlockState::Malformed;
        info.problem_line = line_number;
        info.problem = std::move(problem);
        info.disabled.clear();
        info.records.clear();
        return info;
    };

    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& text = lines[i].text;
        const std::size_t n = i + 1;
        if (text == block_begin_marker) {
            if (inside)
                return malformed(n, trf("a second begin marker follows the one on line {0}.", info.begin_line));
            if (seen_block)
                return malformed(n, _("the file holds more than one fshosts block."));
            inside = true;
            info.begin_line = n;
        } else if (text == block_end_marker || text == block_end_marker_no_final_newline) {
            if (!inside)
                return malformed(n, _("an end marker has no begin marker before it."));
            inside = false;
            seen_block = true;
            info.end_line = n;
            info.supplied_final_newline = text == block_end_marker_no_final_newline;
        } else if (looks_like_marker(text)) {
            return malformed(n, trf("the marker line was edited: \"{0}\".", displayable(text)));
        } else if (inside) {
            std::optional<ManagedEntry> entry = parse_managed_entry(text, n);
            if (!entry) {
                if (std::optional<RestoreRecord> record = parse_record_line(text, n)) {
                    info.records.push_back(*record);
                    continue;
                }
            }
            if (!entry)
                return malformed(n, trf("this line inside the block was not written by fshosts: \"{0}\".",
                                        displayable(text)));
            bool duplicate = std::any_of(info.entries.begin(), info.entries.end(),
                                         [&](const ManagedEntry& e) { return e.name == entry->name; });
            if (duplicate)
                return malformed(n, trf("{0} appears twice inside the block.", entry->name));
            info.entries.push_back(std::move(*entry));
        } else if (std::string_view(text).substr(0, disabled_line_prefix.size()) == disabled_line_prefix) {
            DisabledLine disabled{n, text.substr(disabled_line_prefix.size()), {}};
            if (std::optional<Entry> entry = parse_entry(disabled.original_text))
                disabled.names = entry->names;
            info.disabled.push_back(std::move(disabled));
        }
    }
    if (inside)
        return malformed(info.begin_line, _("the begin marker has no end marker after it."));
    info.state = seen_block ? BlockState::Present : BlockState::Absent;
    // Only disabled lines with a record are ours: per text, as many as there are records.
    std::vector<DisabledLine> ours;
    for (const DisabledLine& d : info.disabled) {
        for (RestoreRecord& r : info.records) {
            if (!r.matched && r.original_text == d.original_text) {
                r.matched = true;
                ours.push_back(d);
                break;
            }
        }
    }
    info.disabled = ours;
    return info;
}

inline std::vector<Conflict> find_conflicts(const HostsDocument& doc, const std::vector<std::string>& names)
{
    // The resolver model reads the bytes; lines are numbered by where they start.
    BlockInfo info = inspect_block(doc);
    const std::string bytes = doc.render();
    std::vector<std::size_t> starts;  // where each line of the document starts
    std::size_t at = doc.has_bom() ? 3 : 0;
    for (const Line& line : doc.lines()) {
        starts.push_back(at);
        at += line.text.size() + line.eol.size();
    }
    auto number_of = [&](std::size_t offset) {
        return std::max<std::size_t>(1, static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end(), offset) - starts.begin()));
    };
    std::vector<Conflict> conflicts;
    for (const model::UsedLine& line : model::used_lines(bytes)) {
        const std::size_t n = number_of(line.offset);
        if (info.state == BlockState::Present && n >= info.begin_line && n <= info.end_line)
            continue;
        if (std::any_of(info.entries.begin(), info.entries.end(), [&](const ManagedEntry& e) { return e.line_number == n; }))
            continue;
        std::string text = bytes.substr(line.offset, bytes.find('\n', line.offset) - line.offset);
        if (!text.empty() && text.back() == '\r')
            text.pop_back();
        for (const std::string& name : line.names)
            if (contains_name(names, name))
                conflicts.push_back(Conflict{n, text, name, line.address, line.offset});
    }
    return conflicts;
}

inline Change apply(const HostsDocument& doc, const std::vector<std::string>& requested, const std::string& address,
             const ApplyOptions& options = {})
{
    require_normalized(requested, address);
    const std::vector<std::string> names = unique_names(requested);
    const BlockInfo info = inspect_block(doc);
    if (info.state == BlockState::Malformed)
        throw_malformed(info);

    Change change{doc, {}, {}, {}, {}, {}, {}};
    std::vector<Line>& lines = change.document.lines();

    const std::string eol = dominant_eol_by_lines(doc, options.fallback_eol);
    std::vector<std::string> managed;
    for (const ManagedEntry& e : info.entries)
        managed.push_back(e.name);
    managed.insert(managed.end(), names.begin(), names.end());
    std::vector<Line> new_records;
    std::vector<Conflict> conflicts = find_conflicts(doc, names);
    if (!conflicts.empty()) {
        if (!options.disable_conflicts) {
            std::string message = describe_conflicts(conflicts);
            throw ConflictError(message, std::move(conflicts));
        }
        for (const Conflict& c : conflicts) {
            if (!change.disabled.empty() && change.disabled.back().line_number == c.line_number)
                continue;  // one line mapping several of the names
            new_records.push_back(Line{record_line(lines[c.line_number - 1].text, managed), eol});
            lines[c.line_number - 1].text.insert(0, disabled_line_prefix);
            change.disabled.push_back(c);
        }
    }
    for (const RestoreRecord& r : info.records)
        lines[r.line_number - 1].text = record_line(r.original_text, managed);

    std::vector<Line> new_entries;
    for (const std::string& name : names) {
        auto existing = std::find_if(info.entries.begin(), info.entries.end(),
                                     [&](const ManagedEntry& e) { return e.name == name; });
        if (existing == info.entries.end()) {
            new_entries.push_back(Line{entry_text(address, name), eol});
            change.added.push_back(name);
        } else if (existing->address == address) {
            change.unchanged.push_back(name);
        } else {
            lines[existing->line_number - 1].text = entry_text(address, name);
            change.updated.push_back(name);
        }
    }

    new_entries.insert(new_entries.end(), new_records.begin(), new_records.end());
    if (!new_entries.empty()) {
        if (info.state == BlockState::Present) {
            auto end = lines.begin() + static_cast<std::ptrdiff_t>(info.end_line - 1);
            lines.insert(end, new_entries.begin(), new_entries.end());
        } else {
            // A file without a final newline gets one from the block; the end marker says so,
            // so revert can take it away again.
            std::string_view end_marker = block_end_marker;
            if (!lines.empty() && lines.back().eol.empty()) {
                lines.back().eol = eol;
                end_marker = block_end_marker_no_final_newline;
            }
            lines.push_back(Line{std::string(block_begin_marker), eol});
            lines.insert(lines.end(), new_entries.begin(), new_entries.end());
            lines.push_back(Line{std::string(end_marker), eol});
        }
    }
    return change;
}

inline Change revert(const HostsDocument& doc, const std::vector<std::string>& names)
{
    const BlockInfo info = inspect_block(doc);
    if (info.state == BlockState::Malformed)
        throw_malformed(info);

    Change change{doc, {}, {}, {}, {}, {}, {}};
    std::vector<std::string> remaining;
    std::set<std::size_t> drop;  // 0-based indexes of lines to remove
    for (const ManagedEntry& e : info.entries) {
        if (contains_name(names, e.name)) {
            change.removed.push_back(e.name);
            drop.insert(e.line_number - 1);
        } else {
            remaining.push_back(e.name);
        }
    }

    const bool block_goes = remaining.empty();
    std::vector<Line> old_lines = doc.lines();
    auto restores = [&](const std::vector<std::string>& line_names) {
        auto any_in = [&](const std::vector<std::string>& list) {
            return std::any_of(line_names.begin(), line_names.end(), [&](const std::string& n) { return contains_name(list, n); });
        };
        return !any_in(remaining) && (block_goes || any_in(change.removed));
    };
    for (const DisabledLine& d : info.disabled) {
        if (restores(d.names)) {
            old_lines[d.line_number - 1].text = d.original_text;
            change.restored.push_back(d.line_number);
        }
    }
    for (const RestoreRecord& r : info.records) {
        if (restores(r.names))
            drop.insert(r.line_number - 1);
        else
            old_lines[r.line_number - 1].text = record_line(r.original_text, remaining);
    }

    if (info.state == BlockState::Present && block_goes) {
        for (std::size_t n = info.begin_line; n <= info.end_line; ++n)
            drop.insert(n - 1);
        // Take back the final newline the block supplied, unless lines were added after the block.
        if (info.supplied_final_newline && info.end_line == old_lines.size() && info.begin_line > 1)
            old_lines[info.begin_line - 2].eol.clear();
    }

    std::vector<Line>& lines = change.document.lines();
    lines.clear();
    for (std::size_t i = 0; i < old_lines.size(); ++i)
        if (!drop.count(i))
            lines.push_back(std::move(old_lines[i]));
    return change;
}

inline Change revert_all(const HostsDocument& doc)
{
    const BlockInfo info = inspect_block(doc);
    if (info.state == BlockState::Malformed)
        throw_malformed(info);
    std::vector<std::string> all;
    for (const ManagedEntry& e : info.entries)
        all.push_back(e.name);
    return revert(doc, all);
}

}  // namespace fshosts::reference
