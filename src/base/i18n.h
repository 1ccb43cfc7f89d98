// Translation hook for every layer. Text, platform and core mark user-facing text with _() but
// do not depend on a gettext implementation: each front end installs its translator once at
// start-up (the CLI uses libintl, the GUI wxTranslations). Untranslated text is returned as is.
#pragma once

#include <fmt/format.h>

#include <string>
#include <utility>

namespace fshosts {

using Translator = const char* (*)(const char* msgid);

// Installs the function used by tr(); nullptr restores the identity.
void set_translator(Translator translator) noexcept;

// The translation of msgid in the user's language.
const char* tr(const char* msgid) noexcept;

// Translates a fmt pattern and formats it: the translation may reorder {0} {1} placeholders.
// A translation with a broken placeholder falls back to the English pattern.
template <typename... Args>
std::string trf(const char* msgid, Args&&... args)
{
    try {
        return fmt::format(fmt::runtime(tr(msgid)), args...);
    } catch (const fmt::format_error&) {
        return fmt::format(fmt::runtime(msgid), std::forward<Args>(args)...);
    }
}

}  // namespace fshosts

#ifndef _
#define _(s) ::fshosts::tr(s)
#endif
#ifndef N_
#define N_(s) s
#endif
