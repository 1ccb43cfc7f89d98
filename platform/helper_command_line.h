// The command line of fshosts-helper.exe on Windows (docs/windows.md, "Elevation"):
//   fshosts-helper.exe OPERATION --request <base64url of the JSON request> [--response-pipe PID:HANDLE]
// The request travels on the command line because it is fixed when the UAC prompt is shown: no
// other process can change it between consent and use. Pure text functions, built on every OS
// so that their tests also run on Linux.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts::platform {

// The largest request that travels on the command line: its base64url form (21,846 characters)
// stays far below Windows' 32,767-character limit for a whole command line.
inline constexpr std::size_t max_command_line_request_bytes = 16384;

// RFC 4648 section 5 (URL- and file-name-safe alphabet), without padding.
std::string base64url_encode(std::string_view bytes);
// The bytes of canonical unpadded base64url; nullopt for any other character, a length that
// cannot be base64 or non-zero bits after the last byte.
std::optional<std::string> base64url_decode(std::string_view text);

// `arg` quoted so that CommandLineToArgvW (and the C runtime's argv parser) read it back
// exactly: as is when it has no space, tab, newline or quote and is not empty; otherwise in
// quotes, with backslashes doubled before a quote and before the closing quote.
std::string quote_windows_argument(std::string_view arg);
// The arguments quoted and joined with spaces (no program name).
std::string windows_command_line(const std::vector<std::string>& args);

// The helper's arguments (after the program name) for `operation` and `request`;
// `response_pipe` ("PID:HANDLE") is left out when empty. Nullopt when the request is larger than
// max_command_line_request_bytes.
std::optional<std::vector<std::string>> helper_arguments(std::string_view operation, std::string_view request,
                                                         std::string_view response_pipe);

// What the helper found on its command line.
struct HelperArguments {
    bool valid = false;         // exactly OPERATION --request X [--response-pipe Y], each once
    std::string operation;      // the first argument, unchecked
    std::string request;        // the decoded request, when `request_error` is empty
    std::string request_error;  // why the request cannot be used (not base64url, too large)
    std::string response_pipe;  // the text after --response-pipe, unchecked; "" when absent
};
// `args`: the arguments after the program name. The response pipe is reported even when the
// rest is not valid, so a refusal can still be answered through it.
HelperArguments parse_helper_arguments(const std::vector<std::string>& args);

// "PID:HANDLE" as two numbers (decimal, no sign, no leading junk); nullopt otherwise.
struct PipeReference {
    std::uint32_t process_id = 0;    // a DWORD
    std::uint64_t handle_value = 0;  // a HANDLE's value
};
std::optional<PipeReference> parse_pipe_reference(std::string_view text);

}  // namespace fshosts::platform
