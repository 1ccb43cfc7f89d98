// fshosts-gui: the window for site builders. A thin front end over core's ChangeService.
// --version is answered before wx starts, so it works without a display.
#include <wx/app.h>
#include <wx/cmdline.h>
#include <wx/config.h>

#include "base/error.h"
#include "base/utf8.h"
#include "core/version.h"
#include "gui/main_frame.h"
#include "gui/path_text.h"
#include "gui/translations_ui.h"
#include "probe/dns_query.h"

#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts::gui {
namespace {

// The bytes of --hosts-file exactly as they came in argv. wx decodes argv in the locale's
// encoding, and a path that is not valid UTF-8 does not survive that (it comes out empty); so
// main() takes the value out before wx sees it and hands wx a readable stand-in.
std::optional<std::string> raw_hosts_file;

class App : public wxApp {
public:
    bool OnInit() override
    {
        if (!wxApp::OnInit())  // parses the command line (OnInitCmdLine / OnCmdLineParsed)
            return false;
        const std::string language = setup_language(m_lang.empty() ? saved_language() : m_lang);
        auto* frame = new MainFrame(m_hosts_file, language, m_network);
        frame->Show();
        frame->focus_domain();
        return true;
    }

    void OnInitCmdLine(wxCmdLineParser& parser) override
    {
        wxApp::OnInitCmdLine(parser);
        parser.AddLongOption("hosts-file", "Work on this file instead of the system hosts file");
        parser.AddLongOption("dns-server", "The DNS server to ask for the DNS-switch check and the SSL advisor: HOST[:PORT]");
        parser.AddLongOption("lang", "Language of the window: ja or en (default: the one chosen in the menu, else the system's)");
        parser.AddLongOption("ca-file", "Also trust the CA certificates in this PEM file in the server checks (a company proxy's CA)");
        parser.AddLongOption("browser", "The browser \"Open a preview browser\" offers first (Chrome, Edge or Chromium)");
        parser.AddLongSwitch("no-automatic-checks",
                             "Send nothing by itself: no DNS-switch check, no check after a preview starts (the buttons still work)");
        parser.AddLongSwitch("version", "Print the version and exit");
    }

    bool OnCmdLineParsed(wxCmdLineParser& parser) override
    {
        if (!wxApp::OnCmdLineParsed(parser))
            return false;
        wxString value;
        if (parser.Found("hosts-file", &value))
            m_hosts_file = raw_hosts_file ? path_from_utf8(*raw_hosts_file) : path_from_text(value);
        if (parser.Found("lang", &value)) {
            if (value != "ja" && value != "en") {
                std::cerr << "fshosts-gui: --lang must be ja or en\n";
                return false;
            }
            m_lang = value.utf8_string();
        }
        m_network.automatic_checks = !parser.Found("no-automatic-checks");
        if (parser.Found("ca-file", &value))
            m_network.ca_file = path_from_text(value).string();
        if (parser.Found("browser", &value))
            m_network.browser = std::filesystem::absolute(path_from_text(value));
        if (parser.Found("dns-server", &value)) {
            try {
                m_network.dns.server = probe::parse_dns_server(value.utf8_string());
            } catch (const Error& e) {
                std::cerr << "fshosts-gui: --dns-server: " << e.what() << '\n';
                return false;
            }
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
    NetworkSettings m_network;
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
    // --hosts-file VALUE or --hosts-file=VALUE: keep VALUE's bytes, give wx valid UTF-8.
    std::vector<std::string> args(argv, argv + argc);
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string_view option = "--hosts-file";
        std::string* value = nullptr;
        std::size_t offset = 0;
        if (args[i] == option && i + 1 < args.size()) {
            value = &args[++i];
        } else if (args[i].rfind(std::string(option) + "=", 0) == 0) {
            value = &args[i];
            offset = option.size() + 1;
        }
        if (value == nullptr)
            continue;
        fshosts::gui::raw_hosts_file = value->substr(offset);
        value->replace(offset, std::string::npos, fshosts::displayable(*fshosts::gui::raw_hosts_file, 65536));
    }
    std::vector<char*> pointers;
    for (std::string& arg : args)
        pointers.push_back(arg.data());
    pointers.push_back(nullptr);
    return wxEntry(argc, pointers.data());
}
