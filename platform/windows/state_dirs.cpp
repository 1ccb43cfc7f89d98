#include "platform/state_dirs.h"

#include "base/error.h"
#include "base/i18n.h"

#include <windows.h>
#include <knownfolders.h>
#include <shlobj.h>

namespace fshosts::platform {
namespace {

// A known folder such as %ProgramData%, never taken from an environment variable a caller
// could set.
std::filesystem::path known_folder(REFKNOWNFOLDERID id)
{
    wchar_t* path = nullptr;
    const HRESULT hr = SHGetKnownFolderPath(id, KF_FLAG_DEFAULT, nullptr, &path);
    std::filesystem::path result = SUCCEEDED(hr) && path ? std::filesystem::path(path) : std::filesystem::path();
    CoTaskMemFree(path);
    if (result.empty())
        throw Error(ErrorKind::Io, _("Windows did not tell where to keep fshosts's files (SHGetKnownFolderPath failed)."));
    return result;
}

}  // namespace

std::filesystem::path system_state_dir() { return known_folder(FOLDERID_ProgramData) / L"fshosts"; }

std::filesystem::path user_state_dir() { return known_folder(FOLDERID_LocalAppData) / L"fshosts"; }

}  // namespace fshosts::platform
