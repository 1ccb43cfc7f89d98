// UAC elevation (docs/windows.md, "Elevation"): fshosts-helper.exe (requireAdministrator) is
// started with ShellExecuteExW "runas" by its absolute path; the request travels on its command
// line (fixed when the prompt is shown, so nobody can swap it after consent) and the answer
// through an anonymous pipe whose write end the helper duplicates from this process. The exit
// code carries the same result in case the pipe is lost.
#include "platform/elevation.h"

#include "platform/helper_command_line.h"
#include "windows/wide.h"

#include <windows.h>
#include <objbase.h>
#include <shellapi.h>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts::platform {
namespace {

// The helper's answer is one JSON object; more than this is not an answer.
constexpr std::size_t max_response_bytes = 16u << 20;

bool always_elevate()
{
    wchar_t value[8] = {};
    const DWORD n = GetEnvironmentVariableW(L"FSHOSTS_ALWAYS_ELEVATE", value, 8);
    return n > 0 && n < 8 && std::wstring_view(value, n) == L"1";
}

// Whether `path` can be opened with `access` (nothing is read or written).
bool can_open(const std::filesystem::path& path, DWORD access, DWORD flags)
{
    const windows::Handle h(CreateFileW(path.c_str(), access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                                        OPEN_EXISTING, flags, nullptr));
    return static_cast<bool>(h);
}

// Appends what the pipe holds now (all of it once the writer has closed it) to `out`.
void drain(HANDLE pipe, std::string& out, bool until_end)
{
    char buffer[8192];
    for (;;) {
        DWORD available = 0;
        if (!until_end && (!PeekNamedPipe(pipe, nullptr, 0, nullptr, &available, nullptr) || available == 0))
            return;
        DWORD n = 0;
        if (!ReadFile(pipe, buffer, sizeof buffer, &n, nullptr) || n == 0)
            return;  // ERROR_BROKEN_PIPE: every writer has closed it
        if (out.size() < max_response_bytes)
            out.append(buffer, n);
    }
}

// The owner of the UAC prompt (set_prompt_owner); set on the GUI's UI thread, read on its worker.
std::atomic<HWND> prompt_owner{nullptr};

// COM for ShellExecuteExW (shell extensions may need it), released again afterwards.
class ComScope {
public:
    ComScope() : m_ok(SUCCEEDED(CoInitializeEx(nullptr, COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE))) {}
    ~ComScope()
    {
        if (m_ok)
            CoUninitialize();
    }
    ComScope(const ComScope&) = delete;
    ComScope& operator=(const ComScope&) = delete;

private:
    bool m_ok;
};

}  // namespace

// Reading, writing and deleting the file (ReplaceFileW) and adding a file to its folder (the
// temp file beside it): what the writer will do, asked of Windows itself.
bool can_write_without_elevation(const std::filesystem::path& hosts)
{
    if (always_elevate())
        return false;
    return can_open(hosts, GENERIC_READ | GENERIC_WRITE | DELETE, FILE_ATTRIBUTE_NORMAL) &&
           can_open(hosts.parent_path(), FILE_ADD_FILE, FILE_FLAG_BACKUP_SEMANTICS);
}

std::string_view elevation_command() noexcept { return {}; }

void set_prompt_owner(void* native_window) noexcept { prompt_owner.store(static_cast<HWND>(native_window)); }

ElevatedRun run_elevated(const std::filesystem::path& helper, std::string_view operation, std::string_view request)
{
    ElevatedRun run;
    if (!helper.is_absolute()) {
        run.diagnostics = "the helper's path is not absolute: " + windows::to_utf8(helper);
        return run;
    }
    // Neither end is inheritable: the helper duplicates the write end itself.
    HANDLE read_end = nullptr;
    HANDLE write_end = nullptr;
    if (!CreatePipe(&read_end, &write_end, nullptr, 0)) {
        run.diagnostics = "CreatePipe: " + windows::error_text(GetLastError());
        return run;
    }
    const windows::Handle reader(read_end);
    windows::Handle writer(write_end);
    const std::string pipe_reference =
        std::to_string(GetCurrentProcessId()) + ":" + std::to_string(reinterpret_cast<std::uintptr_t>(write_end));
    const std::optional<std::vector<std::string>> args = helper_arguments(operation, request, pipe_reference);
    if (!args) {
        run.diagnostics = "the request is larger than " + std::to_string(max_command_line_request_bytes) +
                          " bytes, the limit of the helper's command line";
        return run;
    }
    const std::wstring parameters = windows::to_wide(windows_command_line(*args));

    const ComScope com;
    SHELLEXECUTEINFOW info{};
    info.cbSize = sizeof info;
    info.fMask = SEE_MASK_NOCLOSEPROCESS | SEE_MASK_NOASYNC | SEE_MASK_FLAG_NO_UI;
    info.hwnd = prompt_owner.load();
    info.lpVerb = L"runas";
    info.lpFile = helper.c_str();
    info.lpParameters = parameters.c_str();
    info.nShow = SW_HIDE;
    if (!ShellExecuteExW(&info)) {
        const DWORD err = GetLastError();
        if (err == ERROR_CANCELLED)
            run.status = ElevatedRun::Status::Cancelled;  // the user chose "No" at the prompt
        run.diagnostics = windows::error_text(err);
        return run;
    }
    if (info.hProcess == nullptr) {
        run.diagnostics = "Windows started fshosts-helper without a process handle";
        return run;
    }
    const windows::Handle process(info.hProcess);
    // Read while waiting, so an answer larger than the pipe's buffer cannot block the helper.
    while (WaitForSingleObject(process.get(), 50) == WAIT_TIMEOUT)
        drain(reader.get(), run.output, false);
    writer.reset();  // the helper has exited: now the pipe ends when its last writer is closed
    drain(reader.get(), run.output, true);
    DWORD code = 0;
    if (!GetExitCodeProcess(process.get(), &code)) {
        run.diagnostics = "GetExitCodeProcess: " + windows::error_text(GetLastError());
        return run;
    }
    run.status = ElevatedRun::Status::Ran;
    run.exit_code = static_cast<int>(code);
    return run;
}

}  // namespace fshosts::platform
