#include "platform/language.h"

#include <windows.h>

#include <clocale>
#include <cstdlib>

namespace fshosts::platform {

// Windows has no LC_MESSAGES: name the language for libintl through LANGUAGE, from the user's
// display language (GetUserDefaultUILanguage; not the regional format, which a Japanese user may
// have set on an English Windows and the other way round). fshosts has Japanese and English.
void init_message_locale()
{
    std::setlocale(LC_ALL, "");
    if (const char* set = std::getenv("LANGUAGE"); set && *set)
        return;
    const LANGID ui = GetUserDefaultUILanguage();
    _putenv_s("LANGUAGE", PRIMARYLANGID(ui) == LANG_JAPANESE ? "ja" : "en");
}

// libintl honours LANGUAGE in any locale but "C"; the process's own locale is never "C".
void set_message_language(const char* language)
{
    std::setlocale(LC_ALL, "");
    _putenv_s("LANGUAGE", language);
}

}  // namespace fshosts::platform
