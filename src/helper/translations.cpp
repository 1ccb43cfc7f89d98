#include "helper/translations.h"

#include "base/i18n.h"
#include "platform/language.h"

#include <libintl.h>

namespace fshosts::helper {
namespace {

constexpr const char* domain = "fshosts";

const char* gettext_translate(const char* msgid) { return dgettext(domain, msgid); }

}  // namespace

void setup_translations_for(const char* language, const std::filesystem::path& dir)
{
    platform::set_message_language(language);
    bindtextdomain(domain, dir.string().c_str());
    bind_textdomain_codeset(domain, "UTF-8");
    set_translator(&gettext_translate);
}

}  // namespace fshosts::helper
