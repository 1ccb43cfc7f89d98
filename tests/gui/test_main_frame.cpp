// The real MainFrame in process, driven through its controls with wxUIActionSimulator (XTest
// clicks and key presses), on a temp hosts file. It asserts what the xdotool test (gui_test.sh)
// cannot read from outside: the exact live validation messages, the enabled state of the start
// button and whether the tray icon is installed.
//
// Needs an X display: tests/gui/run_with_xvfb.sh starts one and runs ONE test case per process
// (wx is initialised once per process, and the GUI's translation cache keeps the first language).
#include "catch.h"

// wx first: it defines _() as wxGetTranslation.
#include <wx/app.h>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/init.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/translation.h>
#include <wx/uiaction.h>
#include <wx/utils.h>

#include "core/error.h"
#include "core/validation.h"
#include "gui/fake_tray.h"
#include "gui/main_frame.h"
#include "gui/translations_ui.h"
#include "gui/wrap_text.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;
using fshosts::gui::MainFrame;

namespace {

const std::string original_hosts = "127.0.0.1 localhost\n::1 localhost\n";
const std::string preview_hosts = original_hosts +
                                  "# >>> fshosts managed block (jp.fshosts.hosts) - do not edit by hand >>>\n"
                                  "203.0.113.10 www.example.jp\n"
                                  "203.0.113.10 example.jp\n"
                                  "# <<< fshosts managed block (jp.fshosts.hosts) <<<\n";

std::string read_bytes(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::string bytes;
    char chunk[4096];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0)
        bytes.append(chunk, static_cast<std::size_t>(in.gcount()));
    return bytes;
}

void write_bytes(const fs::path& path, const std::string& bytes)
{
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

// Runs the event loop until `done()` or `timeout_ms` passed; returns done().
template <typename Pred>
bool pump_until(Pred done, int timeout_ms = 5000)
{
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < end) {
        wxTheApp->ProcessPendingEvents();
        wxYield();
        if (done())
            return true;
        wxMilliSleep(10);
    }
    wxTheApp->ProcessPendingEvents();
    wxYield();
    return done();
}

template <typename T>
T* find(const char* name)
{
    auto* window = dynamic_cast<T*>(wxWindow::FindWindowByName(name));
    INFO("control named " << name);
    REQUIRE(window != nullptr);
    return window;
}

// A real click (XTest) in the middle of `window`.
void click(wxWindow* window)
{
    wxUIActionSimulator sim;
    const wxSize size = window->GetClientSize();
    REQUIRE(sim.MouseMove(window->ClientToScreen(wxPoint(size.GetWidth() / 2, size.GetHeight() / 2))));
    pump_until([] { return false; }, 50);
    REQUIRE(sim.MouseClick());
    pump_until([] { return false; }, 50);
}

// Clicks into `field` and types `text` key by key.
void type_into(wxTextCtrl* field, const char* text)
{
    click(field);
    REQUIRE(pump_until([field] { return field->HasFocus(); }));
    wxUIActionSimulator sim;
    REQUIRE(sim.Text(text));
    INFO("typed " << text << ", field holds " << field->GetValue().utf8_string());
    REQUIRE(pump_until([field, text] { return field->GetValue() == wxString::FromUTF8(text); }));
}

// The label as the window would show `message` under the domain field (wrapped to its width).
wxString shown_as(const wxStaticText* label, const wxTextCtrl* field, const wxString& message)
{
    return fshosts::gui::wrap_text(label, message, field->GetSize().GetWidth());
}

bool has_japanese(const wxString& text)
{
    for (const wxUniChar ch : text) {
        const auto c = ch.GetValue();
        if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x4E00 && c <= 0x9FFF))
            return true;
    }
    return false;
}

// wx, the translations (as app.cpp sets them up) and one MainFrame on a temp hosts file, in a
// temp HOME / XDG_STATE_HOME / XDG_CONFIG_HOME. Once per process.
class Gui {
public:
    explicit Gui(const std::string& language)
    {
        static bool used = false;
        INFO("wx is initialised once per process: run one test case per process (run_with_xvfb.sh does)");
        REQUIRE_FALSE(used);
        used = true;

        const char* display = std::getenv("DISPLAY");
        INFO("no DISPLAY: run through tests/gui/run_with_xvfb.sh");
        REQUIRE(display != nullptr);

        char pattern[] = "/tmp/fshosts-gui-unit.XXXXXX";
        REQUIRE(mkdtemp(pattern) != nullptr);
        m_dir = pattern;
        fs::create_directories(m_dir / "home" / ".config");
        fs::create_directories(m_dir / "state");
        setenv("HOME", (m_dir / "home").c_str(), 1);
        setenv("XDG_CONFIG_HOME", (m_dir / "home" / ".config").c_str(), 1);
        setenv("XDG_STATE_HOME", (m_dir / "state").c_str(), 1);
        setenv("NO_AT_BRIDGE", "1", 1);
        m_hosts = m_dir / "hosts";
        write_bytes(m_hosts, original_hosts);

        m_tray = std::make_unique<fshosts::test::FakeTray>(display);

        wxApp::SetInstance(new wxApp);
        static int argc = 1;
        static char arg0[] = "test_gui";
        static char* argv[] = {arg0, nullptr};
        REQUIRE(wxEntryStart(argc, argv));
        m_started = true;
        REQUIRE(wxTheApp->OnInit());

        m_language = fshosts::gui::setup_language(language);
        REQUIRE(m_language == language);
        m_frame = new MainFrame(m_hosts, m_language);
        m_frame->Show();
        m_frame->focus_domain();
        REQUIRE(pump_until([this] { return m_frame->IsShownOnScreen(); }));
        pump_until([] { return false; }, 200);  // let the window map and lay out
    }

