// The helper's process on Windows: started by platform::run_elevated through ShellExecuteExW
// "runas" as `fshosts-helper.exe OPERATION --request <base64url> --response-pipe PID:HANDLE`
// (docs/windows.md, "Elevation"). The request is read from the command line, which is fixed
// when the UAC prompt is shown; the answer goes through the write end of an anonymous pipe that
// the launcher holds, duplicated from the launcher (which must be our parent process) into
// this one, and to stdout as well (a test or an administrator running the helper by hand).
#include "platform/helper_process.h"

#include "base/i18n.h"
#include "platform/helper_command_line.h"
#include "windows/wide.h"

#include <windows.h>
#include <tlhelp32.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <vector>

namespace fshosts::platform {
namespace {

// The process that created this one; nullopt when Windows cannot tell.
std::optional<DWORD> parent_process_id()
{
    windows::Handle snapshot(CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0));
    if (!snapshot)
        return std::nullopt;
    PROCESSENTRY32W entry{};
    entry.dwSize = sizeof entry;
    const DWORD self = GetCurrentProcessId();
    for (BOOL more = Process32FirstW(snapshot.get(), &entry); more; more = Process32NextW(snapshot.get(), &entry))
        if (entry.th32ProcessID == self)
            return entry.th32ParentProcessID;
    return std::nullopt;
}

// SeDebugPrivilege enabled while it lives (an elevated administrator's token holds it, disabled).
class DebugPrivilege {
public:
    DebugPrivilege()
    {
        if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &m_token))
            return;
        TOKEN_PRIVILEGES privileges{};
        privileges.PrivilegeCount = 1;
        privileges.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
        m_enabled = LookupPrivilegeValueW(nullptr, L"SeDebugPrivilege", &privileges.Privileges[0].Luid) &&
                    AdjustTokenPrivileges(m_token, FALSE, &privileges, 0, nullptr, nullptr) &&
                    GetLastError() == ERROR_SUCCESS;
        m_luid = privileges.Privileges[0].Luid;
    }
    ~DebugPrivilege()
    {
        if (m_enabled) {
            TOKEN_PRIVILEGES privileges{};
            privileges.PrivilegeCount = 1;
            privileges.Privileges[0].Luid = m_luid;
            privileges.Privileges[0].Attributes = 0;
            AdjustTokenPrivileges(m_token, FALSE, &privileges, 0, nullptr, nullptr);
        }
        if (m_token != nullptr)
            CloseHandle(m_token);
    }
    DebugPrivilege(const DebugPrivilege&) = delete;
    DebugPrivilege& operator=(const DebugPrivilege&) = delete;

private:
    HANDLE m_token = nullptr;
    LUID m_luid{};
    bool m_enabled = false;
};

// The pipe handle named by "PID:HANDLE", duplicated into this process. Only from our parent
// (the launcher: UAC makes it the parent of the elevated process), only a pipe, and only with
// PROCESS_DUP_HANDLE on that process: a launcher that lies can at most lose its own answer.
HANDLE duplicate_response_pipe(const std::string& reference_text)
{
    const std::optional<PipeReference> reference = parse_pipe_reference(reference_text);
    if (!reference || parent_process_id() != reference->process_id)
        return INVALID_HANDLE_VALUE;
    HANDLE opened = OpenProcess(PROCESS_DUP_HANDLE, FALSE, reference->process_id);
    if (opened == nullptr && GetLastError() == ERROR_ACCESS_DENIED) {
        // Elevated with another account's password (a standard user's launcher): its process
        // grants nothing to this account. Only for our parent, and only for this one call.
        const DebugPrivilege privilege;
        opened = OpenProcess(PROCESS_DUP_HANDLE, FALSE, reference->process_id);
    }
    const windows::Handle launcher(opened);
    if (!launcher)
        return INVALID_HANDLE_VALUE;
    HANDLE pipe = nullptr;
    if (!DuplicateHandle(launcher.get(), reinterpret_cast<HANDLE>(static_cast<std::uintptr_t>(reference->handle_value)),
                         GetCurrentProcess(), &pipe, 0, FALSE, DUPLICATE_SAME_ACCESS))
        return INVALID_HANDLE_VALUE;
    if (GetFileType(pipe) != FILE_TYPE_PIPE) {
        CloseHandle(pipe);
        return INVALID_HANDLE_VALUE;
    }
    return pipe;
}

void write_all(HANDLE h, std::string_view bytes)
{
    while (!bytes.empty()) {
        DWORD written = 0;
        const DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(bytes.size(), 1U << 20));
        if (!WriteFile(h, bytes.data(), chunk, &written, nullptr) || written == 0)
            return;  // the launcher is gone: it reads the exit code, if anything
        bytes.remove_prefix(written);
    }
}

}  // namespace

void ensure_standard_streams(int) {}

std::string harden_process()
{
    // No dialog may wait for a click in a process the user cannot see.
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
    // DLLs loaded at run time (dnsapi.dll for the DNS flush) only from System32, never from the
    // working directory or the program's folder.
    SetDefaultDllDirectories(LOAD_LIBRARY_SEARCH_SYSTEM32);
    SetDllDirectoryW(L"");
    wchar_t system_dir[MAX_PATH] = {};
    if (const UINT n = GetSystemDirectoryW(system_dir, MAX_PATH); n > 0 && n < MAX_PATH)
        SetCurrentDirectoryW(system_dir);
    HeapSetInformation(nullptr, HeapEnableTerminationOnCorruption, nullptr, 0);
    return {};  // Windows' loader takes no variables such as LD_PRELOAD
}

struct HelperChannel::State {
    HelperArguments arguments;
    HANDLE pipe = INVALID_HANDLE_VALUE;
};

HelperChannel::HelperChannel(int argc, char** argv) : m_state(std::make_unique<State>())
{
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i)
        args.emplace_back(argv[i] ? argv[i] : "");
    m_state->arguments = parse_helper_arguments(args);
    if (!m_state->arguments.response_pipe.empty())
        m_state->pipe = duplicate_response_pipe(m_state->arguments.response_pipe);
    if (!m_state->arguments.valid)
        m_state->arguments.operation.clear();
}

HelperChannel::~HelperChannel()
{
    if (m_state->pipe != INVALID_HANDLE_VALUE)
        CloseHandle(m_state->pipe);
}

const std::string& HelperChannel::operation() const noexcept { return m_state->arguments.operation; }

std::string HelperChannel::usage()
{
    return _("Usage: fshosts-helper.exe apply|revert|restore|status --request <base64url of the JSON request> "
             "[--response-pipe <process id>:<handle>]. fshosts starts it through the Windows administrator prompt.");
}

std::string HelperChannel::not_administrator_message()
{
    return _("fshosts-helper.exe must run as administrator (fshosts starts it through the Windows administrator prompt).");
}

bool HelperChannel::read_request(std::size_t max_bytes, std::string& bytes, std::string& error)
{
    const HelperArguments& arguments = m_state->arguments;
    if (!arguments.request_error.empty()) {
        error = arguments.request_error;
        return false;
    }
    bytes = arguments.request.substr(0, max_bytes + 1);
    return true;
}

std::string HelperChannel::read_error_message(const std::string& error)
{
    return trf("Cannot read the request from the command line: {0}", error);
}

void HelperChannel::respond(std::string_view line)
{
    std::string text(line);
    text += '\n';
    if (m_state->pipe != INVALID_HANDLE_VALUE) {
        write_all(m_state->pipe, text);
        CloseHandle(m_state->pipe);  // the launcher's read ends here
        m_state->pipe = INVALID_HANDLE_VALUE;
    }
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
}

}  // namespace fshosts::platform
