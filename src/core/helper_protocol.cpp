#include "core/helper_protocol.h"

#include "base/i18n.h"
#include "base/utf8.h"
#include "core/go_live.h"
#include "core/hosts_io.h"
#include "core/sha256.h"
#include "platform/hosts_path.h"
#include "text/validation.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <exception>
#include <optional>
#include <set>

using nlohmann::json;

namespace fshosts {
namespace {

// A key that tries to name a file: the helper only ever changes the compiled-in hosts file.
bool looks_like_path_key(std::string_view key)
{
    std::string lower(key);
    for (char& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* word : {"path", "file", "dir", "hosts"})
        if (lower.find(word) != std::string::npos)
            return true;
    return false;
}

// Keys are quoted in messages; they come from the request, so they are made displayable.
std::string quoted_key(std::string_view key) { return displayable(key, 64); }

constexpr std::array<std::string_view, 8> known_keys = {"operation", "names", "address", "disable_conflicts",
                                                        "until", "expected_hash", "backup_id", "language"};

bool belongs_to(HelperOperation op, std::string_view key)
{
    if (key == "operation" || key == "language")
        return true;
    switch (op) {
    case HelperOperation::Apply:
        return key == "names" || key == "address" || key == "disable_conflicts" || key == "until" || key == "expected_hash";
    case HelperOperation::Revert: return key == "names" || key == "expected_hash";
    case HelperOperation::Restore: return key == "backup_id" || key == "expected_hash";
    case HelperOperation::Status: return false;
    }
    return false;
}

std::string get_string(const json& value, std::string_view key, std::size_t max_bytes)
{
    if (!value.is_string())
        throw RequestError(trf("\"{0}\" must be a string.", key));
    const std::string& s = value.get_ref<const std::string&>();
    if (s.size() > max_bytes)
        throw RequestError(trf("\"{0}\" is longer than {1} bytes.", key, max_bytes));
    if (s.find('\0') != std::string::npos)
        throw RequestError(_("The request contains a NUL byte."));
    return s;
}

std::vector<std::string> get_names(const json& value)
{
    if (!value.is_array())
        throw RequestError(trf("\"{0}\" must be a list of strings.", "names"));
    if (value.size() > max_helper_names)
        throw RequestError(trf("\"{0}\" has more than {1} items.", "names", max_helper_names));
    std::vector<std::string> names;
    for (const json& item : value) {
        if (!item.is_string())
            throw RequestError(trf("\"{0}\" must be a list of strings.", "names"));
        names.push_back(get_string(item, "names", max_helper_name_bytes));
    }
    return names;
}

json parse_json_object(std::string_view bytes)
{
    // nlohmann keeps the last of duplicate keys; the callback sees every key and refuses repeats.
    std::vector<std::set<std::string>> open_objects;
    auto callback = [&](int, json::parse_event_t event, json& parsed) {
        if (event == json::parse_event_t::object_start)
            open_objects.emplace_back();
        else if (event == json::parse_event_t::object_end && !open_objects.empty())
            open_objects.pop_back();
        else if (event == json::parse_event_t::key && !open_objects.empty()) {
            const std::string key = parsed.get<std::string>();
            if (!open_objects.back().insert(key).second)
                throw RequestError(trf("The request has the key \"{0}\" more than once.", quoted_key(key)));
        }
        return true;
    };
    json j;
    try {
        j = json::parse(bytes.begin(), bytes.end(), callback);
    } catch (const json::exception& e) {
        throw RequestError(trf("The request is not valid JSON: {0}", displayable(e.what())));
    }
    if (!j.is_object())
        throw RequestError(_("The request must be one JSON object."));
    return j;
}

bool is_lower_hex_sha256(std::string_view s)
{
    return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

bool is_backup_id_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '+' || c == '-';
}

// The bytes the caller planned on must be the bytes on disk (checked under the writer's lock).
// The message says so when the writer's recovery changed the file just before.
void check_expected_hash(const Snapshot& current, const std::string& expected, const HostsWriter& writer)
{
    if (current.sha256 != expected)
        writer.throw_changed_on_disk();
}

HelperResponse run_change(const HelperRequest& r, const Target& target)
{
    HostsWriter writer(target);
    const ApplyRequest apply{r.names, r.address, false, r.disable_conflicts, r.until};
    // Planned while the bytes are hashed; the plan (or the conflict it found) counts only once
    // the hash matches the request's: on other bytes the caller has to plan again.
    std::optional<Plan> planned;
    std::exception_ptr plan_failure;
    const Snapshot current = writer.snapshot_while([&](std::string_view bytes) {
        try {
            planned = r.operation == HelperOperation::Apply ? plan_apply(bytes, apply, platform::native_eol())
                                                            : plan_revert(bytes, r.names);
        } catch (...) {
            plan_failure = std::current_exception();
        }
    });
    check_expected_hash(current, r.expected_hash, writer);
    if (plan_failure)
        std::rethrow_exception(plan_failure);
    const Plan& plan = *planned;
    CommitResult commit;
    const ChangeInfo info{operation_name(r.operation), plan.names, plan.address};
    if (plan.changed())  // the request's hash, not a fresh one: a concurrent change is the caller's to re-plan
        commit = writer.commit(current, plan.after(current.bytes), info);
    else
        commit.hash_after = current.sha256;  // unchanged: no need to hash the same bytes again
    return {to_json(change_result(operation_name(r.operation), plan, commit, writer.recovery_notes())), exit_ok};
}

HelperResponse run_restore(const HelperRequest& r, const Target& target)
{
    HostsWriter writer(target);
    const Snapshot current = writer.snapshot();
    check_expected_hash(current, r.expected_hash, writer);
    const BackupInfo backup = writer.backups().find(r.backup_id);
    const std::string bytes = writer.backups().load(backup);
    CommitResult commit;
    if (bytes != current.bytes.view())
        commit = writer.commit(current, bytes, ChangeInfo{"restore " + backup.id, {}, {}});
    else
        commit.hash_after = current.sha256;
    Plan plan;
    plan.differs = bytes != current.bytes.view();
    ChangeResult result = change_result("restore", plan, commit, writer.recovery_notes());
    result.restored = backup.id;
    return {to_json(result), exit_ok};
}

HelperResponse run_status(const Target& target)
{
    // Read-only: no lock and no recovery, so a status request never writes anything.
    const platform::ByteBuffer bytes = read_hosts_file_stamped(target.hosts).bytes;
    const std::string_view current = bytes.view();
    json body{{"ok", true}, {"operation", "status"}, {"hash", sha256_hex(current)}};
    body.update(status_to_json(read_status(current)));
    return {body, exit_ok};
}

}  // namespace

std::string base64_encode(std::string_view bytes)
{
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < 3; ++k)
            v = (v << 8) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0u);
        for (std::size_t k = 0; k < 4; ++k)
            out.push_back(k <= n ? alphabet[(v >> (18 - 6 * k)) & 63] : '=');
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view text)
{
    if (text.size() % 4 != 0)
        return std::nullopt;
    const auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z')
            return c - 'A';
        if (c >= 'a' && c <= 'z')
            return c - 'a' + 26;
        if (c >= '0' && c <= '9')
            return c - '0' + 52;
        return c == '+' ? 62 : c == '/' ? 63 : -1;
    };
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        const std::size_t pad = !last ? 0 : text[i + 2] == '=' && text[i + 3] == '=' ? 2 : text[i + 3] == '=' ? 1 : 0;
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            const int d = k < 4 - pad ? value(text[i + k]) : 0;
            if (d < 0)
                return std::nullopt;
            v = (v << 6) | static_cast<std::uint32_t>(d);
        }
        for (std::size_t k = 0; k < 3 - pad; ++k)
            out.push_back(static_cast<char>((v >> (16 - 8 * k)) & 0xff));
    }
    return out;
}

