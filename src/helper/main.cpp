// fshosts-helper: the only part of fshosts that runs as root. It makes one change to the system
// hosts file, or reports its status, as a JSON request on stdin asks, and prints one JSON object
// on stdout. Everything it decides about the hosts file is core's; this file only checks who
// called it and how, and is meant to be audited in one sitting.
//
// Contract
//   Invocation  fshosts-helper OPERATION, with exactly one argument: apply|revert|restore|status.
//               It must equal the request's "operation", so the polkit prompt shows the real one.
//   Caller      uid and euid 0 (pkexec, sudo). LD_PRELOAD, LD_AUDIT or LD_LIBRARY_PATH set:
//               refused. Everything else in the environment is dropped; only PATH (fixed),
//               PKEXEC_UID and SUDO_UID (digits only, for the audit log) are kept.
//   Stdin       one JSON object of at most 64 KiB; keys and rules in core/helper_protocol.h.
//   Target      always the compiled-in system hosts file and /var/lib/fshosts: no argument,
//               request key, environment variable or config file can name another file.
//   Stdout      one JSON object, {"ok":true,...} or {"ok":false,"error":{kind,message,exit_code}}.
//   Audit log   every request after the root check is recorded in /var/lib/fshosts/audit.log,
//               refusals as op=refused:<reason>. Before the root check nothing is written.
//   State dir   /var/lib/fshosts, its subdirectories and its parents are checked before use
//               (owner root, no group/other write, no links: docs/state-directory.md); when they
//               fail, the request is refused (exit 4) naming the path, nothing is written there.
//   Exit codes  0 ok                       10 not run as root
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
#include "platform/user_identity.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>  // clearenv, setenv
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using nlohmann::json;

namespace fshosts::helper {
namespace {

// A file opened later must never become stdin/stdout/stderr: a caller may start us with them closed.
void ensure_standard_fds()
{
    for (int fd = 0; fd <= 2; ++fd)
        if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF && ::open("/dev/null", O_RDWR) != fd)
            ::_exit(helper_exit_bad_invocation);
}

int respond(const json& body, int exit_code)
{
    std::cout << body.dump(-1, ' ', false, json::error_handler_t::replace) << '\n' << std::flush;
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
int refuse(const char* reason, const std::string& message, int exit_code)
{
    const json body = refusal_to_json(reason, message, exit_code);
    audit(std::string("refused:") + reason, nullptr, body);
    return respond(body, exit_code);
}

// A variable such as SUDO_UID, kept only when it is a plain number.
std::optional<std::string> numeric_env(const char* name)
{
    const char* value = std::getenv(name);
    const std::string_view text = value ? value : "";
    if (text.empty() || text.size() > 10 || text.find_first_not_of("0123456789") != std::string_view::npos)
        return std::nullopt;
    return std::string(text);
}

// Drops the caller's environment and process settings. Returns the name of a loader variable
// that was set (someone tampered with the dynamic loader), or "" when the environment was safe.
std::string sanitize_process()
{
    std::string unsafe;
    for (const char* name : {"LD_PRELOAD", "LD_AUDIT", "LD_LIBRARY_PATH"})
        if (unsafe.empty() && std::getenv(name) != nullptr)
            unsafe = name;
    const std::optional<std::string> pkexec_uid = numeric_env("PKEXEC_UID");
    const std::optional<std::string> sudo_uid = numeric_env("SUDO_UID");
    ::clearenv();
    ::setenv("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", 1);
    if (pkexec_uid)
        ::setenv("PKEXEC_UID", pkexec_uid->c_str(), 1);  // read by platform::acting_user() for the audit log
    if (sudo_uid)
        ::setenv("SUDO_UID", sudo_uid->c_str(), 1);
    ::umask(077);
    static_cast<void>(::chdir("/") == 0);  // cannot fail for root; no relative path is used anyway
    ::signal(SIGCHLD, SIG_DFL);  // waitpid() must see our children (DNS flush)
    // A caller's file size limit must not cut a write short (or kill us halfway with SIGXFSZ).
    const rlimit unlimited{RLIM_INFINITY, RLIM_INFINITY};
    ::setrlimit(RLIMIT_FSIZE, &unlimited);
    ::signal(SIGXFSZ, SIG_IGN);
    return unsafe;
}

// Stdin up to one byte more than a request may have, so an oversized request is recognised.
bool read_request(std::string& bytes, std::string& error)
{
    char buffer[8192];
    while (bytes.size() <= max_helper_request_bytes) {
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n == 0)
            return true;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            error = std::strerror(errno);
            return false;
        }
        bytes.append(buffer, static_cast<std::size_t>(n));
    }
    bytes.resize(max_helper_request_bytes + 1);
    return true;
}

