#include "cli/translations.h"

#include "base/i18n.h"
#include "platform/executable_path.h"
#include "platform/language.h"

#include <libintl.h>

#include <cstdlib>
#include <filesystem>
#include <string_view>

namespace fshosts::cli {
namespace {

constexpr const char* domain = "fshosts";

const char* gettext_translate(const char* msgid) { return dgettext(domain, msgid); }

// <exe dir>/../share/locale serves both the build tree (build/bin) and an install (prefix/bin).
std::filesystem::path locale_dir()
{
    std::filesystem::path exe = platform::executable_path();
    if (!exe.empty()) {
        std::filesystem::path candidate = exe.parent_path().parent_path() / "share" / "locale";
        std::error_code ec;
        if (std::filesystem::is_directory(candidate, ec))
            return candidate;
    }
    return FSHOSTS_INSTALL_LOCALEDIR;
}

}  // namespace

std::string ui_language()
{
    // The same order gettext uses: LANGUAGE (first entry), then LC_ALL, LC_MESSAGES, LANG.
    for (const char* var : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* value = std::getenv(var);
        if (value && *value)
            return std::string_view(value).substr(0, 2) == "ja" ? "ja" : "en";
    }
    return "en";
}

void setup_translations()
{
    platform::init_message_locale();
    bindtextdomain(domain, locale_dir().string().c_str());
    bind_textdomain_codeset(domain, "UTF-8");
    set_translator(&gettext_translate);
}

}  // namespace fshosts::cli
