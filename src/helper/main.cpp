// fshosts-helper: the only part of fshosts that runs as root (an elevated administrator on
// Windows). It makes one change to the system hosts file, or reports its status, as a JSON
// request asks, and answers with one JSON object. Everything it decides about the hosts file is
// core's; this file only checks who called it and how, and is meant to be audited in one
// sitting. How the request arrives and the answer leaves is platform/helper_process.h.
//
// Contract
//   Invocation  fshosts-helper OPERATION, with exactly one argument: apply|revert|restore|status.
//               Windows: fshosts-helper.exe OPERATION --request <base64url of the request>
//               [--response-pipe PID:HANDLE] (docs/windows.md, "Elevation").
//               It must equal the request's "operation", so the polkit/UAC prompt shows the real one.
//   Caller      uid and euid 0 (pkexec, sudo; macOS the authorization prompt). LD_PRELOAD, LD_AUDIT,
//               LD_LIBRARY_PATH or DYLD_INSERT_LIBRARIES, DYLD_LIBRARY_PATH, DYLD_FRAMEWORK_PATH set: refused. Everything else in the environment is dropped; only PATH (fixed),
//               PKEXEC_UID and SUDO_UID (digits only, for the audit log) are kept.
//               Windows: an administrator token in effect (UAC elevation); DLLs from System32 only.
//   Request     stdin: one JSON object of at most 64 KiB; keys and rules in core/helper_protocol.h.
//               Windows: the same object on the command line, at most 16 KiB.
//   Target      always the compiled-in system hosts file and /var/lib/fshosts (Windows: the path
//               from HKLM and %ProgramData%\fshosts): no argument, request key, environment
//               variable or config file can name another file.
//   Answer      one JSON object on stdout (Windows: also through the pipe handle),
//               {"ok":true,...} or {"ok":false,"error":{kind,message,exit_code}}.
//   Audit log   every request after the root check is recorded in the state directory's audit.log,
//               refusals as op=refused:<reason>. Before the root check nothing is written.
//   State dir   /var/lib/fshosts, its subdirectories and its parents are checked before use
//               (owner root, no group/other write, no links: docs/state-directory.md; Windows: owner
//               and ACL, docs/windows.md); when they fail, the request is refused (exit 4) naming
//               the path, nothing is written there.
//   Exit codes  0 ok                       10 not run as root / not elevated
//               1 internal error           11 bad invocation (argv)
//               2 bad input (name/address) 12 bad request (stdin, JSON, keys, types, size)
//               3 conflict/changed on disk 13 unsafe environment (loader variables set)
//               4 permission  5 I/O
#include "base/error.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include "core/audit_log.h"
#include "core/helper_protocol.h"
#include "core/installed_layout.h"
#include "core/hosts_writer.h"
#include "helper/translations.h"
#include "platform/dns_flush.h"
#include "platform/helper_process.h"
#include "platform/user_identity.h"

#include <exception>
#include <optional>
#include <string>
#include <vector>

using nlohmann::json;

