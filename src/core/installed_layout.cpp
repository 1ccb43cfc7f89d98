#include "core/installed_layout.h"

#include "platform/executable_path.h"

namespace fs = std::filesystem;

namespace fshosts::layout {

fs::path bundle_contents(const fs::path& program)
{
    const fs::path dir = program.parent_path();
    if ((dir.filename() == "MacOS" || dir.filename() == "Helpers") && dir.parent_path().filename() == "Contents")
        return dir.parent_path();
    return {};
}

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
    if (const fs::path contents = bundle_contents(platform::executable_path()); !contents.empty())
        return contents / "Helpers" / "fshosts-helper";
    // The helper is named like the running program: with its extension (".exe" on Windows).
    fs::path helper = prefix() / "libexec" / "fshosts" / "fshosts-helper";
    helper += platform::executable_path().extension();
    return helper;
}

fs::path locale_dir()
{
    if (const fs::path contents = bundle_contents(platform::executable_path()); !contents.empty())
        return contents / "Resources" / "locale";
    if (const fs::path p = prefix(); !p.empty()) {
        fs::path candidate = p / "share" / "locale";
        std::error_code ec;
        if (fs::is_directory(candidate, ec))
            return candidate;
    }
    return FSHOSTS_INSTALL_LOCALEDIR;
}

}  // namespace fshosts::layout