json flush_json(const std::vector<platform::FlushResult>& results)
{
    json out = json::array();
    for (const platform::FlushResult& r : results)
        out.push_back({{"cache", r.cache}, {"ok", r.ok}, {"detail", displayable(r.detail, 1024)}});
    return out;
}

int run(int argc, char** argv)
{
    ensure_standard_fds();

    // 1. Exactly one argument, one of the four operations.
    if (argc != 2 || argv[0] == nullptr || argv[1] == nullptr || !operation_from_name(argv[1])) {
        const char* usage = _("Usage: fshosts-helper apply|revert|restore|status, with the request as JSON on standard input.");
        return respond(refusal_to_json("bad_invocation", usage, helper_exit_bad_invocation), helper_exit_bad_invocation);
    }
    const HelperOperation invoked_as = *operation_from_name(argv[1]);

    // 2. Root, really: real and effective uid 0. Nothing has been written anywhere yet.
    if (!platform::is_administrator()) {
        const char* message = _("fshosts-helper must run as root (through pkexec or sudo).");
        return respond(refusal_to_json("not_root", message, helper_exit_not_root), helper_exit_not_root);
    }

    // 3. A clean environment; refused if the dynamic loader was told to load anything extra.
    if (const std::string unsafe = sanitize_process(); !unsafe.empty())
        return refuse("unsafe_environment",
                      trf("Refused: {0} is set in the environment. fshosts-helper does not run with a modified program loader.",
                          unsafe),
                      helper_exit_unsafe_environment);

    // 4. The request, in the language it asks for.
    std::string input;
    std::string read_error;
    const bool read_ok = read_request(input, read_error);
    setup_translations_for(requested_language(input).c_str(), layout::locale_dir());
    if (!read_ok)
        return refuse("bad_request", trf("Cannot read the request from standard input: {0}", read_error),
                      helper_exit_bad_request);
    HelperRequest request;
    try {
        request = parse_helper_request(input, invoked_as);
    } catch (const RequestError& e) {
        return refuse("bad_request", e.what(), helper_exit_bad_request);
    } catch (const Error& e) {  // a name or the address: the user's input (exit 2)
        const json body = error_to_json(e);
        audit(std::string("request:") + argv[1], nullptr, body);
        return respond(body, exit_code(e.kind()));
    }

    // 5. Execute on the system hosts file, flush DNS caches after a change, answer.
    HelperResponse response = execute_helper_request(request, Target::system());
    if (response.body.value("ok", false) && request.operation != HelperOperation::Status) {
        const bool changed = response.body.value("changed", false);
        response.body["dns_flush"] = changed ? flush_json(platform::flush_dns_caches()) : json::array();
    }
    audit(std::string("request:") + operation_name(request.operation), &request, response.body);
    return respond(response.body, response.exit_code);
}

}  // namespace
}  // namespace fshosts::helper

int main(int argc, char** argv)
{
    try {
        return fshosts::helper::run(argc, argv);
    } catch (const std::exception& e) {
        using fshosts::exit_internal;
        const json error{{"kind", "internal"}, {"message", fshosts::displayable(e.what())}, {"exit_code", exit_internal}};
        return fshosts::helper::respond({{"ok", false}, {"error", error}}, exit_internal);
    }
}
