// Fuzz target "helper_request": the bytes an unprivileged caller writes to fshosts-helper's
// standard input, read as the helper reads them (requested_language, then parse_helper_request,
// unbound and bound to each operation of the helper's command line, like operation_from_name).
// Whatever the bytes: no crash, no exception but RequestError or Error(BadInput), and a request
// that passes holds only what the protocol allows, already normalised.
#include "fuzz/fuzz_check.h"

#include "base/utf8.h"
#include "core/helper_protocol.h"
#include "text/validation.h"

#include <algorithm>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

using namespace fshosts;
using fshosts::fuzz::show;

namespace {

bool is_lower_hex(std::string_view s)
{
    return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Parses as the helper does; nullopt when refused the allowed way. Any other exception escapes
// to libFuzzer (a crash: the helper would die with "internal error" on a caller's bytes).
std::optional<HelperRequest> parse(std::string_view bytes, std::optional<HelperOperation> invoked_as)
{
    try {
        return parse_helper_request(bytes, invoked_as);
    } catch (const RequestError& e) {
        FUZZ_CHECK(utf8::is_valid(e.what()), "a request error message is not UTF-8: " + show(e.what()));
    } catch (const Error& e) {
        FUZZ_CHECK(e.kind() == ErrorKind::BadInput, std::string("parse_helper_request threw a non-input error: ") + e.what());
        FUZZ_CHECK(utf8::is_valid(e.what()), "an input error message is not UTF-8: " + show(e.what()));
    }
    return std::nullopt;
}

void check_request(const HelperRequest& r, std::string_view bytes)
{
    const std::string input = "\nrequest = " + show(bytes);
    FUZZ_CHECK(bytes.size() <= max_helper_request_bytes, "a request over the size limit passed" + input);
    FUZZ_CHECK(r.names.size() <= max_helper_names, "too many names passed" + input);
    for (const std::string& name : r.names)
        FUZZ_CHECK(normalize_domain(name) == name, "a name is not normalised: " + show(name) + input);
    switch (r.operation) {
    case HelperOperation::Apply:
        FUZZ_CHECK(!r.names.empty(), "apply without names" + input);
        FUZZ_CHECK(normalize_address(r.address) == r.address, "the address is not normalised: " + show(r.address) + input);
        [[fallthrough]];
    case HelperOperation::Revert:
    case HelperOperation::Restore:
        FUZZ_CHECK(r.expected_hash.size() == 64 && is_lower_hex(r.expected_hash), "a change without a SHA-256" + input);
        break;
    case HelperOperation::Status:
        FUZZ_CHECK(r.names.empty() && r.address.empty() && r.backup_id.empty(), "status with change arguments" + input);
        break;
    }
    if (r.operation == HelperOperation::Restore) {
        const bool id_ok = !r.backup_id.empty() && r.backup_id.size() <= max_helper_backup_id_bytes &&
                           std::all_of(r.backup_id.begin(), r.backup_id.end(), [](char c) {
                               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
                                      c == '+' || c == '-';
                           });
        FUZZ_CHECK(id_ok, "a backup id that could name another file: " + show(r.backup_id) + input);
    } else {
        FUZZ_CHECK(r.backup_id.empty(), "a backup id outside restore" + input);
    }
    FUZZ_CHECK(r.language == "en" || r.language == "ja", "an unknown language passed" + input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const std::string language = requested_language(bytes);
    FUZZ_CHECK(language == "en" || language == "ja", "requested_language gave " + show(language));

    const std::optional<HelperRequest> request = parse(bytes, std::nullopt);
    if (request) {
        check_request(*request, bytes);
        FUZZ_CHECK(request->language == language, "the message language and the request's language differ");
    }
    // Bound to the operation of the helper's command line: passes for that operation only.
    for (const char* op_name : {"apply", "revert", "restore", "status"}) {
        const std::optional<HelperOperation> op = operation_from_name(op_name);
        FUZZ_CHECK(op && operation_name(*op) == std::string_view(op_name), "operation names do not round-trip");
        const std::optional<HelperRequest> bound = parse(bytes, op);
        FUZZ_CHECK(bound.has_value() == (request && request->operation == *op),
                   std::string("bound to ") + op_name + " the request " + (bound ? "passed" : "failed") + ": " + show(bytes));
    }
    return 0;
}
