// fshosts-gui: the window for site builders. A thin front end over core's ChangeService.
// --version is answered before wx starts, so it works without a display.
#include <wx/app.h>
#include <wx/cmdline.h>
#include <wx/config.h>

#include "core/version.h"
#include "gui/main_frame.h"
#include "gui/path_text.h"
#include "gui/translations_ui.h"

#include <cstring>
#include <iostream>
#include <optional>
#include <string>

namespace fshosts::gui {
namespace {

class App : public wxApp {
public:
    bool OnInit() override
    {
        if (!wxApp::OnInit())  // parses the command line (OnInitCmdLine / OnCmdLineParsed)
            return false;
        const std::string language = setup_language(m_lang.empty() ? saved_language() : m_lang);
        auto* frame = new MainFrame(m_hosts_file, language);
        frame->Show();
        frame->focus_domain();
        return true;
    }

    void OnInitCmdLine(wxCmdLineParser& parser) override
    {
        wxApp::OnInitCmdLine(parser);
        parser.AddLongOption("hosts-file", "Work on this file instead of the system hosts file");
        parser.AddLongOption("lang", "Language of the window: ja or en (default: the one chosen in the menu, else the system's)");
        parser.AddLongSwitch("version", "Print the version and exit");
    }

    bool OnCmdLineParsed(wxCmdLineParser& parser) override
    {
        if (!wxApp::OnCmdLineParsed(parser))
            return false;
        wxString value;
        if (parser.Found("hosts-file", &value))
            m_hosts_file = path_from_text(value);
        if (parser.Found("lang", &value)) {
            if (value != "ja" && value != "en") {
                std::cerr << "fshosts-gui: --lang must be ja or en\n";
                return false;
            }
            m_lang = value.utf8_string();
        }
        return true;
    }

private:
    // The language chosen in the Language menu ("ja", "en"), or empty to follow the OS.
    static std::string saved_language()
    {
        wxConfig config("fshosts");
        const wxString value = config.Read("language", wxString());
        return value == "ja" || value == "en" ? value.utf8_string() : std::string();
    }

    std::optional<std::filesystem::path> m_hosts_file;
    std::string m_lang;
};

}  // namespace
}  // namespace fshosts::gui

wxIMPLEMENT_APP_NO_MAIN(fshosts::gui::App);

int main(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--version") == 0) {
            std::cout << "fshosts-gui " << fshosts::version << '\n';
            return 0;
        }
    }
    return wxEntry(argc, argv);
}
