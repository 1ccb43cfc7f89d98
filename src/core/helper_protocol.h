// The request fshosts-helper reads on stdin and the response it prints: one JSON object each.
// Parsing trusts nothing (size, UTF-8, exact keys and types, per-operation keys, names and
// address validated again by core); executing goes through HostsWriter with the caller's
// expected hash and never re-plans. The JSON shapes are shared with the CLI's --json output.
#pragma once

#include "base/error.h"
#include "core/change_result.h"
#include "core/hosts_writer.h"
#include "core/operations.h"
#include "text/managed_block.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts {

inline constexpr std::size_t max_helper_request_bytes = 65536;
inline constexpr std::size_t max_helper_names = 64;
inline constexpr std::size_t max_helper_name_bytes = 1024;
inline constexpr std::size_t max_helper_backup_id_bytes = 128;

// Exit codes of fshosts-helper beyond the ones of exit_code(ErrorKind) (0, 1, 2, 3, 4, 5).
inline constexpr int helper_exit_not_root = 10;
inline constexpr int helper_exit_bad_invocation = 11;
inline constexpr int helper_exit_bad_request = 12;
inline constexpr int helper_exit_unsafe_environment = 13;

enum class HelperOperation { Apply, Revert, Restore, Status };

const char* operation_name(HelperOperation operation) noexcept;
std::optional<HelperOperation> operation_from_name(std::string_view name) noexcept;

// A request that passed every check. Names and address are already normalised.
struct HelperRequest {
    HelperOperation operation = HelperOperation::Status;
    std::vector<std::string> names;
    std::string address;
    bool disable_conflicts = false;
    std::string until;          // the go-live date, YYYY-MM-DD ("" keeps each name's date)
    std::string expected_hash;  // SHA-256 (lower-case hex) of the bytes the caller planned on
    std::string backup_id;
    std::string language = "en";  // "en" or "ja"
};

// The request is not what the protocol allows (size, encoding, JSON, keys, types): a caller's
// mistake or an attack, never the user's input. Exit code helper_exit_bad_request.
class RequestError : public Error {
public:
    explicit RequestError(const std::string& message) : Error(ErrorKind::BadInput, message) {}
};

// Throws RequestError when the request breaks the protocol (or its operation is not
// `invoked_as`, the operation on the helper's command line), and Error(BadInput) when a name or
// the address is refused by normalize_domain / normalize_address. Messages are translated with
// the translator installed at the time of the call.
HelperRequest parse_helper_request(std::string_view bytes, std::optional<HelperOperation> invoked_as = std::nullopt);

// "ja" when `bytes` is a JSON object whose "language" is "ja", otherwise "en". Never throws;
// lets the helper pick the message language before parse_helper_request reports anything.
std::string requested_language(std::string_view bytes) noexcept;

struct HelperResponse {
    nlohmann::json body;
    int exit_code = exit_ok;
};

// Runs the request on `target` and describes the outcome; errors become an error response,
// never an exception (except std::bad_alloc and the like).
HelperResponse execute_helper_request(const HelperRequest& request, const Target& target);

// Text that may not be valid UTF-8 (paths, lines of the hosts file), losslessly (docs/json.md):
// `key` holds displayable(bytes, max_display_bytes), always valid UTF-8; when that is not the
// bytes themselves (invalid UTF-8, control or bidi characters, cut), `key + "_base64"` holds
// the exact bytes in base64 (RFC 4648, with padding). A reader takes `key_base64` when present.
void put_text(nlohmann::json& object, const std::string& key, std::string_view bytes, std::size_t max_display_bytes = 4096);
// The exact bytes put_text stored (`key_base64` decoded, else `key`); "" when neither is there.
// Throws nlohmann::json::exception when the base64 is not valid.
std::string text_from_json(const nlohmann::json& object, const std::string& key);
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);
// A human-readable message (an error, a recovery note) as valid UTF-8 for JSON: line breaks
// kept, every other control character and invalid byte shown as \xNN (the exact values of
// paths and lines are in their own fields).
std::string json_message(std::string_view message);

// JSON shapes shared by the helper and the CLI's --json output. Text from the file goes
// through put_text().
const char* block_state_name(BlockState state) noexcept;
const char* error_kind_name(ErrorKind kind) noexcept;
nlohmann::json conflicts_to_json(const std::vector<Conflict>& conflicts);        // [{line,name,address,text}]
nlohmann::json entries_to_json(const std::vector<ManagedEntry>& entries);        // [{line,name,address}]
nlohmann::json disabled_lines_to_json(const std::vector<DisabledLine>& lines);   // [{line,names,text}]
// The success response of a change: {ok, operation, changed, names, address, backup_id (null when
// nothing was written), hash_after, written_in_place, recovery, added, updated, unchanged,
// removed, disabled_lines [{line,name,address,text}], restored_lines[, restored][, dns_flush
// [{cache,ok,detail}]][, after_write {delay_ms,state,missing,message}: from the process that
// re-read the file, never from the helper; when it found the preview undone, also ok false and
// error {kind "undone", message, exit_code}]}.
nlohmann::json to_json(const ChangeResult& result);
// The same read back (the helper's response, parsed by the process that ran it). Throws
// nlohmann::json::exception when a key has the wrong type.
ChangeResult change_result_from_json(const nlohmann::json& body);
// {block, entries, conflicts, disabled_lines[, problem{line,message}]}
nlohmann::json status_to_json(const Status& status);
// {"ok":false,"error":{"kind","message","exit_code"[,"conflicts"]}}
nlohmann::json error_to_json(const Error& error);
// {"ok":false,"error":{"kind":"refused","reason","message","exit_code"}} for the helper's own refusals
// (reason: not_root, bad_invocation, bad_request, unsafe_environment).
nlohmann::json refusal_to_json(std::string_view reason, const std::string& message, int exit_code);

}  // namespace fshosts
