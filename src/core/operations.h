// What the front ends ask for, planned on the bytes of a hosts file: user input is normalised
// and validated here, the text engine computes the new bytes, and nothing is written.
#pragma once

#include "text/managed_block.h"

#include <string>
#include <string_view>
#include <vector>

namespace fshosts {

struct ApplyRequest {
    std::vector<std::string> domains;  // as typed: URLs, full-width text, IDNs
    std::string address;               // as typed
    bool with_twin = false;            // also map the www/apex twin of each domain
    bool disable_conflicts = false;
    std::string until;  // the planned go-live date as typed; "" keeps each name's date
};

struct Plan {
    std::vector<std::string> names;  // normalised names the plan is about
    std::string address;             // normalised address (apply only)
    std::string until;               // normalised go-live date (apply with a date only)
    Change change;
    bool differs = false;            // the new bytes are not the bytes the plan was made on
    bool changed() const noexcept { return differs; }
    // The bytes to write, as pieces of `current` (the bytes the plan was made on, which must
    // outlive the result) and of the change's own text.
    std::vector<std::string_view> after(std::string_view current) const { return splice_pieces(current, change.splices); }
};

// Throws Error(BadInput) for bad input (a name the resolver answers itself included:
// check_preview_target with this computer's host name), Error(Conflict)/ConflictError for a
// conflict or a malformed block. `fallback_eol` is used when the file has no line ending yet.
Plan plan_apply(std::string_view current, const ApplyRequest& request, std::string_view fallback_eol = "\n");

// Removes the entries for `domains` (as typed); no domains: everything fshosts manages.
Plan plan_revert(std::string_view current, const std::vector<std::string>& domains);

struct Status {
    BlockInfo block;
    std::vector<Conflict> conflicts;  // user lines that win over our entries (none when the block is damaged)
    bool lone_cr_lines = false;       // classic Mac line endings: the resolver reads those lines as one
    std::vector<std::size_t> non_ascii_lines;  // entry lines with non-ASCII text, no BOM (non_ascii_entry_lines)
};

// The translated warning for a file with lone-CR line endings (Status::lone_cr_lines).
std::string lone_cr_warning();

Status read_status(std::string_view current);

// What every front end says about the file as this system reads it, translated: lone CRs; where
// the resolver may skip them (Windows), entry lines with non-ASCII text in a file without a BOM;
// for the system hosts file (`system_file`), a hosts path moved away from the usual place, which
// browsers with their own resolver do not read.
std::vector<std::string> status_warnings(const Status& status, bool system_file);

}  // namespace fshosts
