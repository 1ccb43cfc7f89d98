#include "core/installed_layout.h"

#include "platform/executable_path.h"

namespace fs = std::filesystem;

namespace fshosts::layout {

fs::path prefix()
{
    const fs::path exe = platform::executable_path();
    if (exe.empty())
        return {};
    const fs::path dir = exe.parent_path();
    if (dir.filename() == "fshosts" && dir.parent_path().filename() == "libexec")
        return dir.parent_path().parent_path();
    return dir.parent_path();
}

fs::path helper_program()
{
    // The helper is named like the running program: with its extension (".exe" on Windows).
    fs::path helper = prefix() / "libexec" / "fshosts" / "fshosts-helper";
    helper += platform::executable_path().extension();
    return helper;
}

fs::path locale_dir()
{
    if (const fs::path p = prefix(); !p.empty()) {
        fs::path candidate = p / "share" / "locale";
        std::error_code ec;
        if (fs::is_directory(candidate, ec))
            return candidate;
    }
    return FSHOSTS_INSTALL_LOCALEDIR;
}

}  // namespace fshosts::layout
