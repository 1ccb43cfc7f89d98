// Windows: the browsers the registry's App Paths name (what "Run" > chrome / msedge starts), then
// their default install folders; a child process through CreateProcessW, in a job object so that
// stop() also ends the processes the browser started.
#include "platform/browser_launch.h"

#include "base/error.h"
#include "base/i18n.h"
#include "platform/helper_command_line.h"
#include "windows/wide.h"

#include <shlobj.h>
#include <windows.h>

namespace fshosts::platform {

namespace fs = std::filesystem;
using windows::Handle;

namespace {

// The default value of HKCU, then HKLM ...\App Paths\<exe>: the program's full path.
fs::path app_path(const wchar_t* exe)
{
    const std::wstring key = std::wstring(L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\App Paths\\") + exe;
    for (HKEY root : {HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE}) {
        DWORD bytes = 0;
        if (RegGetValueW(root, key.c_str(), nullptr, RRF_RT_REG_SZ, nullptr, nullptr, &bytes) != ERROR_SUCCESS || bytes == 0)
            continue;
        std::wstring value(bytes / sizeof(wchar_t), L'\0');
        if (RegGetValueW(root, key.c_str(), nullptr, RRF_RT_REG_SZ, nullptr, value.data(), &bytes) != ERROR_SUCCESS)
            continue;
        value.resize(wcsnlen(value.c_str(), value.size()));
        // Some installers write the path in quotes.
        if (value.size() >= 2 && value.front() == L'"' && value.back() == L'"')
            value = value.substr(1, value.size() - 2);
        if (!value.empty())
            return fs::path(value);
    }
    return {};
}

fs::path known_folder(REFKNOWNFOLDERID id)
{
    PWSTR path = nullptr;
    fs::path out;
    if (SUCCEEDED(SHGetKnownFolderPath(id, 0, nullptr, &path)) && path)
        out = path;
    CoTaskMemFree(path);
    return out;
}

}  // namespace

std::vector<BrowserProgram> browser_candidates()
{
    WindowsBrowserPlaces places;
    places.chrome_app_path = app_path(L"chrome.exe");
    places.edge_app_path = app_path(L"msedge.exe");
    places.program_files_dirs = {known_folder(FOLDERID_ProgramFiles), known_folder(FOLDERID_ProgramFilesX86)};
    places.local_app_data = known_folder(FOLDERID_LocalAppData);
    return windows_browser_candidates(places);
}

bool browser_needs_no_sandbox() { return false; }

struct ChildProcess::State {
    Handle process;
    Handle job;
    bool exited = false;
    int code = -1;
    State(HANDLE p, HANDLE j) : process(p), job(j) {}
};

ChildProcess::ChildProcess(const fs::path& program, const std::vector<std::string>& args, const fs::path& stdout_file)
{
    std::vector<std::string> argv{windows::to_utf8(program)};
    argv.insert(argv.end(), args.begin(), args.end());
    std::wstring command_line = windows::to_wide(windows_command_line(argv));

    SECURITY_ATTRIBUTES inherit{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
    Handle null_in(CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit, OPEN_EXISTING, 0, nullptr));
    Handle null_out(CreateFileW(L"NUL", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit, OPEN_EXISTING, 0, nullptr));
    Handle out(stdout_file.empty() ? INVALID_HANDLE_VALUE
                                   : CreateFileW(stdout_file.c_str(), GENERIC_WRITE, FILE_SHARE_READ, &inherit, CREATE_ALWAYS,
                                                 FILE_ATTRIBUTE_NORMAL, nullptr));
    // Only these three handles are inherited, not every inheritable handle of this process.
    HANDLE handles[3] = {null_in.get(), out ? out.get() : null_out.get(), null_out.get()};
    SIZE_T size = 0;
    InitializeProcThreadAttributeList(nullptr, 1, 0, &size);
    std::vector<unsigned char> list_bytes(size);
    auto* list = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(list_bytes.data());
    const bool list_ok = InitializeProcThreadAttributeList(list, 1, 0, &size) &&
                         UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, handles, sizeof handles, nullptr, nullptr);
    STARTUPINFOEXW startup{};
    startup.StartupInfo.cb = sizeof startup;
    startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    startup.StartupInfo.hStdInput = handles[0];
    startup.StartupInfo.hStdOutput = handles[1];
    startup.StartupInfo.hStdError = handles[2];
    startup.lpAttributeList = list_ok ? list : nullptr;
    PROCESS_INFORMATION info{};
    const BOOL started = list_ok && null_in && null_out && (stdout_file.empty() || out) &&
                         CreateProcessW(program.c_str(), command_line.data(), nullptr, nullptr, TRUE,
                                        EXTENDED_STARTUPINFO_PRESENT | CREATE_SUSPENDED, nullptr, nullptr,
                                        &startup.StartupInfo, &info);
    const DWORD err = GetLastError();
    if (list_ok)
        DeleteProcThreadAttributeList(list);
    if (!started)
        throw Error(ErrorKind::Io, trf("Could not start {0}: {1}", windows::to_utf8(program), windows::error_text(err)));
    m_state = std::make_unique<State>(info.hProcess, CreateJobObjectW(nullptr, nullptr));
    if (m_state->job)
        AssignProcessToJobObject(m_state->job.get(), info.hProcess);
    ResumeThread(info.hThread);
    CloseHandle(info.hThread);
}

ChildProcess::~ChildProcess()
{
    if (m_state)
        stop();
}

ChildProcess::ChildProcess(ChildProcess&&) noexcept = default;
ChildProcess& ChildProcess::operator=(ChildProcess&&) noexcept = default;

bool ChildProcess::wait_for(std::chrono::milliseconds timeout)
{
    if (m_state->exited)
        return true;
    if (WaitForSingleObject(m_state->process.get(), static_cast<DWORD>(timeout.count())) != WAIT_OBJECT_0)
        return false;
    DWORD code = 0;
    GetExitCodeProcess(m_state->process.get(), &code);
    m_state->code = static_cast<int>(code);
    m_state->exited = true;
    return true;
}

void ChildProcess::wait()
{
    while (!wait_for(std::chrono::milliseconds(60000))) {
    }
}

void ChildProcess::stop()
{
    if (!m_state->exited) {
        if (m_state->job)
            TerminateJobObject(m_state->job.get(), 1);
        else
            TerminateProcess(m_state->process.get(), 1);
        wait();
    } else if (m_state->job) {
        TerminateJobObject(m_state->job.get(), 1);  // what the browser left running
    }
}

bool ChildProcess::running() const
{
    return !m_state->exited && WaitForSingleObject(m_state->process.get(), 0) == WAIT_TIMEOUT;
}

int ChildProcess::exit_code() const { return m_state->code; }

}  // namespace fshosts::platform

namespace fshosts::platform {

std::filesystem::path create_private_temp_dir(const std::string& prefix)
{
    std::error_code ec;
    const fs::path base = fs::temp_directory_path(ec);  // %TEMP%: in the user's profile, closed to other users
    if (!ec) {
        for (int attempt = 0; attempt < 100; ++attempt) {
            LARGE_INTEGER now{};
            QueryPerformanceCounter(&now);
            const fs::path dir =
                base / (prefix + std::to_string(GetCurrentProcessId()) + "-" + std::to_string(now.QuadPart % 1000000007));
            if (CreateDirectoryW(dir.c_str(), nullptr))
                return dir;
            if (GetLastError() != ERROR_ALREADY_EXISTS)
                break;
        }
    }
    throw Error(ErrorKind::Io, trf("Could not create a temporary folder in {0}: {1}", windows::to_utf8(base),
                                   windows::error_text(GetLastError())));
}

}  // namespace fshosts::platform
