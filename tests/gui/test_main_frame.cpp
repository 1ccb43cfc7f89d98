// The real MainFrame in process, driven through its controls with wxUIActionSimulator (XTest
// clicks and key presses), on a temp hosts file. It asserts what the xdotool test (gui_test.sh)
// cannot read from outside: the exact live validation messages, the enabled state of the start
// button and whether the tray icon is installed.
//
// Needs an X display: tests/gui/run_with_xvfb.sh starts one and runs ONE test case per process
// (wx is initialised once per process, and the GUI's translation cache keeps the first language).
// The same file runs in the Windows cross build under Wine + Xvfb (tests/windows/CMakeLists.txt);
// what differs per desktop is in gui_platform.h.
#include "catch.h"

// wx first: it defines _() as wxGetTranslation.
#include <wx/app.h>
#include <wx/button.h>
#include <wx/choice.h>
#include <wx/checkbox.h>
#include <wx/dcmemory.h>
#include <wx/dcscreen.h>
#include <wx/dialog.h>
#include <wx/evtloop.h>
#include <wx/image.h>
#include <wx/notebook.h>
#include <wx/infobar.h>
#include <wx/init.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/radiobut.h>
#include <wx/modalhook.h>
#include <wx/msgdlg.h>
#include <wx/srchctrl.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/timer.h>
#include <wx/translation.h>
#include <wx/uiaction.h>
#include <wx/utils.h>

#include "base/error.h"
#include "base/i18n.h"
#include "core/backup_store.h"
#include "core/go_live.h"
#include "core/hosts_writer.h"
#include "core/write_recheck.h"
#include "gui/audit_log_ui.h"
#include "gui/backup_store_ui.h"
#include "gui/gui_platform.h"
#include "gui/hosts_document_ui.h"
#include "gui/advisor_dialog.h"
#include "gui/browser_preview_ui.h"
#include "gui/main_frame.h"
#include "gui/translations_ui.h"
#include "gui/wrap_text.h"
#include "platform/hosts_path.h"
#include "platform/state_dirs.h"
#include "probe/advisor_dns.h"
#include "probe/dns_query.h"
#include "probe/dns_switch.h"
#include "probe/ssl_advisor.h"
#include "support/temp_dir.h"
#if !defined(_WIN32)
#include "support/immutable_file.h"
#include "support/loopback_servers.h"
#include "support/skip.h"
#endif
#include "text/validation.h"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

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

// How long a change may take to show after its write: on Windows the job reads the file again
// 2 s after writing it (platform/write_recheck.h) before the window is told.
constexpr int after_write_ms = 10000;

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

// A real click (XTest; SendInput on Windows) in the middle of `window`.
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
// temp HOME / XDG_STATE_HOME / XDG_CONFIG_HOME (POSIX). Once per process.
class Gui {
public:
    // `prepare` makes the hosts file before the window opens (default: original_hosts).
    // `system_file`: the window works on the system hosts file (no --hosts-file), which
    // `prepare` (or original_hosts) then fills: only inside a throw-away Wine prefix.
    // `network`: what the window may send by itself (the DNS-switch check against the test's
    // dnsmasq, the proof after a preview starts). Without it the window sends nothing by itself,
    // and a DNS question from a button goes to a loopback port where nothing answers: tests never
    // ask the machine's real DNS servers.
    // `hosts_file`: the window works on this file, given as --hosts-file (default: a temp file).
    explicit Gui(const std::string& language, const std::function<void(const fs::path&)>& prepare = {},
                 bool system_file = false, std::optional<fshosts::gui::NetworkSettings> network = std::nullopt,
                 std::optional<fs::path> hosts_file = std::nullopt)
    {
        static bool used = false;
        INFO("wx is initialised once per process: run one test case per process (run_with_xvfb.sh does)");
        REQUIRE_FALSE(used);
        used = true;

        const char* display = std::getenv("DISPLAY");
        INFO("no DISPLAY: run through tests/gui/run_with_xvfb.sh");
        REQUIRE(display != nullptr);

        m_temp.emplace("fshosts-gui-unit");
        m_dir = m_temp->path;
        fshosts::test::use_private_user_dirs(m_dir);
        m_hosts = system_file ? fshosts::platform::system_hosts_path() : hosts_file.value_or(m_dir / "hosts");
        if (prepare)
            prepare(m_hosts);
        else
            write_bytes(m_hosts, original_hosts);

        m_tray = fshosts::test::provide_tray(display);

        wxApp::SetInstance(new wxApp);
        static int argc = 1;
        static char arg0[] = "test_gui";
        static char* argv[] = {arg0, nullptr};
        REQUIRE(wxEntryStart(argc, argv));
        m_started = true;
        REQUIRE(wxTheApp->OnInit());
        // An active event loop, as under wxApp::OnRun(): without one, wxYield() on Windows
        // dispatches no Windows message (input, timers), so pump_until() would see nothing happen.
        m_loop = std::make_unique<wxGUIEventLoop>();
        m_loop_active.emplace(m_loop.get());

        m_language = fshosts::gui::setup_language(language);
        REQUIRE(m_language == language);
        fshosts::gui::NetworkSettings quiet;
        quiet.dns.server = fshosts::probe::parse_dns_server("127.0.0.1:9");  // discard: nothing answers
        quiet.automatic_checks = false;
        m_frame = new MainFrame(system_file ? std::nullopt : std::optional<fs::path>(m_hosts), m_language,
                                network.value_or(quiet));
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
        m_loop_active.reset();
        m_loop.reset();
        if (m_started)
            wxEntryCleanup();
        m_tray.reset();
    }

    Gui(const Gui&) = delete;
    Gui& operator=(const Gui&) = delete;

