#include "gui/translations_ui.h"

// wx first: it defines _() unconditionally, base/i18n.h only when it is not defined yet.
#include <wx/filename.h>
#include <wx/stdpaths.h>
#include <wx/translation.h>
#include <wx/uilocale.h>

#include "base/i18n.h"
#include "core/installed_layout.h"
#include "gui/path_text.h"

#include <filesystem>
#include <mutex>
#include <string>
#include <unordered_map>

namespace fshosts::gui {
namespace {

constexpr const char* domain = "fshosts";

// Core's translator returns a const char* that must stay valid: translations are kept as UTF-8
// in a node-based map (stable addresses) for the life of the program. Core calls this from the
// worker thread too, hence the lock.
const char* wx_translate(const char* msgid)
{
    static std::mutex mutex;
    static std::unordered_map<std::string, std::string> cache;
    const std::lock_guard lock(mutex);
    auto found = cache.find(msgid);
    if (found != cache.end())
        return found->second.c_str();
    const wxString& translated = wxGetTranslation(wxString::FromUTF8(msgid), domain);
    return cache.emplace(msgid, translated.utf8_string()).first->second.c_str();
}


wxLanguage language_for(const std::string& requested)
{
    if (requested == "ja")
        return wxLANGUAGE_JAPANESE;
    if (requested == "en")
        return wxLANGUAGE_ENGLISH_US;
    const int system = wxUILocale::GetSystemLanguage();
    const wxLanguageInfo* info = wxUILocale::GetLanguageInfo(system);
    if (info && info->CanonicalName.StartsWith("ja"))
        return wxLANGUAGE_JAPANESE;
    return wxLANGUAGE_ENGLISH_US;
}

}  // namespace

std::string setup_language(const std::string& requested)
{
    wxUILocale::UseDefault();
    const wxLanguage language = language_for(requested);

    const wxString prefix = path_text(layout::locale_dir());
    if (!prefix.empty())
        wxFileTranslationsLoader::AddCatalogLookupPathPrefix(prefix);

    auto* translations = new wxTranslations;  // owned by wx after Set()
    wxTranslations::Set(translations);
    translations->SetLanguage(language);
    translations->AddStdCatalog();  // wx's own catalog first: stock buttons, dialogs
    translations->AddCatalog(domain);

    set_translator(&wx_translate);
    return language == wxLANGUAGE_JAPANESE ? "ja" : "en";
}

}  // namespace fshosts::gui
