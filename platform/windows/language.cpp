#include "platform/language.h"

#include <windows.h>

#include <clocale>
#include <cstdlib>
#include <string>

namespace fshosts::platform {

// Windows has no LC_MESSAGES: name the UI language for libintl through LANGUAGE.
void init_message_locale()
{
    std::setlocale(LC_ALL, "");
    if (std::getenv("LANGUAGE"))
        return;
    wchar_t name[LOCALE_NAME_MAX_LENGTH] = {};
    if (GetUserDefaultLocaleName(name, LOCALE_NAME_MAX_LENGTH) > 0) {
        std::string language;
        for (const wchar_t* p = name; *p && *p != L'-'; ++p)
            language += static_cast<char>(*p);
        _putenv_s("LANGUAGE", language.c_str());
    }
}

}  // namespace fshosts::platform