    MainFrame* frame() const { return m_frame; }
    const fs::path& hosts() const { return m_hosts; }

private:
    std::optional<fshosts::test::TempDir> m_temp;
    fs::path m_dir;
    fs::path m_hosts;
    std::string m_language;
    std::shared_ptr<void> m_tray;
    std::unique_ptr<wxGUIEventLoop> m_loop;
    std::optional<wxEventLoopActivator> m_loop_active;
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
    REQUIRE(pump_until([&] { return gui.frame()->tray_icon_shown() && revert->IsEnabled(); }, after_write_ms));
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

using ms = std::chrono::milliseconds;

long long elapsed_ms(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration_cast<ms>(std::chrono::steady_clock::now() - since).count();
}

// Types the example domain and address and clicks Start preview; returns once the file holds the
// preview and the window shows it (tray icon installed, Revert all enabled).
void start_example_preview(const Gui& gui)
{
    type_into(find<wxTextCtrl>("domain"), "https://www.example.jp/");
    type_into(find<wxTextCtrl>("address"), "203.0.113.10");
    auto* start = find<wxButton>("start_preview");
    REQUIRE(pump_until([start] { return start->IsEnabled(); }));
    click(start);
    const bool written = pump_until([&] { return read_bytes(gui.hosts()) == preview_hosts; });
    INFO("the file holds:\n" << read_bytes(gui.hosts()));
    REQUIRE(written);
    auto* revert = find<wxButton>("revert_all");
    REQUIRE(pump_until([&] { return gui.frame()->tray_icon_shown() && revert->IsEnabled(); }, after_write_ms));
}

// The whole-file view's lines as it draws them, each with a "\n" (the test files end in one).
std::string view_text(const fshosts::gui::HostsFileView* view)
{
    std::string text;
    for (std::size_t n = 0; n < view->line_count(); ++n)
        text += view->line_text(n).utf8_string() + "\n";
    return text;
}

// A change by the app itself never shows the "changed by another program" bar; an append by
// another program does within one poll (2 s), and its Reload button shows the new content.
void reload_banner()
{
    Gui gui("en");
    auto* bar = find<wxInfoBar>("reload_bar");
    auto* entries = find<wxListCtrl>("entries");
    auto* view = find<fshosts::gui::HostsFileView>("hosts_file_view");
    auto* banner = find<wxStaticText>("banner_title");
    CHECK_FALSE(bar->IsShown());

    start_example_preview(gui);
    // Longer than the poll interval (2 s) after the app's own write: the bar stays hidden.
    const bool shown_after_own_change = pump_until([bar] { return bar->IsShown(); }, 3000);
    CHECK_FALSE(shown_after_own_change);
    CHECK(entries->GetItemCount() == 2);
    CHECK(view_text(view) == preview_hosts);

    const std::string added = "192.0.2.7 intranet.example\n";
    {
        std::ofstream out(gui.hosts(), std::ios::binary | std::ios::app);
        out << added;
    }
    const auto t0 = std::chrono::steady_clock::now();
    const bool shown = pump_until([bar] { return bar->IsShown(); }, 5000);
    const auto to_bar = elapsed_ms(t0);
    INFO("bar shown after " << to_bar << " ms");
    REQUIRE(shown);
    CHECK(view_text(view) == preview_hosts);  // not reloaded behind the user's back

    // The Reload button, as the native bar's button reports a click (wxEVT_BUTTON with its id).
    REQUIRE(bar->GetButtonCount() == 1);
    wxCommandEvent reload(wxEVT_BUTTON, bar->GetButtonId(0));
    reload.SetEventObject(bar);
    bar->GetEventHandler()->ProcessEvent(reload);
    CHECK(pump_until([bar] { return !bar->IsShown(); }, 2000));
    // Read again on the file monitor's thread: shown once it is read.
    const bool reloaded = pump_until([&] { return view_text(view) == preview_hosts + added; }, 3000);
    INFO("the view shows:\n" << view_text(view));
    CHECK(reloaded);
    CHECK(entries->GetItemCount() == 2);
    CHECK(entries->GetItemText(0, 0) == "www.example.jp");
    CHECK(banner->GetLabelText() == wxGetTranslation("Preview active on this PC only", "fshosts"));
    // Reloaded: the next polls find nothing new.
    CHECK_FALSE(pump_until([bar] { return bar->IsShown(); }, 2500));
    WARN("external append -> reload bar: " << to_bar << " ms");
}


// The whole-file view on a 1.6-million-line (56 MiB, under the 64 MiB read limit) file: every
// line is there, the one before the last reads as written, and Ctrl+F, typing and Return find a
// name on the last line and scroll to it.
void large_file_view()
{
    constexpr std::size_t lines = 1'600'000;
    const auto line = [](std::size_t n) { return "0.0.0.0 host-" + std::to_string(n) + ".ads.example.com"; };
    std::size_t last_start = 0;  // where the last line starts
    Gui gui("en", [&](const fs::path& path) {
        std::string bytes;
        bytes.reserve(lines * 36);
        for (std::size_t n = 1; n <= lines; ++n) {
            last_start = bytes.size();
            bytes += line(n) + "\n";
        }
        write_bytes(path, bytes);
    });
    auto* view = find<fshosts::gui::HostsFileView>("hosts_file_view");
    const auto t0 = std::chrono::steady_clock::now();
    REQUIRE(pump_until([view] { return view->line_count() == lines; }, 30000));
    const auto loaded_ms = elapsed_ms(t0);
    CHECK(view->line_text(lines - 2).utf8_string() == line(lines - 1));
    CHECK(view->line_text(0).utf8_string() == line(1));

    // Ctrl+F shows the tab and puts the cursor in the search field.
    wxUIActionSimulator sim;
    click(find<wxTextCtrl>("domain"));
    REQUIRE(sim.Char('f', wxMOD_CONTROL));
    auto* search = find<wxSearchCtrl>("hosts_file_search");
    REQUIRE(pump_until([search] { return search->HasFocus() || wxWindow::FindFocus() == search; }));
    const std::string needle = "HOST-" + std::to_string(lines) + ".ads";
    REQUIRE(sim.Text(needle.c_str()));
    REQUIRE(pump_until([search, &needle] { return search->GetValue().utf8_string() == needle; }));
    const auto t1 = std::chrono::steady_clock::now();
    REQUIRE(sim.Char(WXK_RETURN));
    const bool found = pump_until([view] { return !view->searching() && view->current_match().has_value(); }, 20000);
    const auto search_ms = elapsed_ms(t1);
    REQUIRE(found);
    const fshosts::gui::Match match = *view->current_match();
    CHECK(match.length == needle.size());
    CHECK(match.offset == last_start + 8);  // after "0.0.0.0 "
    CHECK(view->first_visible_line() + 1 < lines);
    CHECK(view->first_visible_line() + 40 > lines);  // scrolled to the end
    WARN(lines << "-line file: view filled after " << loaded_ms << " ms; search for the last line: " << search_ms << " ms");
}

void save_screenshot(wxTopLevelWindow* frame, const std::string& name);

// The whole-file view of a file with NUL bytes (issue 9): every line is shown, NUL as "\0"
// (the resolver ends a line there; the view shows what is on disk), lines after a NUL too,
// in UTF-8, Shift_JIS and Latin-1 lines. A screenshot of the tab is saved for a human to see.
void nul_bytes_view()
{
    using namespace std::string_literals;
    const std::string bytes = "127.0.0.1 localhost\0 hidden.example.jp\n"s
                              "\0\0\0" "after three NULs\n"s
                              "192.0.2.1 sjis.example.jp # \x93\xfa\x96\x7b\0\x8c\xea\n"s  // 日本 NUL 語 in Shift_JIS
                              "192.0.2.2 latin1 \xff\0\xfe end\n"s
                              "last line\n"s;
    Gui gui("en", [&](const fs::path& path) { write_bytes(path, bytes); });
    auto* view = find<fshosts::gui::HostsFileView>("hosts_file_view");
    REQUIRE(pump_until([view] { return view->line_count() == 5; }, 10000));
    const wxString nul("\\0");
    CHECK(view->line_text(0) == "127.0.0.1 localhost" + nul + " hidden.example.jp");
    CHECK(view->line_text(1) == nul + nul + nul + "after three NULs");
    CHECK(view->line_text(2) == wxString::FromUTF8("192.0.2.1 sjis.example.jp # \xE6\x97\xA5\xE6\x9C\xAC") + nul +
                                    wxString::FromUTF8("\xE8\xAA\x9E"));
    CHECK(view->line_text(3).StartsWith("192.0.2.2 latin1 "));
    CHECK(view->line_text(3).EndsWith(nul + wxString::FromUTF8("\xC3\xBE end")));
    CHECK(view->line_text(4) == "last line");

    // Show the whole-file tab and keep a screenshot of the window.
    auto* notebook = wxDynamicCast(view->GetParent(), wxNotebook);
    REQUIRE(notebook != nullptr);
    notebook->SetSelection(static_cast<std::size_t>(notebook->FindPage(view)));
    save_screenshot(gui.frame(), "gui_nul_bytes_view_en.png");
}

// A classic Mac file (lines ending in a lone CR): the banner says the resolver reads them as one.
void lone_cr_banner()
{
    Gui gui("en", [](const fs::path& path) { write_bytes(path, "##\r# Host Database\r127.0.0.1\tlocalhost\r"); });
    auto* detail = find<wxStaticText>("banner_detail");
    REQUIRE(pump_until([detail] { return detail->GetLabelText().Contains("lone CR"); }, 10000));
    CHECK(detail->GetLabelText().Contains("LF"));
    save_screenshot(gui.frame(), "gui_lone_cr_banner_en.png");
}

// Saves what `frame` shows on screen as build/screenshots/NAME.
void save_screenshot(wxTopLevelWindow* frame, const std::string& name)
{
    frame->Raise();
    pump_until([] { return false; }, 700);
    const wxImage shot = fshosts::test::screen_image(frame->GetScreenRect());
    const char* dir = std::getenv("FSHOSTS_SCREENSHOT_DIR");
    const fs::path out = fs::path(dir != nullptr ? dir : FSHOSTS_SCREENSHOT_DIR) / name;
    fs::create_directories(out.parent_path());
    wxImage::AddHandler(new wxPNGHandler);
    CHECK(shot.SaveFile(out.string(), wxBITMAP_TYPE_PNG));
}

// A FIFO as the hosts file (no writer: a blocking open would hang the reader for ever): the
// window appears, and says at once that it cannot read the file and why; nothing can be changed.
void fifo_hosts_file_refused(const std::string& language)
{
    Gui gui(language, [](const fs::path& path) { REQUIRE(fshosts::test::make_fifo(path)); });
    auto* banner = find<wxStaticText>("banner_title");
    auto* detail = find<wxStaticText>("banner_detail");
    CHECK(gui.frame()->IsShownOnScreen());
    const bool refused = pump_until([&] {
        return banner->GetLabelText() == wxGetTranslation("Cannot read the hosts file", "fshosts") &&
               detail->GetLabelText().Find("FIFO") != wxNOT_FOUND;
    }, 5000);
    INFO("banner: " << banner->GetLabelText().utf8_string() << "\ndetail: " << detail->GetLabelText().utf8_string());
    CHECK(refused);
    if (language == "ja")
        CHECK(has_japanese(detail->GetLabelText()));
    CHECK(find<fshosts::gui::HostsFileView>("hosts_file_view")->line_count() == 0);
    CHECK_FALSE(find<wxButton>("revert_all")->IsEnabled());
    CHECK(fs::is_fifo(gui.hosts()));
}

// The tray icon's menu, built as wx builds it on a right click: its two commands in the UI
// language; choosing "Revert all" puts the file back byte for byte and removes the icon.
void tray_menu_revert_all(const std::string& language)
{
    Gui gui(language);
    start_example_preview(gui);

    std::unique_ptr<wxMenu> menu(gui.frame()->tray_menu_for_test());
    REQUIRE(menu != nullptr);
    const wxString open_label = wxGetTranslation("Open fshosts", "fshosts");
    const wxString revert_label = wxGetTranslation("Revert all", "fshosts");
    if (language == "ja") {
        INFO("translations: " << open_label.utf8_string() << " / " << revert_label.utf8_string());
        CHECK(has_japanese(open_label));
        CHECK(has_japanese(revert_label));
    }
    int open_id = wxNOT_FOUND;
    int revert_id = wxNOT_FOUND;
    for (const wxMenuItem* item : menu->GetMenuItems()) {
        if (item->IsSeparator())
            continue;
        if (item->GetItemLabelText() == open_label)
            open_id = item->GetId();
        else if (item->GetItemLabelText() == revert_label)
            revert_id = item->GetId();
    }
    CHECK(open_id != wxNOT_FOUND);
    REQUIRE(revert_id != wxNOT_FOUND);

    // What wx does when the item is chosen in the popup: the command goes to the menu first (the
    // tray icon binds its handlers there), then to the window / handler that showed it.
    const auto t0 = std::chrono::steady_clock::now();
    CHECK(menu->SendEvent(revert_id));
    const bool reverted = pump_until([&] { return read_bytes(gui.hosts()) == original_hosts; });
    INFO("the file holds:\n" << read_bytes(gui.hosts()));
    REQUIRE(reverted);
    REQUIRE(pump_until([&] { return !gui.frame()->tray_icon_shown(); }));
    CHECK(find<wxStaticText>("banner_title")->GetLabelText() == wxGetTranslation("No preview active", "fshosts"));
    WARN("tray menu revert all -> icon gone: " << elapsed_ms(t0) << " ms");
}

// A wxTimer that runs a function: drives modal dialogs while ShowModal() runs its own loop.
class Driver : public wxTimer {
public:
    explicit Driver(std::function<void()> step) : m_step(std::move(step)) {}
    void Notify() override { m_step(); }

private:
    std::function<void()> m_step;
};

// Notes every modal dialog wx shows (native message dialogs included) while it is shown.
class ModalWatch : public wxModalDialogHook {
public:
    ModalWatch() { Register(); }
    ~ModalWatch() override { Unregister(); }
    ModalWatch(const ModalWatch&) = delete;
    ModalWatch& operator=(const ModalWatch&) = delete;
    wxMessageDialog* message = nullptr;  // the message dialog being shown, if any
    int messages_shown = 0;

protected:
    int Enter(wxDialog* dialog) override
    {
        if (auto* m = dynamic_cast<wxMessageDialog*>(dialog)) {
            message = m;
            ++messages_shown;
        }
        return wxID_NONE;
    }
    void Exit(wxDialog* dialog) override
    {
        if (dialog == message)
            message = nullptr;
    }
};

// File > Backups...: the dialog lists every backup core keeps; choosing the original and
// confirming restores its exact bytes through the main window.
void backups_dialog_restore()
{
    Gui gui("en");
    start_example_preview(gui);
    const fshosts::Target target = fshosts::Target::for_file(gui.hosts());
    const std::vector<fshosts::BackupInfo> backups = fshosts::BackupStore(target.backup_dir(), target.hosts).list();
    REQUIRE(backups.size() == 1);
    REQUIRE(backups.front().pristine);
    const std::string pristine_id = backups.front().id;

    wxMenuBar* bar = gui.frame()->GetMenuBar();
    REQUIRE(bar != nullptr);
    const int backups_id = bar->FindMenuItem(wxGetTranslation("&File", "fshosts"), wxGetTranslation("&Backups...", "fshosts"));
    REQUIRE(backups_id != wxNOT_FOUND);

    // Runs inside BackupsDialog::ShowModal (and, later, inside the confirmation's own loop).
    enum class Step { WaitDialog, WaitConfirm, WaitClosed, Done, GaveUp };
    Step step = Step::WaitDialog;
    int rows = -1;
    bool selected_pristine = false;
    bool restore_enabled = false;
    const auto t0 = std::chrono::steady_clock::now();
    auto since_step = t0;
    int confirm_tries = 0;
    wxListCtrl* list = nullptr;
    ModalWatch watch;
    Driver driver([&] {
        if (elapsed_ms(t0) > 15000 && step != Step::GaveUp) {  // still in ShowModal after 15 s
            step = Step::GaveUp;  // bounded: close whatever is open
            wxUIActionSimulator().Char(WXK_ESCAPE);
            if (auto* dialog = dynamic_cast<wxDialog*>(list ? wxGetTopLevelParent(list) : nullptr); dialog && dialog->IsModal())
                dialog->EndModal(wxID_CANCEL);
            return;
        }
        switch (step) {
        case Step::WaitDialog: {
            list = dynamic_cast<wxListCtrl*>(wxWindow::FindWindowByName("backups_list"));
            if (list == nullptr || !list->IsShownOnScreen())
                return;
            rows = list->GetItemCount();
            for (long row = 0; row < rows; ++row)
                if (list->GetItemText(row, 3).utf8_string() == pristine_id) {
                    list->SetItemState(row, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                                       wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
                    selected_pristine = true;
                }
            auto* restore = dynamic_cast<wxButton*>(wxWindow::FindWindowByName("backup_restore"));
            restore_enabled = restore != nullptr && restore->IsEnabled();
            if (!selected_pristine || !restore_enabled) {
                step = Step::GaveUp;
                if (auto* dialog = dynamic_cast<wxDialog*>(wxGetTopLevelParent(list)))
                    dialog->EndModal(wxID_CANCEL);
                return;
            }
            // A real click on "Restore this backup...": its handler opens the confirmation.
            wxUIActionSimulator sim;
            const wxSize size = restore->GetClientSize();
            sim.MouseMove(restore->ClientToScreen(wxPoint(size.GetWidth() / 2, size.GetHeight() / 2)));
            sim.MouseClick();
            step = Step::WaitConfirm;
            since_step = std::chrono::steady_clock::now();
            return;
        }
        case Step::WaitConfirm: {
            // The native confirmation, "Cancel" being the default: answered as its "Restore"
            // button would (gui_platform.h).
            if (watch.message == nullptr || elapsed_ms(since_step) < 300)
                return;
            if (!fshosts::test::answer_yes(watch.message)) {
                step = Step::GaveUp;
                return;
            }
            ++confirm_tries;
            step = Step::WaitClosed;
            return;
        }
        case Step::WaitClosed:
            if (watch.message == nullptr)
                step = Step::Done;
            return;
        case Step::Done:
        case Step::GaveUp:
            return;
        }
    });
    driver.Start(50);
    wxCommandEvent open(wxEVT_MENU, backups_id);
    open.SetEventObject(gui.frame());
    // The menu command only starts reading the backups on a worker thread; the dialog opens
    // (and the driver above runs inside its ShowModal) once they have been read.
    gui.frame()->GetEventHandler()->ProcessEvent(open);
    pump_until([&] { return step == Step::Done || step == Step::GaveUp; }, 20000);
    driver.Stop();
    const auto t1 = std::chrono::steady_clock::now();

    INFO("dialog rows: " << rows << ", confirmations shown: " << watch.messages_shown
                          << ", answered: " << confirm_tries);
    CHECK(rows == static_cast<int>(backups.size()));
    CHECK(selected_pristine);
    CHECK(restore_enabled);
    REQUIRE(step != Step::GaveUp);
    const bool restored = pump_until([&] { return read_bytes(gui.hosts()) == original_hosts; });
    INFO("the file holds:\n" << read_bytes(gui.hosts()));
    REQUIRE(restored);
    REQUIRE(pump_until([&] { return !gui.frame()->tray_icon_shown(); }));
    // The restore saved the preview file first: now two backups.
    CHECK(fshosts::BackupStore(target.backup_dir(), target.hosts).list().size() == 2);
    WARN("backups dialog open -> closed: " << std::chrono::duration_cast<ms>(t1 - t0).count()
                                           << " ms; restored after " << elapsed_ms(t0) << " ms");
}

// File > Backups in Japanese: wx's own texts, here the stock Close button, come from wxWidgets'
// catalog (wxstd), which the Windows build ships beside fshosts' own (cmake/translations.cmake);
// without it they stay English. The dialog is shown modal, as the app shows it; under Wine,
// windows_gui_screenshots keeps a picture of it (a capture from here shows it unpainted).
void backups_dialog_ja()
{
    Gui gui("ja");
    start_example_preview(gui);
    const fshosts::Target target = fshosts::Target::for_file(gui.hosts());
    fshosts::gui::BackupsDialog dialog(gui.frame(), fshosts::gui::load_backups({target.backup_dir()}, target.hosts));
    std::string label;
    int rows = -1;
    const auto t0 = std::chrono::steady_clock::now();
    std::optional<std::chrono::steady_clock::time_point> shown;
    // Runs inside ShowModal: once the dialog has been on screen for a while, reads it and closes
    // it; gives up after 15 s.
    Driver driver([&] {
        if (!dialog.IsModal())
            return;
        if (!dialog.IsShownOnScreen() || !shown) {
            if (dialog.IsShownOnScreen())
                shown = std::chrono::steady_clock::now();
            else if (elapsed_ms(t0) > 15000)
                dialog.EndModal(wxID_CANCEL);
            return;
        }
        if (elapsed_ms(*shown) < 800)
            return;
        if (auto* close = dynamic_cast<wxButton*>(dialog.FindWindow(wxID_CLOSE)))
            label = close->GetLabelText().utf8_string();
        if (auto* list = dynamic_cast<wxListCtrl*>(dialog.FindWindow("backups_list")))
            rows = list->GetItemCount();
        dialog.EndModal(wxID_CANCEL);
    });
    driver.Start(50);
    dialog.ShowModal();
    driver.Stop();
    INFO("the Close button says: " << label);
    CHECK(label.find("\xE9\x96\x89\xE3\x81\x98\xE3\x82\x8B") != std::string::npos);  // 閉じる, wxstd's "&Close"
    CHECK(label.find("Close") == std::string::npos);
    CHECK(rows == 1);
}

// File > Audit log on a log with odd bytes (invalid UTF-8, a NUL, controls, a bidi override):
// every line is shown, the odd bytes as escapes, instead of an empty view.
// How many lines of the audit log at `path` contain `what` (0 without a log).
std::size_t audit_lines_with(const fs::path& path, const std::string& what)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        return 0;
    std::size_t n = 0;
    std::istringstream lines(read_bytes(path));
    for (std::string line; std::getline(lines, line);)
        if (line.find(what) != std::string::npos)
            ++n;
    return n;
}

// The system hosts file (no --hosts-file) through fshosts-helper.exe: the worker thread's
// run_elevated, ShellExecuteExW "runas" (Wine runs it without a prompt) with the window as the
// prompt's owner, the request on the helper's command line, the answer through the pipe. The Wine
// user could write the prefix's file itself, so FSHOSTS_ALWAYS_ELEVATE=1 sends the change to the
// helper as on a PC where only administrators may write it. Registered for the Windows build
// only, in a Wine prefix of its own (tests/windows/CMakeLists.txt); on Linux the same path is
// pkexec's, driven by e2e_polkit_gui.
void system_file_through_helper()
{
    REQUIRE(wxSetEnv("FSHOSTS_ALWAYS_ELEVATE", "1"));
    const fs::path audit = fshosts::platform::system_state_dir() / "audit.log";
    const std::size_t applies = audit_lines_with(audit, " op=request:apply ");
    const std::size_t reverts = audit_lines_with(audit, " op=request:revert ");

    Gui gui("en", {}, true);
    INFO("the system hosts file: " << gui.hosts().string());
    REQUIRE(gui.hosts() == fshosts::platform::system_hosts_path());
    start_example_preview(gui);
    CHECK(audit_lines_with(audit, " op=request:apply ") == applies + 1);  // the helper wrote it

    auto* revert = find<wxButton>("revert_all");
    click(revert);
    const bool reverted = pump_until([&] { return read_bytes(gui.hosts()) == original_hosts; });
    INFO("the file holds:\n" << read_bytes(gui.hosts()));
    REQUIRE(reverted);
    REQUIRE(pump_until([&] { return !gui.frame()->tray_icon_shown() && !revert->IsEnabled(); }));
    CHECK(audit_lines_with(audit, " op=request:revert ") == reverts + 1);
}

void audit_log_odd_bytes()
{
    Gui gui("en");
    const fshosts::Target target = fshosts::Target::for_file(gui.hosts());
    fs::create_directories(target.audit_log.parent_path());
    static const char raw[] = "2026-12-03T06:00:00.000000+0000 user=a op=apply result=ok\n"
                              "2026-12-03T06:00:01.000000+0000 user=\xff\xfe op=\x1b[31m names=\0x \u202Eevil\n"
                              "2026-12-03T06:00:02.000000+0000 user=c op=revert result=ok\n";
    write_bytes(target.audit_log, std::string(raw, sizeof raw - 1));
    fshosts::gui::AuditLogDialog dialog(gui.frame(), target.audit_log, fshosts::gui::load_audit_log(target.audit_log));
    wxTextCtrl* view = nullptr;
    for (wxWindow* child : dialog.GetChildren())
        if (auto* text = dynamic_cast<wxTextCtrl*>(child))
            view = text;
    REQUIRE(view != nullptr);
    const std::string shown = view->GetValue().utf8_string();
    INFO(shown);
    CHECK(shown.find("op=apply result=ok") != std::string::npos);
    CHECK(shown.find("user=\\xFF\\xFE op=\\x1B[31m names=\\x00x \\u202Eevil") != std::string::npos);
    CHECK(shown.find("op=revert result=ok") != std::string::npos);
}

// Plays a security program (Defender's HostsFileHijack remediation, a suite that comments
// lines out): a thread that polls the hosts file every 30 ms and, as soon as fshosts' entries
// for 203.0.113.10 appear, comments them out. Stopped and joined when it goes out of scope.
class CommentOutWatcher {
public:
    explicit CommentOutWatcher(fs::path hosts) : m_hosts(std::move(hosts)), m_thread([this] { run(); }) {}
    ~CommentOutWatcher()
    {
        m_stop = true;
        m_thread.join();
    }
    CommentOutWatcher(const CommentOutWatcher&) = delete;
    CommentOutWatcher& operator=(const CommentOutWatcher&) = delete;

