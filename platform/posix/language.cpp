// POSIX implementation (Linux and macOS share it).
#include "platform/language.h"

#include <clocale>
#include <cstdlib>
#include <stdlib.h>  // setenv
#include <string>

namespace fshosts::platform {
namespace {

// The locale name the environment asks for messages, as setlocale would read it.
std::string requested_messages_locale()
{
    for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* value = std::getenv(var);
        if (value && *value)
            return value;
    }
    return {};
}

}  // namespace

void init_message_locale()
{
    if (std::setlocale(LC_ALL, "") != nullptr)
        return;
    // The requested locale is not installed. Use C.UTF-8 and name the language through
    // LANGUAGE, which gettext honours for any locale but "C".
    std::setlocale(LC_ALL, "C.UTF-8");
    std::string name = requested_messages_locale();
    std::string language = name.substr(0, name.find_first_of(".@"));
    if (!language.empty() && language != "C" && language != "POSIX")
        setenv("LANGUAGE", language.c_str(), 0);
}

void set_message_language(const char* language)
{
    // gettext honours LANGUAGE in any locale but "C"; C.UTF-8 is always there on glibc >= 2.35.
    if (std::setlocale(LC_ALL, "C.UTF-8") == nullptr)
        std::setlocale(LC_ALL, "C");
    setenv("LANGUAGE", language, 1);
}

}  // namespace fshosts::platform