namespace fshosts::helper {
namespace {

int respond(platform::HelperChannel& channel, const json& body, int exit_code)
{
    channel.respond(body.dump(-1, ' ', false, json::error_handler_t::replace));
    return exit_code;
}

// One line in the audit log. Best effort: a log that cannot be written never changes the answer
// (HostsWriter refuses to change the file without its own audit record).
void audit(const std::string& operation, const HelperRequest* request, const json& body)
{
    try {
        AuditRecord record{operation, {}, {}, {}, {}, {}, "ok"};
        if (request) {
            record.names = request->names;
            record.address = request->address;
            record.hash_before = request->expected_hash;
        }
        if (body.value("ok", false)) {
            record.hash_after = body.value("hash_after", std::string());
            if (body.contains("backup_id") && body["backup_id"].is_string())
                record.backup_id = body["backup_id"].get<std::string>();
            if (!body.value("changed", true))
                record.result = "ok (no change)";
        } else {
            record.result = "error: " + body["error"].value("message", std::string());
        }
        const Target target = Target::system();
        AuditLog(target.audit_log, target.hosts).record(record);
    } catch (const std::exception&) {
    }
}

// A refusal after the root check: recorded, then answered.
int refuse(platform::HelperChannel& channel, const char* reason, const std::string& message, int exit_code)
{
    const json body = refusal_to_json(reason, message, exit_code);
    audit(std::string("refused:") + reason, nullptr, body);
    return respond(channel, body, exit_code);
}

json flush_json(const std::vector<platform::FlushResult>& results)
{
    json out = json::array();
    for (const platform::FlushResult& r : results)
        out.push_back({{"cache", r.cache}, {"ok", r.ok}, {"detail", displayable(r.detail, 1024)}});
    return out;
}

int run(platform::HelperChannel& channel)
{
    // 1. Exactly this OS's invocation, naming one of the four operations.
    const std::string& operation = channel.operation();
    if (!operation_from_name(operation)) {
        const std::string usage = platform::HelperChannel::usage();
        return respond(channel, refusal_to_json("bad_invocation", usage, helper_exit_bad_invocation), helper_exit_bad_invocation);
    }
    const HelperOperation invoked_as = *operation_from_name(operation);

    // 2. Root (or an elevated administrator), really. Nothing has been written anywhere yet.
    if (!platform::is_administrator()) {
        const std::string message = platform::HelperChannel::not_administrator_message();
        return respond(channel, refusal_to_json("not_root", message, helper_exit_not_root), helper_exit_not_root);
    }

    // 3. A clean environment; refused if the dynamic loader was told to load anything extra.
    if (const std::string unsafe = platform::harden_process(); !unsafe.empty())
        return refuse(channel, "unsafe_environment",
                      trf("Refused: {0} is set in the environment. fshosts-helper does not run with a modified program loader.",
                          unsafe),
                      helper_exit_unsafe_environment);

    // 4. The request, in the language it asks for.
    std::string input;
    std::string read_error;
    const bool read_ok = channel.read_request(max_helper_request_bytes, input, read_error);
    setup_translations_for(requested_language(input).c_str(), layout::locale_dir());
    if (!read_ok)
        return refuse(channel, "bad_request", platform::HelperChannel::read_error_message(read_error), helper_exit_bad_request);
    HelperRequest request;
    try {
        request = parse_helper_request(input, invoked_as);
    } catch (const RequestError& e) {
        return refuse(channel, "bad_request", e.what(), helper_exit_bad_request);
    } catch (const Error& e) {  // a name or the address: the user's input (exit 2)
        const json body = error_to_json(e);
        audit(std::string("request:") + operation, nullptr, body);
        return respond(channel, body, exit_code(e.kind()));
    }

    // 5. Execute on the system hosts file, flush DNS caches after a change, answer.
    HelperResponse response = execute_helper_request(request, Target::system());
    if (response.body.value("ok", false) && request.operation != HelperOperation::Status) {
        const bool changed = response.body.value("changed", false);
        response.body["dns_flush"] = changed ? flush_json(platform::flush_dns_caches()) : json::array();
    }
    audit(std::string("request:") + operation_name(request.operation), &request, response.body);
    return respond(channel, response.body, response.exit_code);
}

}  // namespace
}  // namespace fshosts::helper

int main(int argc, char** argv)
{
    fshosts::platform::ensure_standard_streams(fshosts::helper_exit_bad_invocation);
    fshosts::platform::HelperChannel channel(argc, argv);
    try {
        return fshosts::helper::run(channel);
    } catch (const std::exception& e) {
        using fshosts::exit_internal;
        const json error{{"kind", "internal"}, {"message", fshosts::displayable(e.what())}, {"exit_code", exit_internal}};
        return fshosts::helper::respond(channel, {{"ok", false}, {"error", error}}, exit_internal);
    }
}
