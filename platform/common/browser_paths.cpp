// The places each OS keeps Chrome, Edge and Chromium (platform/browser_launch.h): pure lists,
// built on every OS so that their tests run on Linux too.
#include "platform/browser_launch.h"

namespace fshosts::platform {

namespace fs = std::filesystem;

std::vector<BrowserProgram> linux_browser_candidates(const std::vector<fs::path>& search_dirs)
{
    // Program names as the distributions' packages and Google's and Microsoft's own .deb/.rpm
    // install them; Chrome first, as most builders use it.
    const struct {
        const char* name;
        const char* program;
    } programs[] = {
        {"Google Chrome", "google-chrome"},   {"Google Chrome", "google-chrome-stable"},
        {"Microsoft Edge", "microsoft-edge"}, {"Microsoft Edge", "microsoft-edge-stable"},
        {"Chromium", "chromium"},             {"Chromium", "chromium-browser"},
    };
    std::vector<BrowserProgram> out;
    for (const auto& p : programs)
        for (const fs::path& dir : search_dirs)
            if (dir.is_absolute())  // an empty or relative PATH entry means the working directory: never
                out.push_back({p.name, dir / p.program});
    const struct {
        const char* name;
        const char* path;
    } fixed[] = {
        {"Google Chrome", "/opt/google/chrome/google-chrome"},
        {"Microsoft Edge", "/opt/microsoft/msedge/microsoft-edge"},
        {"Chromium", "/usr/bin/chromium"},
        {"Chromium", "/usr/bin/chromium-browser"},
        {"Chromium", "/snap/bin/chromium"},
    };
    for (const auto& f : fixed)
        out.push_back({f.name, fs::path(f.path)});
    return out;
}

std::vector<BrowserProgram> macos_browser_candidates(const fs::path& home)
{
    const struct {
        const char* name;
        const char* bundle_executable;
    } bundles[] = {
        {"Google Chrome", "Google Chrome.app/Contents/MacOS/Google Chrome"},
        {"Microsoft Edge", "Microsoft Edge.app/Contents/MacOS/Microsoft Edge"},
        {"Chromium", "Chromium.app/Contents/MacOS/Chromium"},
    };
    std::vector<BrowserProgram> out;
    for (const auto& b : bundles) {
        out.push_back({b.name, fs::path("/Applications") / b.bundle_executable});
        if (home.is_absolute())
            out.push_back({b.name, home / "Applications" / b.bundle_executable});
    }
    return out;
}

std::vector<BrowserProgram> windows_browser_candidates(const WindowsBrowserPlaces& places)
{
    std::vector<BrowserProgram> out;
    const auto add = [&out](const char* name, const fs::path& path) {
        if (path.is_absolute())
            out.push_back({name, path});
    };
    add("Google Chrome", places.chrome_app_path);
    for (const fs::path& dir : places.program_files_dirs)
        if (!dir.empty())
            add("Google Chrome", dir / "Google" / "Chrome" / "Application" / "chrome.exe");
    if (!places.local_app_data.empty())
        add("Google Chrome", places.local_app_data / "Google" / "Chrome" / "Application" / "chrome.exe");
    add("Microsoft Edge", places.edge_app_path);
    for (const fs::path& dir : places.program_files_dirs)
        if (!dir.empty())
            add("Microsoft Edge", dir / "Microsoft" / "Edge" / "Application" / "msedge.exe");
    if (!places.local_app_data.empty())
        add("Chromium", places.local_app_data / "Chromium" / "Application" / "chrome.exe");
    return out;
}

std::vector<BrowserProgram> installed_browsers()
{
    std::vector<BrowserProgram> out;
    for (BrowserProgram& candidate : browser_candidates()) {
        std::error_code ec;
        const fs::path real = fs::canonical(candidate.path, ec);  // google-chrome and google-chrome-stable are one program
        if (ec || !fs::is_regular_file(real, ec))
            continue;
        bool seen = false;
        for (const BrowserProgram& b : out)
            seen = seen || fs::canonical(b.path, ec) == real;
        if (!seen)
            out.push_back(std::move(candidate));
    }
    return out;
}

}  // namespace fshosts::platform