void put_text(json& object, const std::string& key, std::string_view bytes, std::size_t max_display_bytes)
{
    std::string shown = displayable(bytes, max_display_bytes);
    if (shown != bytes)
        object[key + "_base64"] = base64_encode(bytes);
    object[key] = std::move(shown);
}

std::string text_from_json(const json& object, const std::string& key)
{
    if (const auto exact = object.find(key + "_base64"); exact != object.end()) {
        std::optional<std::string> bytes = base64_decode(exact->get<std::string>());
        if (!bytes)
            throw json::other_error::create(501, "\"" + key + "_base64\" is not base64", &object);
        return *bytes;
    }
    return object.value(key, std::string());
}

std::string json_message(std::string_view message)
{
    const DisplayOptions options{.max_bytes = 65536, .max_chars = std::string_view::npos, .keep_tabs = true, .ellipsis = "..."};
    std::string out;
    for (std::size_t start = 0;;) {
        const std::size_t end = message.find('\n', start);
        out += displayable(message.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start), options);
        if (end == std::string_view::npos)
            return out;
        out += '\n';
        start = end + 1;
    }
}

const char* operation_name(HelperOperation operation) noexcept
{
    switch (operation) {
    case HelperOperation::Apply: return "apply";
    case HelperOperation::Revert: return "revert";
    case HelperOperation::Restore: return "restore";
    case HelperOperation::Status: return "status";
    }
    return "status";
}