    ~Gui()
    {
        if (m_frame != nullptr) {
            m_frame->Destroy();  // no close event: never asks, the destructor joins the worker
            pump_until([] { return wxTopLevelWindows.empty(); }, 3000);
        }
        if (m_started)
            wxEntryCleanup();
        m_tray.reset();
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }

    Gui(const Gui&) = delete;
    Gui& operator=(const Gui&) = delete;

    MainFrame* frame() const { return m_frame; }
    const fs::path& hosts() const { return m_hosts; }

private:
    fs::path m_dir;
    fs::path m_hosts;
    std::string m_language;
    std::unique_ptr<fshosts::test::FakeTray> m_tray;
    bool m_started = false;
    MainFrame* m_frame = nullptr;
};

void bad_domain_shows_core_message(const std::string& language)
{
    Gui gui(language);
    auto* domain = find<wxTextCtrl>("domain");
    auto* feedback = find<wxStaticText>("domain_feedback");
    auto* address = find<wxTextCtrl>("address");
    auto* start = find<wxButton>("start_preview");

    // What core says about this input, in the language set up above: the window must show exactly it.
    const char* input = "www.example .jp";
    wxString message;
    try {
        (void)fshosts::normalize_domain(input);
    } catch (const fshosts::Error& e) {
        message = wxString::FromUTF8(e.what());
    }
    REQUIRE_FALSE(message.empty());
    if (language == "ja") {
        INFO("core's message: " << message.utf8_string());
        REQUIRE(has_japanese(message));
    }

    type_into(domain, input);
    type_into(address, "203.0.113.10");  // a valid address: only the domain keeps Start disabled
    const wxString expected = shown_as(feedback, domain, message);
    const bool shown = pump_until([&] { return feedback->GetLabelText() == expected; });
    INFO("label: " << feedback->GetLabelText().utf8_string() << "\nexpected: " << expected.utf8_string());
    CHECK(shown);
    CHECK(find<wxStaticText>("address_feedback")->GetLabelText() == wxString::FromUTF8("\xE2\x86\x92 203.0.113.10"));
    CHECK_FALSE(start->IsEnabled());

    // Return in the field and a click on the (disabled) button write nothing.
    wxUIActionSimulator sim;
    click(domain);
    REQUIRE(sim.Char(WXK_RETURN));
    click(start);
    pump_until([] { return false; }, 500);
    CHECK(read_bytes(gui.hosts()) == original_hosts);
    CHECK_FALSE(gui.frame()->tray_icon_shown());
}

void preview_and_revert_all(const std::string& language)
{
    Gui gui(language);
    auto* domain = find<wxTextCtrl>("domain");
    auto* feedback = find<wxStaticText>("domain_feedback");
    auto* address = find<wxTextCtrl>("address");
    auto* address_feedback = find<wxStaticText>("address_feedback");
    auto* twin = find<wxCheckBox>("twin");
    auto* start = find<wxButton>("start_preview");
    auto* revert = find<wxButton>("revert_all");
    auto* banner = find<wxStaticText>("banner_title");
    const wxString arrow = wxString::FromUTF8("\xE2\x86\x92 ");

    CHECK_FALSE(start->IsEnabled());
    CHECK_FALSE(revert->IsEnabled());
    CHECK_FALSE(gui.frame()->tray_icon_shown());
    CHECK(banner->GetLabelText() == wxGetTranslation("No preview active", "fshosts"));

    type_into(domain, "https://www.example.jp/");
    type_into(address, "203.0.113.10");
    REQUIRE(pump_until([&] {
        return feedback->GetLabelText() == arrow + "www.example.jp" &&
               address_feedback->GetLabelText() == arrow + "203.0.113.10" && start->IsEnabled();
    }));
    CHECK(twin->IsEnabled());
    CHECK(twin->GetValue());  // on by default for a www. name

    const auto t0 = std::chrono::steady_clock::now();
    click(start);
    const bool written = pump_until([&] { return read_bytes(gui.hosts()) == preview_hosts; });
    INFO("the file holds:\n" << read_bytes(gui.hosts()));
    REQUIRE(written);
    REQUIRE(pump_until([&] { return gui.frame()->tray_icon_shown() && revert->IsEnabled(); }));
    CHECK(banner->GetLabelText() == wxGetTranslation("Preview active on this PC only", "fshosts"));
    const auto t1 = std::chrono::steady_clock::now();

    click(revert);
    const bool reverted = pump_until([&] { return read_bytes(gui.hosts()) == original_hosts; });
    INFO("the file holds:\n" << read_bytes(gui.hosts()));
    REQUIRE(reverted);
    REQUIRE(pump_until([&] { return !gui.frame()->tray_icon_shown() && !revert->IsEnabled(); }));
    CHECK(banner->GetLabelText() == wxGetTranslation("No preview active", "fshosts"));
    const auto t2 = std::chrono::steady_clock::now();
    using ms = std::chrono::milliseconds;
    WARN("start preview -> tray icon: " << std::chrono::duration_cast<ms>(t1 - t0).count()
                                        << " ms; revert all -> icon gone: "
                                        << std::chrono::duration_cast<ms>(t2 - t1).count() << " ms");
}

}  // namespace

TEST_CASE("bad domain en", "[gui][en]") { bad_domain_shows_core_message("en"); }
TEST_CASE("bad domain ja", "[gui][ja]") { bad_domain_shows_core_message("ja"); }
TEST_CASE("preview and revert all en", "[gui][en]") { preview_and_revert_all("en"); }
TEST_CASE("preview and revert all ja", "[gui][ja]") { preview_and_revert_all("ja"); }
