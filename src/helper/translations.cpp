#include "helper/translations.h"

#include "base/i18n.h"

#include <libintl.h>
#include <stdlib.h>  // setenv

#include <clocale>

namespace fshosts::helper {
namespace {

constexpr const char* domain = "fshosts";

const char* gettext_translate(const char* msgid) { return dgettext(domain, msgid); }

}  // namespace

void setup_translations_for(const char* language, const std::filesystem::path& dir)
{
    // gettext honours LANGUAGE in any locale but "C"; C.UTF-8 is always there on glibc >= 2.35.
    if (std::setlocale(LC_ALL, "C.UTF-8") == nullptr)
        std::setlocale(LC_ALL, "C");
    setenv("LANGUAGE", language, 1);
    bindtextdomain(domain, dir.string().c_str());
    bind_textdomain_codeset(domain, "UTF-8");
    set_translator(&gettext_translate);
}

}  // namespace fshosts::helper
