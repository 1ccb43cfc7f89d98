#include "platform/authorization_prompt.h"

#include "base/i18n.h"
#include "base/utf8.h"

#include <charconv>
#include <variant>

namespace fshosts::platform {
namespace {

// The marker line the shell command prints after the helper: "fshosts-helper-exit:<status>".
constexpr std::string_view exit_marker = "fshosts-helper-exit:";

// One fragment of the shell command: a constant text, or `quoted form of item N of argv`
// (N counted from 1, as AppleScript does). The AppleScript source and the C++ model are both
// built from this one list, so they cannot drift apart. The constant texts hold no `"` or `\`
// (nothing to escape in an AppleScript string literal).
using Fragment = std::variant<std::string_view, int>;
constexpr Fragment command_fragments[] = {
    std::string_view("printf %s "), 3,                    // the request on the helper's stdin
    std::string_view(" | SUDO_UID="), 4,                  // for the audit log, as on Linux under sudo
    std::string_view(" "), 1, std::string_view(" "), 2,  // helper operation
    // The helper's status on a line of its own after its answer; the command itself succeeds,
    // so `do shell script` returns the answer instead of raising an error when the helper refuses.
    std::string_view("; s=$?; echo; echo fshosts-helper-exit:$s"),
};

const std::string& item(const PromptItems& items, int n)
{
    switch (n) {
    case 1:
        return items.helper;
    case 2:
        return items.operation;
    case 3:
        return items.request;
    default:
        return items.uid;
    }
}

bool carries_unchanged(std::string_view text) { return text.find('\0') == std::string_view::npos && utf8::is_valid(text); }

bool is_newline(char c) { return c == '\n' || c == '\r'; }  // "\r": what `do shell script` makes of "\n" when it alters line endings

// Removes one trailing newline.
std::string_view without_final_newline(std::string_view text)
{
    if (!text.empty() && is_newline(text.back()))
        text.remove_suffix(1);
    return text;
}

}  // namespace

std::string applescript_quoted_form(std::string_view text)
{
    std::string out = "'";
    for (char c : text) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

const std::vector<std::string>& authorization_prompt_script()
{
    static const std::vector<std::string> script = [] {
        std::string command;
        for (const Fragment& f : command_fragments) {
            if (!command.empty())
                command += " & ";
            if (const auto* text = std::get_if<std::string_view>(&f))
                command += "\"" + std::string(*text) + "\"";
            else
                command += "quoted form of item " + std::to_string(std::get<int>(f)) + " of argv";
        }
        return std::vector<std::string>{
            "on run argv",
            "return do shell script (" + command + ") with administrator privileges without altering line endings",
            "end run"};
    }();
    return script;
}

std::optional<std::vector<std::string>> authorization_prompt_arguments(const PromptItems& items)
{
    // An absolute path also never looks like an osascript option.
    if (items.helper.empty() || items.helper.front() != '/')
        return std::nullopt;
    if (items.uid.empty() || items.uid.size() > 10 || items.uid.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    for (const std::string* text : {&items.helper, &items.operation, &items.request, &items.uid})
        if (!carries_unchanged(*text))
            return std::nullopt;
    std::vector<std::string> args;
    for (const std::string& statement : authorization_prompt_script()) {
        args.emplace_back("-e");
        args.push_back(statement);
    }
    for (int n = 1; n <= 4; ++n)
        args.push_back(item(items, n));
    return args;
}

std::string authorization_prompt_shell_command(const PromptItems& items)
{
    std::string command;
    for (const Fragment& f : command_fragments) {
        if (const auto* text = std::get_if<std::string_view>(&f))
            command += *text;
        else
            command += applescript_quoted_form(item(items, std::get<int>(f)));
    }
    return command;
}

ElevatedRun authorization_prompt_result(int osascript_exit_code, std::string_view out, std::string_view err)
{
    ElevatedRun run;
    run.diagnostics = std::string(err);
    if (osascript_exit_code != 0) {
        if (err.find("(-128)") != std::string_view::npos)
            run.status = ElevatedRun::Status::Cancelled;
        else if (err.find("(-60005)") != std::string_view::npos)
            run.status = ElevatedRun::Status::NotAuthorized;
        return run;
    }
    // osascript prints the script's result and a newline; the result ends with the marker line.
    std::string_view result = out;
    while (!result.empty() && is_newline(result.back()))
        result.remove_suffix(1);
    const std::size_t at = result.rfind(exit_marker);
    const std::string_view status = at == std::string_view::npos ? std::string_view() : result.substr(at + exit_marker.size());
    int code = -1;
    const auto [end, ec] = std::from_chars(status.data(), status.data() + status.size(), code);
    const std::string_view before = at == std::string_view::npos ? std::string_view() : result.substr(0, at);
    if (at == std::string_view::npos || status.empty() || ec != std::errc() || end != status.data() + status.size() ||
        (!before.empty() && !is_newline(before.back()))) {
        run.diagnostics = trf("osascript gave an answer without the helper's exit status: {0}", std::string(out));
        return run;
    }
    run.status = ElevatedRun::Status::Ran;
    run.exit_code = code;
    run.output = std::string(without_final_newline(before));  // the empty `echo` line
    return run;
}

}  // namespace fshosts::platform