    static std::string commented(std::string bytes)
    {
        for (std::size_t at = 0; (at = bytes.find("\n203.0.113.10 ", at)) != std::string::npos; at += 2)
            bytes.insert(at + 1, "#");
        return bytes;
    }
    bool acted() const { return m_acted; }

private:
    void run()
    {
        while (!m_stop) {
            const std::string bytes = read_bytes(m_hosts);
            if (bytes.find("\n203.0.113.10 ") != std::string::npos) {
                write_bytes(m_hosts, commented(bytes));
                m_acted = true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
        }
    }

    fs::path m_hosts;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_acted{false};
    std::thread m_thread;  // last: starts once the members it uses exist
};

// The text of a label without its line breaks and blanks (wrap_text breaks lines at blanks, and
// anywhere in Japanese).
std::string unwrapped(const wxString& text)
{
    std::string out;
    for (const char c : text.utf8_string())
        if (c != '\n' && c != ' ')
            out += c;
    return out;
}

// Windows only (on Linux and macOS nothing is read again after a write): a security program
// comments out the preview right after Start preview wrote it. The banner says the preview was
// undone, with core's warning (what happened, the likely cause, what to do) in the UI language;
// the file stays as the other program left it; no tray icon.
void preview_undone_by_security_program(const std::string& language)
{
    Gui gui(language);
    auto* banner = find<wxStaticText>("banner_title");
    auto* detail = find<wxStaticText>("banner_detail");
    const wxString undone = wxGetTranslation("The preview was undone by another program", "fshosts");
    if (language == "ja")
        CHECK(has_japanese(undone));
    {
        CommentOutWatcher watcher(gui.hosts());
        type_into(find<wxTextCtrl>("domain"), "https://www.example.jp/");
        type_into(find<wxTextCtrl>("address"), "203.0.113.10");
        auto* start = find<wxButton>("start_preview");
        REQUIRE(pump_until([start] { return start->IsEnabled(); }));
        click(start);
        const bool shown = pump_until([&] { return banner->GetLabelText() == undone; }, after_write_ms);
        INFO("banner: " << banner->GetLabelText().utf8_string() << "\ndetail: " << detail->GetLabelText().utf8_string());
        REQUIRE(shown);
        CHECK(watcher.acted());
    }
    const std::string left = CommentOutWatcher::commented(preview_hosts);
    CHECK(read_bytes(gui.hosts()) == left);  // never written again: fshosts does not fight it
    // The one backup, taken before the write: the message names it as the way back.
    const fshosts::Target target = fshosts::Target::for_file(gui.hosts());
    const std::vector<fshosts::BackupInfo> backups = fshosts::BackupStore(target.backup_dir(), target.hosts).list();
    REQUIRE(backups.size() == 1);
    const fshosts::AfterWriteCheck check =
        fshosts::check_written_entries(left, {"www.example.jp", "example.jp"}, "203.0.113.10", backups[0].id);
    REQUIRE(check.undone());
    CHECK(check.message.find(backups[0].id) != std::string::npos);
    if (language == "ja")
        CHECK(has_japanese(wxString::FromUTF8(check.message)));
    INFO("detail: " << detail->GetLabelText().utf8_string() << "\ncore: " << check.message);
    CHECK(unwrapped(detail->GetLabelText()).find(unwrapped(wxString::FromUTF8(check.message))) != std::string::npos);
    CHECK_FALSE(gui.frame()->tray_icon_shown());
}

// Linux: a proxy in the environment and a Firefox profile with DNS over HTTPS that ignores the
// hosts file (written into the test's HOME before the preview starts). Once the preview is on,
// the banner says both, with what to do, in the UI language; with nothing set it says neither.
void browser_pitfalls_banner(const std::string& language)
{
    Gui gui(language);
    const char* home = std::getenv("HOME");
    REQUIRE(home != nullptr);
    const fs::path root = fs::path(home) / ".mozilla" / "firefox";
    fs::create_directories(root / "t.default-release");
    write_bytes(root / "profiles.ini", "[Profile0]\nName=default-release\nIsRelative=1\nPath=t.default-release\nDefault=1\n");
    write_bytes(root / "t.default-release" / "prefs.js",
                "user_pref(\"network.trr.mode\", 2);\nuser_pref(\"network.trr.exclude-etc-hosts\", false);\n");
    for (const char* name : {"http_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"})
        wxUnsetEnv(name);
    wxSetEnv("https_proxy", "http://proxy.corp.example:3128");
    wxSetEnv("no_proxy", "localhost,www.example.jp");

    start_example_preview(gui);
    auto* detail = find<wxStaticText>("banner_detail");
    auto* details = find<wxButton>("browser_details");
    // One line each in the banner: the proxy (example.jp only: www. is in no_proxy) and Firefox.
    const wxString firefox = wxGetTranslation("Firefox is set to ignore the hosts file.", "fshosts");
    const bool shown = pump_until([&] {
        const std::string text = unwrapped(detail->GetLabelText());
        return text.find("https_proxy") != std::string::npos && text.find(unwrapped(firefox)) != std::string::npos &&
               details->IsShown();
    }, 10000);
    INFO("detail: " << detail->GetLabelText().utf8_string());
    REQUIRE(shown);
    const wxString text = detail->GetLabelText();
    // The details: what each does and the fix, the proxy's address, the open connections last.
    const std::string more = unwrapped(gui.frame()->browser_details());
    INFO("details: " << gui.frame()->browser_details().utf8_string());
    CHECK(more.find("proxy.corp.example:3128") != std::string::npos);
    CHECK(more.find("network.trr.exclude-etc-hosts") != std::string::npos);
    CHECK(more.rfind("net-internals/#sockets") > more.find("network.trr.exclude-etc-hosts"));
    if (language == "ja") {
        CHECK(has_japanese(firefox));
        CHECK(text.Find(wxString::FromUTF8("プロキシ")) != wxNOT_FOUND);
        CHECK(text.Find(wxString::FromUTF8("警告")) != wxNOT_FOUND);
        CHECK(has_japanese(details->GetLabel()));
    } else {
        CHECK(text.Find("Warning:") != wxNOT_FOUND);
        CHECK(more.find(unwrapped("Add example.jp to the proxy's exceptions")) != std::string::npos);
    }
    save_screenshot(gui.frame(), "gui_browser_pitfalls_" + language + ".png");
    wxUnsetEnv("https_proxy");
    wxUnsetEnv("no_proxy");
}

// "Check the server" asks the typed address for the site without touching the hosts file: here
// 127.0.0.1 (loopback only), whatever answers there or not. The result appears under the
// buttons in the UI language, the whole report behind Details, and the file keeps its bytes.
void check_server(const std::string& language)
{
    Gui gui(language);
    const std::string before = read_bytes(gui.hosts());
    type_into(find<wxTextCtrl>("domain"), "https://www.example.jp/");
    type_into(find<wxTextCtrl>("address"), "127.0.0.1");
    auto* check = find<wxButton>("check_server");
    auto* result = find<wxStaticText>("server_check");
    auto* details = find<wxButton>("server_check_details");
    REQUIRE(pump_until([check] { return check->IsEnabled(); }));
    const wxString idle_label = check->GetLabel();
    click(check);
    // Both names (the twin is checked by default), http and https each, at most a few seconds.
    const bool done = pump_until([&] { return details->IsShown() && check->GetLabel() == idle_label; }, 40000);
    INFO("result: " << result->GetLabelText().utf8_string());
    REQUIRE(done);
    CHECK(result->IsShown());
    CHECK(unwrapped(result->GetLabelText()).find("127.0.0.1") != std::string::npos);
    if (language == "ja")
        CHECK(has_japanese(result->GetLabelText()));
    const std::string report = unwrapped(gui.frame()->server_check_report());
    INFO("report: " << gui.frame()->server_check_report().utf8_string());
    CHECK(report.find("http://www.example.jp/") != std::string::npos);
    CHECK(report.find("https://example.jp/") != std::string::npos);
    CHECK(read_bytes(gui.hosts()) == before);
    save_screenshot(gui.frame(), "gui_check_server_" + language + ".png");
}

// The go-live date (issue 13): a preview whose date has passed (in the file before the window
// opens) turns the banner amber and says to revert, in the tray's tooltip and a notification too;
// Revert all. A date typed for a new preview that has passed already is refused before anything is
// written; a future one is stored in the block, shown in the list and the banner.
void go_live_date(const std::string& language)
{
    const std::string begin = "# >>> fshosts managed block (jp.fshosts.hosts) - do not edit by hand >>>\n";
    const std::string end = "# <<< fshosts managed block (jp.fshosts.hosts) <<<\n";
    const std::string overdue_hosts =
        original_hosts + begin + "203.0.113.10 www.example.jp\n#[fshosts:until] 2020-01-31 www.example.jp\n" + end;
    Gui gui(language, [&](const fs::path& hosts) { write_bytes(hosts, overdue_hosts); });
    MainFrame* frame = gui.frame();
    auto* title = find<wxStaticText>("banner_title");
    auto* detail = find<wxStaticText>("banner_detail");
    auto* entries = find<wxListCtrl>("entries");
    const wxString overdue_title = wxGetTranslation("The go-live date has passed: revert the preview", "fshosts");
    REQUIRE(pump_until([&] { return title->GetLabelText() == overdue_title; }, 10000));
    CHECK(unwrapped(detail->GetLabelText()).find("2020-01-31") != std::string::npos);
    CHECK(frame->tray_icon_shown());
    CHECK(frame->last_notification().Find("www.example.jp") != wxNOT_FOUND);
    REQUIRE(entries->GetItemCount() == 1);
    CHECK(entries->GetItemText(0, 2) == "2020-01-31");
    if (language == "ja") {
        CHECK(has_japanese(overdue_title));
        CHECK(has_japanese(frame->last_notification()));
    }
    save_screenshot(frame, "gui_go_live_overdue_" + language + ".png");
    auto* revert = find<wxButton>("revert_all");
    click(revert);
    REQUIRE(pump_until([&] { return read_bytes(gui.hosts()) == original_hosts; }));

    // A date that has passed is refused as it is typed; nothing can be started with it.
    type_into(find<wxTextCtrl>("domain"), "https://www.example.jp/");
    type_into(find<wxTextCtrl>("address"), "203.0.113.10");
    auto* until = find<wxTextCtrl>("until");
    auto* until_feedback = find<wxStaticText>("until_feedback");
    auto* start = find<wxButton>("start_preview");
    type_into(until, "2020/01/31");
    const wxString passed = wxString::Format(wxGetTranslation("%s has already passed: enter the planned go-live date.", "fshosts"),
                                             "2020-01-31");
    REQUIRE(pump_until([&] { return unwrapped(until_feedback->GetLabelText()) == unwrapped(passed); }));
    CHECK(until_feedback->IsShown());
    CHECK_FALSE(start->IsEnabled());

    // A date to come, typed the Japanese way: stored with the preview, shown in the list and banner.
    until->Clear();
    type_into(until, "2099/12/31");
    REQUIRE(pump_until([start] { return start->IsEnabled(); }));
    click(start);
    REQUIRE(pump_until([&] { return read_bytes(gui.hosts()).find("\n#[fshosts:until] 2099-12-31 www.example.jp\n") != std::string::npos; }));
    const wxString active = wxGetTranslation("Preview active on this PC only", "fshosts");
    REQUIRE(pump_until([&] { return title->GetLabelText() == active && entries->GetItemCount() == 2; }));
    CHECK(entries->GetItemText(0, 2) == "2099-12-31");
    const std::string to_come = unwrapped(wxString::FromUTF8(fshosts::go_live_text("2099-12-31", fshosts::local_date_today())));
    CHECK(unwrapped(detail->GetLabelText()).find(to_come) != std::string::npos);
    save_screenshot(frame, "gui_go_live_date_" + language + ".png");
    click(revert);
    REQUIRE(pump_until([&] { return read_bytes(gui.hosts()) == original_hosts; }));
}

#if !defined(_WIN32)
// A preview that is active when the window opens is checked against public DNS (the test's
// dnsmasq) at once: not switched yet, the banner stays green and nothing is notified. Then the
// zone changes to the preview address, and the next periodic check (shortened to 500 ms) says in
// the banner, the tray's tooltip and a notification that the switch is done and the line should
// be reverted; Revert all stops the checks.
void dns_switch_banner(const std::string& language)
{
    if (!fshosts::test::dnsmasq_installed())
        FSHOSTS_SKIP(fshosts::test::dnsmasq_program << " is not installed (package dnsmasq-base; scripts/install-deps)");
    fshosts::test::TempDir dns_dir("fshosts-gui-dns");
    const std::uint16_t port = fshosts::test::free_port();
    auto dns = std::make_unique<fshosts::test::Dnsmasq>(dns_dir.path, port,
                                                        std::vector<std::string>{"host-record=www.switch.test,192.0.2.20"});
    const std::string active = original_hosts +
                               "# >>> fshosts managed block (jp.fshosts.hosts) - do not edit by hand >>>\n"
                               "203.0.113.10 www.switch.test\n"
                               "# <<< fshosts managed block (jp.fshosts.hosts) <<<\n";
    fshosts::gui::NetworkSettings network;
    network.dns = dns->options();
    Gui gui(language, [&](const fs::path& hosts) { write_bytes(hosts, active); }, false, network);
    MainFrame* frame = gui.frame();
    auto* title = find<wxStaticText>("banner_title");
    auto* detail = find<wxStaticText>("banner_detail");

    REQUIRE(pump_until([&] { return frame->dns_switch_checks() >= 1; }, 10000));
    REQUIRE(frame->dns_switch_verdicts().size() == 1);
    CHECK(frame->dns_switch_verdicts()[0].state == fshosts::probe::SwitchState::NotSwitched);
    CHECK(title->GetLabelText() == wxGetTranslation("Preview active on this PC only", "fshosts"));
    CHECK(frame->last_notification().empty());
    CHECK(frame->tray_icon_shown());

    // The zone after the switch: www.switch.test is the preview address in public DNS too.
    dns.reset();
    dns = std::make_unique<fshosts::test::Dnsmasq>(dns_dir.path, port,
                                                   std::vector<std::string>{"host-record=www.switch.test,203.0.113.10"});
    const int checks = frame->dns_switch_checks();
    frame->set_switch_check_interval(std::chrono::milliseconds(500));
    const bool switched = pump_until([&] {
        return frame->dns_switch_checks() > checks && !frame->dns_switch_verdicts().empty() &&
               frame->dns_switch_verdicts()[0].state == fshosts::probe::SwitchState::Switched;
    }, 15000);
    INFO("banner: " << title->GetLabelText().utf8_string() << "\n" << detail->GetLabelText().utf8_string());
    REQUIRE(switched);
    CHECK(frame->dns_switch_verdicts()[0].decided_by == fshosts::probe::SwitchTest::SameAddress);
    const wxString done_title = wxGetTranslation("The DNS switch is done: revert the preview", "fshosts");
    REQUIRE(pump_until([&] { return title->GetLabelText() == done_title; }, 2000));
    const std::string text = unwrapped(detail->GetLabelText());
    CHECK(text.find("www.switch.test") != std::string::npos);
    CHECK(text.find("203.0.113.10") != std::string::npos);
    const wxString note = frame->last_notification();
    INFO("notification: " << note.utf8_string());
    CHECK(note.Find("www.switch.test") != wxNOT_FOUND);
    CHECK(frame->tray_icon_shown());
    if (language == "ja") {
        CHECK(has_japanese(done_title));
        CHECK(has_japanese(note));
        CHECK(has_japanese(detail->GetLabelText()));
    }
    // The reminder comes again at the next checks while the line is still there.
    const int before_more = frame->dns_switch_checks();
    CHECK(pump_until([&] { return frame->dns_switch_checks() >= before_more + 2; }, 10000));
    save_screenshot(frame, "gui_dns_switch_" + language + ".png");

    auto* revert = find<wxButton>("revert_all");
    click(revert);
    REQUIRE(pump_until([&] { return read_bytes(gui.hosts()) == original_hosts; }));
    REQUIRE(pump_until([&] { return !frame->tray_icon_shown(); }));
    CHECK(frame->dns_switch_verdicts().empty());
    const int after_revert = frame->dns_switch_checks();
    pump_until([] { return false; }, 1500);
    CHECK(frame->dns_switch_checks() == after_revert);  // nothing left to check
}

// Run by tests/e2e/probe_e2e.sh alone, inside its private mount and network namespace (so not in
// the ctest list): /etc/hosts is a temp file bind-mounted there, and nginx answers for
// www.example.jp and example.jp at FSHOSTS_E2E_PREVIEW with a certificate of the test's CA
// (FSHOSTS_E2E_CA_FILE). The window works on /etc/hosts itself, the file the resolver reads: once
// the preview is written it proves by itself that both names resolve to the preview address only
// and reach that server, and says so under the buttons.
void verify_after_preview(const std::string& language)
{
    const char* address = std::getenv("FSHOSTS_E2E_PREVIEW");
    const char* ca_file = std::getenv("FSHOSTS_E2E_CA_FILE");
    INFO("this case is run by tests/e2e/probe_e2e.sh, in its namespace");
    REQUIRE(address != nullptr);
    REQUIRE(ca_file != nullptr);
    const fs::path hosts = fshosts::platform::system_hosts_path();
    const std::string before = read_bytes(hosts);
    fshosts::gui::NetworkSettings network;
    network.dns.server = fshosts::probe::parse_dns_server("127.0.0.1:9");  // no DNS in the namespace
    network.ca_file = ca_file;
    Gui gui(language, [](const fs::path&) {}, false, network, hosts);

    type_into(find<wxTextCtrl>("domain"), "https://www.example.jp/");
    type_into(find<wxTextCtrl>("address"), address);
    auto* start = find<wxButton>("start_preview");
    auto* check = find<wxButton>("check_server");
    auto* result = find<wxStaticText>("server_check");
    REQUIRE(pump_until([start] { return start->IsEnabled(); }));
    const wxString idle_label = check->GetLabel();
    click(start);
    REQUIRE(pump_until([&] { return read_bytes(hosts).find(std::string(address) + " www.example.jp") != std::string::npos; }));
    const bool verified = pump_until([&] {
        return !gui.frame()->server_check_report().empty() && check->GetLabel() == idle_label;
    }, 40000);
    const std::string report = unwrapped(gui.frame()->server_check_report());
    INFO("result: " << result->GetLabelText().utf8_string() << "\nreport: " << report);
    REQUIRE(verified);
    // One line under the buttons; the report behind Details... has each name's proof.
    const std::string proof = unwrapped(wxString::FromUTF8(fshosts::trf(
        "Preview checked on this PC: {0} -> {1} only, and that server answers.", "www.example.jp, example.jp", address)));
    CHECK(unwrapped(result->GetLabelText()) == proof);
    CHECK(result->GetForegroundColour().GetRGB() != wxColour(0x9B, 0x1C, 0x1C).GetRGB());  // not the error colour
    for (const std::string name : {"www.example.jp", "example.jp"})
        CHECK(report.find(unwrapped(wxString::FromUTF8(fshosts::trf(
                  "{0} resolves only to the preview address {1} and a normal request reaches the preview server.", name,
                  address)))) != std::string::npos);
    if (language == "ja")
        CHECK(has_japanese(result->GetLabelText()));

    click(find<wxButton>("revert_all"));
    REQUIRE(pump_until([&] { return read_bytes(hosts) == before; }));

    // A name the server's certificate does not cover, on a site that sent Strict-Transport-Security:
    // the proof says what is wrong (in the error colour), and with what it saw of the certificate
    // the banner names the HSTS pitfall (browsers offer no way past the certificate error).
    auto* domain = find<wxTextCtrl>("domain");
    domain->Clear();
    type_into(domain, "wrong.example.jp");
    REQUIRE(pump_until([start] { return start->IsEnabled(); }));
    const std::size_t checks_before = gui.frame()->server_check_report().size();
    click(start);
    REQUIRE(pump_until([&] { return read_bytes(hosts).find(std::string(address) + " wrong.example.jp") != std::string::npos; }));
    REQUIRE(pump_until([&] {
        return gui.frame()->server_check_report().Find("wrong.example.jp") != wxNOT_FOUND && check->GetLabel() == idle_label;
    }, 40000));
    (void)checks_before;
    INFO("result: " << result->GetLabelText().utf8_string() << "\nreport: " << gui.frame()->server_check_report().utf8_string());
    CHECK(result->GetForegroundColour().GetRGB() == wxColour(0x9B, 0x1C, 0x1C).GetRGB());
    CHECK(unwrapped(result->GetLabelText()).find("wrong.example.jp") != std::string::npos);
    auto* detail = find<wxStaticText>("banner_detail");
    const std::string hsts = unwrapped(wxString::FromUTF8(
        fshosts::trf("{0}: HTTPS only, and the certificate does not cover the name.", "wrong.example.jp")));
    const bool named = pump_until([&] { return unwrapped(detail->GetLabelText()).find(hsts) != std::string::npos; }, 10000);
    INFO("banner: " << detail->GetLabelText().utf8_string());
    CHECK(named);
    save_screenshot(gui.frame(), "gui_verify_hsts_" + language + ".png");
    click(find<wxButton>("revert_all"));
    REQUIRE(pump_until([&] { return read_bytes(hosts) == before; }));
}

// The window asks `dns` when a button says so, and sends nothing by itself.
fshosts::gui::NetworkSettings buttons_only(const fshosts::probe::QueryOptions& dns)
{
    fshosts::gui::NetworkSettings network;
    network.dns = dns;
    network.automatic_checks = false;
    return network;
}

// Tools > SSL validation advisor on a shop that runs: dnsmasq (started here on 127.0.0.1, a port
// of its own) says www.shop.test has an address (127.0.0.20, where nginx answers on a port of its
// own), an MX record and the GlobalSign TXT record. The look-up pre-selects both answers "yes";
// the advice is mail validation with the approver addresses of shop.test (www. stripped) and the
// TXT reminder; "Start a preview for www.shop.test..." fills the main window's form and closes
// the advisor, and nothing is written to the hosts file.
void ssl_advisor(const std::string& language)
{
    if (!fshosts::test::dnsmasq_installed() || !fshosts::test::nginx_installed())
        FSHOSTS_SKIP("dnsmasq or nginx is not installed (scripts/install-deps)");
    fshosts::test::TempDir servers("fshosts-gui-advisor");
    fshosts::test::Dnsmasq dns(servers.path, fshosts::test::free_port(),
                               {"host-record=www.shop.test,127.0.0.20", "mx-host=shop.test,mail.shop.test,10",
                                "txt-record=shop.test,\"_globalsign-domain-verification=tok123\""});
    fshosts::test::Nginx nginx(servers.path / "nginx", "127.0.0.20", fshosts::test::free_port("127.0.0.20"));
    Gui gui(language, {}, false, buttons_only(dns.options()));
    const std::string before = read_bytes(gui.hosts());
    type_into(find<wxTextCtrl>("domain"), "https://www.shop.test/");

    // The menu item is there, in this language; the window opens pre-filled with the typed domain
    // (the web check on nginx's port: a port of our own instead of 80).
    wxMenuBar* bar = gui.frame()->GetMenuBar();
    REQUIRE(bar->FindMenuItem(wxGetTranslation("&Tools", "fshosts"), wxGetTranslation("&SSL validation advisor...", "fshosts")) !=
            wxNOT_FOUND);
    fshosts::probe::ProbeOptions web = fshosts::probe::advisor_web_options();
    web.http_port = nginx.port();
    web.https_port = fshosts::test::free_port("127.0.0.20");
    gui.frame()->open_ssl_advisor(web);
    auto* dialog = dynamic_cast<wxDialog*>(wxWindow::FindWindowByName(fshosts::gui::AdvisorDialog::window_name));
    REQUIRE(dialog != nullptr);
    REQUIRE(pump_until([dialog] { return dialog->IsShownOnScreen(); }));
    CHECK(dialog->GetTitle() == wxGetTranslation("SSL validation advisor", "fshosts"));
    CHECK(find<wxTextCtrl>("advisor_domain")->GetValue() == "www.shop.test");

    auto* running_yes = find<wxRadioButton>("advisor_running_yes");
    auto* mailbox_yes = find<wxRadioButton>("advisor_mailbox_yes");
    CHECK_FALSE(running_yes->IsEnabled());  // nothing to answer before the look-up
    const auto t0 = std::chrono::steady_clock::now();
    click(find<wxButton>("advisor_lookup"));
    REQUIRE(pump_until([running_yes] { return running_yes->IsEnabled(); }, 20000));
    WARN("advisor look-up (DNS + web check): " << elapsed_ms(t0) << " ms");
    CHECK(running_yes->GetValue());
    CHECK(mailbox_yes->GetValue());
    const std::string running_hint = unwrapped(find<wxStaticText>("advisor_running_hint")->GetLabelText());
    INFO("running hint: " << running_hint);
    CHECK(running_hint == unwrapped(wxString::FromUTF8(fshosts::trf("DNS has an address for it and a web server answers there (HTTP {0})", 200))));
    CHECK(unwrapped(find<wxStaticText>("advisor_mailbox_hint")->GetLabelText()) ==
          unwrapped(wxGetTranslation("DNS has an MX record: a mail server exists", "fshosts")));
    CHECK(unwrapped(find<wxStaticText>("advisor_running_question")->GetLabelText()).find("www.shop.test") != std::string::npos);

    const std::string method = unwrapped(find<wxStaticText>("advisor_method")->GetLabelText());
    INFO("method: " << method);
    CHECK(method == unwrapped(wxString::FromUTF8(
                        fshosts::trf("Recommended: {0}", fshosts::probe::method_name(fshosts::probe::ValidationMethod::Mail)))));
    auto* approvers = find<wxTextCtrl>("advisor_approvers");
    CHECK(approvers->IsShown());
    CHECK(approvers->GetValue() == "admin@shop.test, administrator@shop.test, hostmaster@shop.test, postmaster@shop.test, "
                                   "webmaster@shop.test");
    const wxString details = find<wxTextCtrl>("advisor_details")->GetValue();
    INFO("details: " << details.utf8_string());
    CHECK(details.Contains(wxString::FromUTF8(fshosts::trf(
        "{0} has a _globalsign-domain-verification TXT record: remove it once the certificate is issued.", "shop.test"))));
    CHECK(details.Contains(wxString::FromUTF8(fshosts::trf("Also possible: {0}",
                                                           fshosts::probe::method_name(fshosts::probe::ValidationMethod::Dns)))));
    CHECK(details.Contains("1. "));
    CHECK(details.Contains("4. "));
    if (language == "ja") {
        CHECK(has_japanese(wxString::FromUTF8(method)));
        CHECK(has_japanese(details));
        CHECK(has_japanese(wxString::FromUTF8(running_hint)));
    }

    // Set, not typed: with no window manager under Xvfb, the dialog's fields get no keyboard focus
    // from a click (the buttons take the clicks).
    find<wxTextCtrl>("advisor_address")->SetValue("203.0.113.10");
    auto* start = find<wxButton>("advisor_start_preview");
    REQUIRE(start->IsShown());
    CHECK(start->GetLabel() == wxString::FromUTF8(fshosts::trf("Start a preview for {0}...", "www.shop.test")));
    save_screenshot(dialog, "gui_ssl_advisor_" + language + ".png");

    // The form is filled, the advisor closed; the user still starts the preview: nothing written.
    find<wxTextCtrl>("domain")->ChangeValue("");
    click(start);
    REQUIRE(pump_until([] { return wxWindow::FindWindowByName(fshosts::gui::AdvisorDialog::window_name) == nullptr; }));
    CHECK(find<wxTextCtrl>("domain")->GetValue() == "www.shop.test");
    CHECK(find<wxTextCtrl>("address")->GetValue() == "203.0.113.10");
    CHECK(pump_until([] { return find<wxButton>("start_preview")->IsEnabled(); }));
    pump_until([] { return false; }, 500);
    CHECK(read_bytes(gui.hosts()) == before);
    CHECK_FALSE(gui.frame()->tray_icon_shown());
}

// The advisor from the menu on a domain DNS has neither an address nor an MX record for: both
// answers pre-set to "no" (DNS-switch web validation: no preview, no approver addresses); the user
// changes "running" to yes: DNS validation, a preview needed, still no approver addresses.
void ssl_advisor_no_mx()
{
    if (!fshosts::test::dnsmasq_installed())
        FSHOSTS_SKIP("dnsmasq is not installed (scripts/install-deps)");
    fshosts::test::TempDir servers("fshosts-gui-advisor");
    fshosts::test::Dnsmasq dns(servers.path, fshosts::test::free_port(), {"host-record=mail.elsewhere.test,127.0.0.30"});
    Gui gui("en", {}, false, buttons_only(dns.options()));
    const std::string before = read_bytes(gui.hosts());
    wxMenuBar* bar = gui.frame()->GetMenuBar();
    const int id = bar->FindMenuItem(wxGetTranslation("&Tools", "fshosts"), wxGetTranslation("&SSL validation advisor...", "fshosts"));
    REQUIRE(id != wxNOT_FOUND);
    wxCommandEvent open(wxEVT_MENU, id);
    open.SetEventObject(gui.frame());
    gui.frame()->GetEventHandler()->ProcessEvent(open);
    auto* dialog = dynamic_cast<wxDialog*>(wxWindow::FindWindowByName(fshosts::gui::AdvisorDialog::window_name));
    REQUIRE(dialog != nullptr);
    REQUIRE(pump_until([dialog] { return dialog->IsShownOnScreen(); }));
    auto* domain = find<wxTextCtrl>("advisor_domain");
    CHECK(domain->GetValue().empty());  // nothing valid typed in the main window
    domain->SetValue("www.newshop.test");  // set: see ssl_advisor()
    auto* running_yes = find<wxRadioButton>("advisor_running_yes");
    auto* running_no = find<wxRadioButton>("advisor_running_no");
    auto* mailbox_no = find<wxRadioButton>("advisor_mailbox_no");
    click(find<wxButton>("advisor_lookup"));
    REQUIRE(pump_until([running_yes] { return running_yes->IsEnabled(); }, 20000));
    CHECK(running_no->GetValue());
    CHECK(mailbox_no->GetValue());
    CHECK(find<wxStaticText>("advisor_mailbox_hint")->GetLabelText() == "DNS has no MX record");
    CHECK(find<wxStaticText>("advisor_method")->GetLabelText() == "Recommended: DNS-switch web validation");
    CHECK_FALSE(find<wxTextCtrl>("advisor_approvers")->IsShown());
    CHECK_FALSE(find<wxButton>("advisor_start_preview")->IsShown());
    CHECK(find<wxTextCtrl>("advisor_details")->GetValue().Contains("newshop.test has no MX record: no mail server seems to receive mail for it."));

    // The user knows better: a shop runs there (on another provider's server).
    click(running_yes);
    REQUIRE(pump_until([running_yes] { return running_yes->GetValue(); }));
    CHECK(find<wxStaticText>("advisor_method")->GetLabelText() == "Recommended: DNS validation (TXT record)");
    CHECK_FALSE(find<wxTextCtrl>("advisor_approvers")->IsShown());
    auto* start = find<wxButton>("advisor_start_preview");
    REQUIRE(pump_until([start] { return start->IsShownOnScreen(); }));
    save_screenshot(dialog, "gui_ssl_advisor_no_mx_en.png");
    click(start);
    REQUIRE(pump_until([] { return wxWindow::FindWindowByName(fshosts::gui::AdvisorDialog::window_name) == nullptr; }));
    CHECK(find<wxTextCtrl>("domain")->GetValue() == "www.newshop.test");
    CHECK(find<wxTextCtrl>("address")->GetValue().empty());
    CHECK_FALSE(find<wxButton>("start_preview")->IsEnabled());  // the address is still to be typed
    CHECK(read_bytes(gui.hosts()) == before);
}

// Closing the advisor while its web check waits on a server that accepts and never answers: the
// window goes at once, the check is cancelled (not its 20 s timeout) and the window destroyed
// within about a second; the main window never waited.
void ssl_advisor_closed_while_looking_up()
{
    if (!fshosts::test::dnsmasq_installed())
        FSHOSTS_SKIP("dnsmasq is not installed (scripts/install-deps)");
    fshosts::test::TempDir servers("fshosts-gui-advisor");
    fshosts::test::Dnsmasq dns(servers.path, fshosts::test::free_port(), {"host-record=www.slow.test,127.0.0.1"});
    const fshosts::test::SilentSocket silent(SOCK_STREAM);  // accepts connections, never answers

    Gui gui("en", {}, false, buttons_only(dns.options()));
    type_into(find<wxTextCtrl>("domain"), "www.slow.test");
    fshosts::probe::ProbeOptions web = fshosts::probe::advisor_web_options();
    web.http_port = web.https_port = silent.port();
    web.connect_timeout_ms = web.total_timeout_ms = 20000;
    gui.frame()->open_ssl_advisor(web);
    auto* dialog = dynamic_cast<wxDialog*>(wxWindow::FindWindowByName(fshosts::gui::AdvisorDialog::window_name));
    REQUIRE(dialog != nullptr);
    REQUIRE(pump_until([dialog] { return dialog->IsShownOnScreen(); }));
    auto* status = find<wxStaticText>("advisor_status");
    click(find<wxButton>("advisor_lookup"));
    const wxString checking = wxString::FromUTF8(
        fshosts::trf("Checking whether a web server answers for {0} at the address DNS gave...", "www.slow.test"));
    REQUIRE(pump_until([&] { return unwrapped(status->GetLabelText()) == unwrapped(checking); }, 5000));
    pump_until([] { return false; }, 300);  // the request is under way

    const auto t0 = std::chrono::steady_clock::now();
    dialog->Close();
    CHECK_FALSE(dialog->IsShown());
    const auto closed_ms = elapsed_ms(t0);
    CHECK(closed_ms < 200);  // the UI thread did not wait for the check
    const bool destroyed =
        pump_until([] { return wxWindow::FindWindowByName(fshosts::gui::AdvisorDialog::window_name) == nullptr; }, 5000);
    const auto destroyed_ms = elapsed_ms(t0);
    CHECK(destroyed);
    CHECK(destroyed_ms < 2500);
    WARN("advisor closed while checking: hidden after " << closed_ms << " ms, destroyed after " << destroyed_ms << " ms");
}

// "Open a preview browser" with a browser that ignores the rules (a script that records its
// arguments and makes no connection): the window runs the check through the same code as the
// CLI, says the rules were not confirmed and offers the hosts-file preview, opens no preview
// window, removes the throw-away profile and leaves the hosts file alone. The two ways are
// explained beside each other. The pre-flight asks 127.0.0.1 only.
void browser_preview_not_confirmed(const std::string& language)
{
    fshosts::test::TempDir dir("fshosts-gui-browser");
    const fs::path fake = dir.path / "fake-browser";
    const fs::path recorded = dir.path / "argv";
    write_bytes(fake, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> '" + recorded.string() +
                          "'; done\necho --- >> '" + recorded.string() + "'\n");
    fs::permissions(fake, fs::perms::owner_all);
    fshosts::gui::NetworkSettings network;
    network.browser = fake;
    network.automatic_checks = false;
    Gui gui(language, {}, false, network);
    const std::string before = read_bytes(gui.hosts());
    auto* ways = find<wxStaticText>("preview_ways");
    CHECK(ways->IsShown());
    CHECK(unwrapped(ways->GetLabelText()).find(unwrapped(wxGetTranslation(
              "Open a preview browser: only a separate browser window sees it; nothing is changed and no administrator "
              "rights are needed.", "fshosts"))) != std::string::npos);
    auto* choice = find<wxChoice>("preview_browser_choice");
    REQUIRE(pump_until([choice] { return choice->GetCount() >= 2; }));
    CHECK(choice->GetString(0) == "fake-browser");  // --browser is offered first

    type_into(find<wxTextCtrl>("domain"), "https://www.example.jp/");
    type_into(find<wxTextCtrl>("address"), "127.0.0.1");
    auto* open = find<wxButton>("open_preview_browser");
    auto* result = find<wxStaticText>("server_check");
    REQUIRE(pump_until([open] { return open->IsEnabled(); }));
    const wxString idle_label = open->GetLabel();
    CHECK(idle_label == wxGetTranslation("Open a preview browser", "fshosts"));
    click(open);
    const std::string hint = unwrapped(wxGetTranslation(
        "Use the hosts-file preview (Start preview) instead: it works for every browser on this PC.", "fshosts"));
    const bool done = pump_until([&] {
        return open->GetLabel() == idle_label && unwrapped(result->GetLabelText()).find(hint) != std::string::npos;
    }, 60000);
    INFO("result: " << result->GetLabelText().utf8_string());
    REQUIRE(done);
    if (language == "ja")
        CHECK(has_japanese(result->GetLabelText()));

    // One run, the headless check with the rules for both names; no window was opened.
    const std::string argv = read_bytes(recorded);
    INFO("argv: " << argv);
    CHECK(argv.find("--host-resolver-rules=MAP www.example.jp 127.0.0.1,MAP example.jp 127.0.0.1\n") != std::string::npos);
    CHECK(argv.find("--headless\n") != std::string::npos);
    CHECK(argv.find("---") == argv.rfind("---"));
    CHECK(argv.find("--new-window") == std::string::npos);
    const std::size_t at = argv.find("--user-data-dir=");
    REQUIRE(at != std::string::npos);
    const fs::path profile = argv.substr(at + 16, argv.find('\n', at) - at - 16);
    CHECK(profile.filename().string().rfind("fshosts-browser-", 0) == 0);
    CHECK_FALSE(fs::exists(profile));
    CHECK(read_bytes(gui.hosts()) == before);
    save_screenshot(gui.frame(), "gui_browser_preview_" + language + ".png");
}

// The real thing, run by tests/e2e/browser_e2e.sh in its namespace (nginx on the address the
// rules name, nothing else resolves the name): Debian's Chromium opens as the preview window
// under this Xvfb; the window says the check saw the preview address and that the browser is
// open; "Close the preview browser" stops it and the profile is removed.
void browser_preview_chromium(const std::string& language)
{
    const char* address = std::getenv("FSHOSTS_E2E_PREVIEW");
    const char* url = std::getenv("FSHOSTS_E2E_URL");
    INFO("this case is run by tests/e2e/browser_e2e.sh, in its namespace");
    REQUIRE(address != nullptr);
    REQUIRE(url != nullptr);
    fshosts::gui::NetworkSettings network;
    network.browser = "/usr/bin/chromium";
    network.automatic_checks = false;
    Gui gui(language, {}, false, network);
    const std::string before = read_bytes(gui.hosts());
    type_into(find<wxTextCtrl>("domain"), url);
    type_into(find<wxTextCtrl>("address"), address);
    auto* open = find<wxButton>("open_preview_browser");
    auto* result = find<wxStaticText>("server_check");
    REQUIRE(pump_until([open] { return open->IsEnabled(); }));
    const wxString idle_label = open->GetLabel();
    click(open);
    const std::string opened =
        unwrapped(wxGetTranslation("The preview browser is open. Close its window to end the preview.", "fshosts"));
    const bool is_open = pump_until([&] { return unwrapped(result->GetLabelText()).find(opened) != std::string::npos; }, 90000);
    INFO("result: " << result->GetLabelText().utf8_string());
    REQUIRE(is_open);
    CHECK(unwrapped(result->GetLabelText()).find(unwrapped(wxString::FromUTF8(fshosts::trf(
              "The browser connected to {0} for {1}, as the preview asks: only its preview window shows that server.",
              address, "www.example.jp")))) != std::string::npos);
    CHECK(open->GetLabel() == wxGetTranslation("Close the preview browser", "fshosts"));
    pump_until([] { return false; }, 3000);  // the browser's window draws
    save_screenshot(gui.frame(), "gui_browser_preview_open_" + language + ".png");
    click(open);
    const std::string closed =
        unwrapped(wxGetTranslation("The preview browser was closed and its temporary profile deleted.", "fshosts"));
    const bool done = pump_until([&] {
        return open->GetLabel() == idle_label && unwrapped(result->GetLabelText()).find(closed) != std::string::npos;
    }, 30000);
    INFO("result: " << result->GetLabelText().utf8_string());
    REQUIRE(done);
    if (language == "ja")
        CHECK(has_japanese(result->GetLabelText()));
    CHECK(read_bytes(gui.hosts()) == before);
}

// A hosts change that is not allowed (here an immutable file: the writer says Permission, as
// for a refused administrator prompt) shows its error with the way that needs no rights: the
// browser preview. Needs root for chattr +i.
void permission_error_suggests_browser(const std::string& language)
{
    if (::geteuid() != 0)
        FSHOSTS_SKIP("needs root (chattr +i)");
    Gui gui(language);
    const std::string before = read_bytes(gui.hosts());
    fshosts::test::ImmutableGuard guard{gui.hosts()};
    if (!fshosts::test::set_immutable(gui.hosts(), true))
        FSHOSTS_SKIP("the file system of the temp directory has no immutable flag");
    type_into(find<wxTextCtrl>("domain"), "www.example.jp");
    type_into(find<wxTextCtrl>("address"), "203.0.113.10");
    auto* start = find<wxButton>("start_preview");
    REQUIRE(pump_until([start] { return start->IsEnabled(); }));
    ModalWatch watch;
    wxString title;
    wxString extended;
    bool seen = false;
    Driver driver([&] {
        if (seen || watch.message == nullptr)
            return;
        seen = true;
        title = watch.message->GetTitle();
        extended = watch.message->GetExtendedMessage();
        fshosts::test::answer_yes(watch.message);  // closes the OK-only box too
    });
    driver.Start(100);
    click(start);
    const bool closed = pump_until([&] { return seen && watch.message == nullptr; }, 15000);
    driver.Stop();
    REQUIRE(closed);
    CHECK(title == wxGetTranslation("Not allowed to change the hosts file", "fshosts"));
    CHECK(extended == fshosts::gui::BrowserPreviewUi::permission_hint());
    CHECK(extended.Find(wxGetTranslation("Open a preview browser", "fshosts")) != wxNOT_FOUND);
    if (language == "ja")
        CHECK(has_japanese(extended));
    CHECK(read_bytes(gui.hosts()) == before);
}
#endif

}  // namespace

TEST_CASE("bad domain en", "[gui][en]") { bad_domain_shows_core_message("en"); }
TEST_CASE("bad domain ja", "[gui][ja]") { bad_domain_shows_core_message("ja"); }
TEST_CASE("preview and revert all en", "[gui][en]") { preview_and_revert_all("en"); }
TEST_CASE("preview and revert all ja", "[gui][ja]") { preview_and_revert_all("ja"); }
TEST_CASE("reload banner en", "[gui][en]") { reload_banner(); }
TEST_CASE("tray menu revert all en", "[gui][en]") { tray_menu_revert_all("en"); }
TEST_CASE("tray menu revert all ja", "[gui][ja]") { tray_menu_revert_all("ja"); }
TEST_CASE("backups dialog restore en", "[gui][en]") { backups_dialog_restore(); }
TEST_CASE("backups dialog ja", "[gui][ja]") { backups_dialog_ja(); }
TEST_CASE("large file view en", "[gui][en]") { large_file_view(); }
TEST_CASE("fifo hosts file refused en", "[gui][en]") { fifo_hosts_file_refused("en"); }
TEST_CASE("fifo hosts file refused ja", "[gui][ja]") { fifo_hosts_file_refused("ja"); }
TEST_CASE("audit log odd bytes en", "[gui][en]") { audit_log_odd_bytes(); }
TEST_CASE("nul bytes view en", "[gui][en]") { nul_bytes_view(); }
TEST_CASE("lone cr banner en", "[gui][en]") { lone_cr_banner(); }
TEST_CASE("browser pitfalls banner en", "[gui][en]") { browser_pitfalls_banner("en"); }
TEST_CASE("browser pitfalls banner ja", "[gui][ja]") { browser_pitfalls_banner("ja"); }
TEST_CASE("check server en", "[gui][en]") { check_server("en"); }
TEST_CASE("check server ja", "[gui][ja]") { check_server("ja"); }
TEST_CASE("go live date en", "[gui][en]") { go_live_date("en"); }
TEST_CASE("go live date ja", "[gui][ja]") { go_live_date("ja"); }
#if !defined(_WIN32)
TEST_CASE("dns switch banner en", "[gui][en]") { dns_switch_banner("en"); }
TEST_CASE("dns switch banner ja", "[gui][ja]") { dns_switch_banner("ja"); }
TEST_CASE("verify after preview en", "[gui][en][e2e]") { verify_after_preview("en"); }
TEST_CASE("verify after preview ja", "[gui][ja][e2e]") { verify_after_preview("ja"); }
TEST_CASE("ssl advisor en", "[gui][en]") { ssl_advisor("en"); }
TEST_CASE("ssl advisor ja", "[gui][ja]") { ssl_advisor("ja"); }
TEST_CASE("ssl advisor no mx en", "[gui][en]") { ssl_advisor_no_mx(); }
TEST_CASE("ssl advisor closed while looking up en", "[gui][en]") { ssl_advisor_closed_while_looking_up(); }
TEST_CASE("browser preview not confirmed en", "[gui][en][browser]") { browser_preview_not_confirmed("en"); }
TEST_CASE("browser preview not confirmed ja", "[gui][ja][browser]") { browser_preview_not_confirmed("ja"); }
TEST_CASE("browser preview chromium en", "[gui][en][e2e]") { browser_preview_chromium("en"); }
TEST_CASE("browser preview chromium ja", "[gui][ja][e2e]") { browser_preview_chromium("ja"); }
TEST_CASE("permission error suggests the browser preview en", "[gui][en][browser]") { permission_error_suggests_browser("en"); }
TEST_CASE("permission error suggests the browser preview ja", "[gui][ja][browser]") { permission_error_suggests_browser("ja"); }
#endif
TEST_CASE("system file through the helper en", "[gui][en]") { system_file_through_helper(); }
TEST_CASE("preview undone by a security program en", "[gui][en]") { preview_undone_by_security_program("en"); }
TEST_CASE("preview undone by a security program ja", "[gui][ja]") { preview_undone_by_security_program("ja"); }
