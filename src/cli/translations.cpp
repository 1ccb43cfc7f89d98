#include "cli/translations.h"

#include "base/i18n.h"
#include "core/installed_layout.h"
#include "platform/language.h"

#include <libintl.h>

#include <cstdlib>
#include <filesystem>
#include <string_view>

namespace fshosts::cli {
namespace {

constexpr const char* domain = "fshosts";

const char* gettext_translate(const char* msgid) { return dgettext(domain, msgid); }

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
    bindtextdomain(domain, layout::locale_dir().string().c_str());
    bind_textdomain_codeset(domain, "UTF-8");
    set_translator(&gettext_translate);
}

}  // namespace fshosts::cli