std::optional<HelperOperation> operation_from_name(std::string_view name) noexcept
{
    using enum HelperOperation;
    for (HelperOperation op : {Apply, Revert, Restore, Status})
        if (name == operation_name(op))
            return op;
    return std::nullopt;
}

HelperRequest parse_helper_request(std::string_view bytes, std::optional<HelperOperation> invoked_as)
{
    if (bytes.size() > max_helper_request_bytes)
        throw RequestError(trf("The request is larger than {0} bytes.", max_helper_request_bytes));
    if (bytes.find('\0') != std::string_view::npos)
        throw RequestError(_("The request contains a NUL byte."));
    if (!utf8::is_valid(bytes))
        throw RequestError(_("The request is not valid UTF-8."));
    const json j = parse_json_object(bytes);

    for (const auto& item : j.items())
        if (looks_like_path_key(item.key()))
            throw RequestError(trf("A request cannot choose the file to change: the helper only ever changes {0}. "
                                   "Remove \"{1}\" from the request.",
                                   platform::system_hosts_path().string(), quoted_key(item.key())));
    for (const auto& item : j.items())
        if (std::find(known_keys.begin(), known_keys.end(), item.key()) == known_keys.end())
            throw RequestError(trf("Unknown key \"{0}\" in the request.", quoted_key(item.key())));

    if (!j.contains("operation"))
        throw RequestError(_("The request has no \"operation\"."));
    const std::string op_text = get_string(j.at("operation"), "operation", 16);
    const std::optional<HelperOperation> op = operation_from_name(op_text);
    if (!op)
        throw RequestError(trf("\"{0}\" is not an operation. Use apply, revert, restore or status.", displayable(op_text)));
    if (invoked_as && *invoked_as != *op)
        throw RequestError(
            trf("The helper was started for {0}, but the request asks for {1}.", operation_name(*invoked_as), op_text));
    for (const auto& item : j.items())
        if (!belongs_to(*op, item.key()))
            throw RequestError(trf("\"{0}\" does not belong to the operation {1}.", item.key(), op_text));

    HelperRequest r;
    r.operation = *op;
    if (j.contains("names"))
        r.names = get_names(j.at("names"));
    if (j.contains("address"))
        r.address = get_string(j.at("address"), "address", max_helper_name_bytes);
    if (j.contains("disable_conflicts")) {
        if (!j.at("disable_conflicts").is_boolean())
            throw RequestError(trf("\"{0}\" must be true or false.", "disable_conflicts"));
        r.disable_conflicts = j.at("disable_conflicts").get<bool>();
    }
    if (j.contains("until")) {
        r.until = get_string(j.at("until"), "until", 10);
        // The caller sends the form normalize_date gives; anything else is not our caller.
        bool canonical = false;
        try {
            canonical = normalize_date(r.until) == r.until;
        } catch (const Error&) {
        }
        if (!canonical)
            throw RequestError(trf("\"{0}\" must be a date in the form YYYY-MM-DD.", "until"));
    }
    if (j.contains("expected_hash")) {
        r.expected_hash = get_string(j.at("expected_hash"), "expected_hash", 64);
        if (!is_lower_hex_sha256(r.expected_hash))
            throw RequestError(trf("\"{0}\" must be a SHA-256 in lower-case hex (64 characters).", "expected_hash"));
    }
    if (j.contains("backup_id")) {
        r.backup_id = get_string(j.at("backup_id"), "backup_id", max_helper_backup_id_bytes);
        if (r.backup_id.empty() || !std::all_of(r.backup_id.begin(), r.backup_id.end(), is_backup_id_char))
            throw RequestError(trf("\"{0}\" must be a backup id: letters, digits, '.', '+' and '-'.", "backup_id"));
    }
    if (j.contains("language")) {
        r.language = get_string(j.at("language"), "language", 8);
        if (r.language != "en" && r.language != "ja")
            throw RequestError(trf("\"{0}\" must be \"en\" or \"ja\".", "language"));
    }

    const auto require = [&](const char* key) {
        if (!j.contains(key))
            throw RequestError(trf("The operation {0} needs \"{1}\".", op_text, key));
    };
    switch (r.operation) {
    case HelperOperation::Apply:
        require("names");
        require("address");
        require("expected_hash");
        if (r.names.empty())
            throw RequestError(trf("The operation {0} needs at least one name.", op_text));
        break;
    case HelperOperation::Revert: require("expected_hash"); break;
    case HelperOperation::Restore:
        require("backup_id");
        require("expected_hash");
        break;
    case HelperOperation::Status: break;
    }

    // The protocol is fine; now the user's input, exactly as the CLI would check it (exit 2).
    for (std::string& name : r.names)
        name = normalize_domain(name);
    if (r.operation == HelperOperation::Apply)
        r.address = normalize_address(r.address);
    return r;
}

