#include "platform/helper_command_line.h"

#include "base/i18n.h"

#include <charconv>

namespace fshosts::platform {
namespace {

constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// The value of one base64url character, or -1.
int sextet(char c)
{
    const std::size_t at = alphabet.find(c);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

unsigned byte(char c) { return static_cast<unsigned char>(c); }

// The length of the unpadded base64url form of `bytes` bytes.
constexpr std::size_t encoded_length(std::size_t bytes) { return (bytes * 4 + 2) / 3; }

template <typename Number>
bool parse_decimal(std::string_view text, Number& out)
{
    if (text.empty() || text.size() > 20 || text.find_first_not_of("0123456789") != std::string_view::npos)
        return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string base64url_encode(std::string_view bytes)
{
    std::string out;
    out.reserve(encoded_length(bytes.size()));
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const unsigned v = byte(bytes[i]) << 16 | byte(bytes[i + 1]) << 8 | byte(bytes[i + 2]);
        for (int shift : {18, 12, 6, 0})
            out += alphabet[(v >> shift) & 63];
    }
    if (const std::size_t rest = bytes.size() - i; rest > 0) {
        unsigned v = byte(bytes[i]) << 16;
        if (rest == 2)
            v |= byte(bytes[i + 1]) << 8;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        if (rest == 2)
            out += alphabet[(v >> 6) & 63];
    }
    return out;
}

std::optional<std::string> base64url_decode(std::string_view text)
{
    if (text.size() % 4 == 1)
        return std::nullopt;
    std::string out;
    out.reserve(text.size() * 3 / 4);
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text) {
        const int v = sextet(c);
        if (v < 0)
            return std::nullopt;
        buffer = (buffer << 6 | static_cast<unsigned>(v)) & 0xFFFFFF;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    if (bits > 0 && (buffer & ((1U << bits) - 1)) != 0)
        return std::nullopt;  // not the canonical form: bits after the last byte
    return out;
}

std::string quote_windows_argument(std::string_view arg)
{
    if (!arg.empty() && arg.find_first_of(" \t\n\v\"") == std::string_view::npos)
        return std::string(arg);
    std::string out = "\"";
    std::size_t backslashes = 0;
    for (char c : arg) {
        if (c == '\\') {
            ++backslashes;
            continue;
        }
        // Backslashes are literal unless a quote follows: then each is doubled and the quote escaped.
        out.append(c == '"' ? backslashes * 2 + 1 : backslashes, '\\');
        backslashes = 0;
        out += c;
    }
    out.append(backslashes * 2, '\\');  // before the closing quote
    return out + '"';
}

std::string windows_command_line(const std::vector<std::string>& args)
{
    std::string line;
    for (const std::string& arg : args) {
        if (!line.empty())
            line += ' ';
        line += quote_windows_argument(arg);
    }
    return line;
}

std::optional<std::vector<std::string>> helper_arguments(std::string_view operation, std::string_view request,
                                                         std::string_view response_pipe)
{
    if (request.size() > max_command_line_request_bytes)
        return std::nullopt;
    std::vector<std::string> args{std::string(operation), "--request", base64url_encode(request)};
    if (!response_pipe.empty()) {
        args.emplace_back("--response-pipe");
        args.emplace_back(response_pipe);
    }
    return args;
}

HelperArguments parse_helper_arguments(const std::vector<std::string>& args)
{
    HelperArguments parsed;
    bool well_formed = !args.empty() && args.size() % 2 == 1;
    std::optional<std::string_view> request;
    std::optional<std::string_view> pipe;
    for (std::size_t i = 1; i + 1 < args.size(); i += 2) {
        std::optional<std::string_view>& slot = args[i] == "--request" ? request : pipe;
        if ((args[i] != "--request" && args[i] != "--response-pipe") || slot) {
            well_formed = false;
            continue;
        }
        slot = args[i + 1];
    }
    if (pipe)
        parsed.response_pipe = std::string(*pipe);
    if (!well_formed || !request)
        return parsed;
    parsed.valid = true;
    parsed.operation = args[0];
    if (request->size() > encoded_length(max_command_line_request_bytes)) {
        parsed.request_error = trf("the request is larger than {0} bytes.", max_command_line_request_bytes);
    } else if (std::optional<std::string> bytes = base64url_decode(*request)) {
        parsed.request = std::move(*bytes);
    } else {
        parsed.request_error = _("the request is not base64url text.");
    }
    return parsed;
}

std::optional<PipeReference> parse_pipe_reference(std::string_view text)
{
    const std::size_t colon = text.find(':');
    PipeReference reference;
    if (colon == std::string_view::npos || !parse_decimal(text.substr(0, colon), reference.process_id) ||
        !parse_decimal(text.substr(colon + 1), reference.handle_value))
        return std::nullopt;
    return reference;
}

}  // namespace fshosts::platform