std::string requested_language(std::string_view bytes) noexcept
{
    try {
        if (bytes.size() > max_helper_request_bytes)
            return "en";
        const json j = json::parse(bytes.begin(), bytes.end(), nullptr, false);
        if (j.is_object() && j.contains("language") && j.at("language") == "ja")
            return "ja";
    } catch (...) {
    }
    return "en";
}

HelperResponse execute_helper_request(const HelperRequest& request, const Target& target)
{
    HelperResponse response;
    try {
        switch (request.operation) {
        case HelperOperation::Status: response = run_status(target); break;
        case HelperOperation::Restore: response = run_restore(request, target); break;
        case HelperOperation::Apply:
        case HelperOperation::Revert: response = run_change(request, target); break;
        }
    } catch (const Error& e) {
        response.body = error_to_json(e);
        response.exit_code = response.body["error"]["exit_code"].get<int>();
    } catch (const std::exception& e) {
        const std::string message = trf("internal error: {0}", displayable(e.what()));
        response.body = {{"ok", false}, {"error", {{"kind", "internal"}, {"message", message}, {"exit_code", exit_internal}}}};
        response.exit_code = exit_internal;
    }
    if (!response.body.contains("operation"))
        response.body["operation"] = operation_name(request.operation);
    return response;
}

const char* block_state_name(BlockState state) noexcept
{
    switch (state) {
    case BlockState::Absent: return "absent";
    case BlockState::Present: return "present";
    case BlockState::Malformed: return "malformed";
    }
    return "unknown";
}

const char* error_kind_name(ErrorKind kind) noexcept
{
    switch (kind) {
    case ErrorKind::BadInput: return "bad_input";
    case ErrorKind::Conflict: return "conflict";
    case ErrorKind::ChangedOnDisk: return "changed_on_disk";
    case ErrorKind::Permission: return "permission";
    case ErrorKind::Io: return "io";
    case ErrorKind::Busy: return "busy";
    }
    return "internal";
}

namespace {

// [{"line", "name", "address"[, "text"]}]: entries and conflicts name an address on a line alike.
template <typename Item>
json named_lines_to_json(const std::vector<Item>& items)
{
    json out = json::array();
    for (const Item& i : items) {
        json item{{"line", i.line_number}};
        put_text(item, "name", i.name);
        put_text(item, "address", i.address);
        if constexpr (requires { i.line_text; })
            put_text(item, "text", i.line_text);
        out.push_back(std::move(item));
    }
    return out;
}

}  // namespace

json conflicts_to_json(const std::vector<Conflict>& conflicts) { return named_lines_to_json(conflicts); }

json entries_to_json(const std::vector<ManagedEntry>& entries)
{
    json out = named_lines_to_json(entries);
    const std::string today = local_date_today();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const ManagedEntry& e = entries[i];
        out[i]["until"] = nullptr;
        out[i]["days_left"] = nullptr;
        out[i]["overdue"] = false;
        if (e.until.empty())
            continue;
        out[i]["until"] = e.until;
        if (const std::optional<int> days = days_until(e.until, today)) {
            out[i]["days_left"] = *days;
            out[i]["overdue"] = *days < 0;
        }
    }
    return out;
}

json disabled_lines_to_json(const std::vector<DisabledLine>& lines)
{
    json out = json::array();
    for (const DisabledLine& d : lines) {
        json names = json::array();
        for (const std::string& n : d.names)
            names.push_back(displayable(n));
        json item{{"line", d.line_number}, {"names", names}};
        put_text(item, "text", d.original_text);
        out.push_back(std::move(item));
    }
    return out;
}

namespace {

const char* after_write_state_name(AfterWriteCheck::State state) noexcept
{
    switch (state) {
    case AfterWriteCheck::State::Intact: return "intact";
    case AfterWriteCheck::State::BlockRemoved: return "block_removed";
    case AfterWriteCheck::State::EntriesChanged: return "entries_changed";
    case AfterWriteCheck::State::Unreadable: return "unreadable";
    }
    return "unreadable";
}

// "after_write": what the re-read found; when it undid the preview, the object is a failure too
// (ok false, error kind "undone", exit code 3: docs/json.md).
void put_after_write(json& body, const AfterWriteCheck& check)
{
    body["after_write"] = {{"delay_ms", check.delay.count()},
                           {"state", after_write_state_name(check.state)},
                           {"missing", check.missing},
                           {"message", json_message(check.message)}};
    if (check.undone()) {
        body["ok"] = false;
        body["error"] = {{"kind", "undone"}, {"message", json_message(check.message)}, {"exit_code", exit_undone()}};
    }
}

}  // namespace

json to_json(const ChangeResult& r)
{
    json disabled = json::array();
    for (const DisabledLineNote& d : r.disabled_lines) {
        json item{{"line", d.line}};
        put_text(item, "name", d.name);
        put_text(item, "address", d.address);
        put_text(item, "text", d.text);
        disabled.push_back(std::move(item));
    }
    json body{{"ok", true},
              {"operation", r.operation},
              {"changed", r.changed},
              {"names", r.names},
              {"address", r.address},
              {"backup_id", r.backup_id.empty() ? json(nullptr) : json(r.backup_id)},
              {"hash_after", r.hash_after},
              {"written_in_place", r.written_in_place},
              {"recovery", json::array()},
              {"added", r.added},
              {"updated", r.updated},
              {"unchanged", r.unchanged},
              {"removed", r.removed},
              {"disabled_lines", std::move(disabled)},
              {"restored_lines", r.restored_lines}};
    for (const std::string& note : r.recovery)
        body["recovery"].push_back(json_message(note));
    if (r.operation == "restore")
        body["restored"] = r.restored;
    if (r.dns_flush) {
        json flushes = json::array();
        for (const DnsFlushNote& f : *r.dns_flush)
            flushes.push_back({{"cache", f.cache}, {"ok", f.ok}, {"detail", f.detail}});
        body["dns_flush"] = std::move(flushes);
    }
    if (r.after_write)
        put_after_write(body, *r.after_write);
    return body;
}

ChangeResult change_result_from_json(const json& body)
{
    ChangeResult r;
    r.operation = body.value("operation", "");
    r.changed = body.value("changed", false);
    r.names = body.value("names", std::vector<std::string>{});
    r.address = body.value("address", "");
    if (const auto id = body.find("backup_id"); id != body.end() && id->is_string())
        r.backup_id = id->get<std::string>();
    r.hash_after = body.value("hash_after", "");
    r.written_in_place = body.value("written_in_place", false);
    r.recovery = body.value("recovery", std::vector<std::string>{});
    r.added = body.value("added", std::vector<std::string>{});
    r.updated = body.value("updated", std::vector<std::string>{});
    r.unchanged = body.value("unchanged", std::vector<std::string>{});
    r.removed = body.value("removed", std::vector<std::string>{});
    for (const json& d : body.value("disabled_lines", json::array()))
        r.disabled_lines.push_back(DisabledLineNote{d.value("line", std::size_t{0}), text_from_json(d, "name"),
                                                    text_from_json(d, "address"), text_from_json(d, "text")});
    r.restored_lines = body.value("restored_lines", std::vector<std::size_t>{});
    r.restored = body.value("restored", "");
    if (const auto flushes = body.find("dns_flush"); flushes != body.end() && flushes->is_array()) {
        r.dns_flush.emplace();
        for (const json& f : *flushes)
            r.dns_flush->push_back(DnsFlushNote{f.value("cache", ""), f.value("ok", false), f.value("detail", "")});
    }
    return r;
}

json status_to_json(const Status& status)
{
    const BlockInfo& block = status.block;
    json j{{"block", block_state_name(block.state)},
           {"entries", entries_to_json(block.entries)},
           {"conflicts", conflicts_to_json(status.conflicts)},
           {"disabled_lines", disabled_lines_to_json(block.disabled)},
           {"lone_cr_lines", status.lone_cr_lines},
           {"non_ascii_lines", status.non_ascii_lines}};
    if (block.state == BlockState::Malformed)
        j["problem"] = {{"line", block.problem_line}, {"message", displayable(block.problem, 4096)}};
    return j;
}

json error_to_json(const Error& error)
{
    if (dynamic_cast<const RequestError*>(&error))
        return refusal_to_json("bad_request", error.what(), helper_exit_bad_request);
    const json details{{"kind", error_kind_name(error.kind())}, {"message", json_message(error.what())}, {"exit_code", exit_code(error.kind())}};
    json j{{"ok", false}, {"error", details}};
    if (const auto* conflict = dynamic_cast<const ConflictError*>(&error))
        j["error"]["conflicts"] = conflicts_to_json(conflict->conflicts());
    return j;
}

json refusal_to_json(std::string_view reason, const std::string& message, int exit_code)
{
    const json details{{"kind", "refused"}, {"reason", reason}, {"message", json_message(message)}, {"exit_code", exit_code}};
    return {{"ok", false}, {"error", details}};
}

}  // namespace fshosts
