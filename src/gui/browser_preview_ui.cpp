#include "gui/browser_preview_ui.h"

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/filedlg.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include "gui/path_text.h"
#include "gui/worker_thread.h"
#include "gui/wrap_text.h"
#include "platform/browser_launch.h"
#include "probe/browser_preview.h"

namespace fs = std::filesystem;

namespace fshosts::gui {
namespace {

wxString utf8(const std::string& s) { return wxString::FromUTF8(displayable_lines(s)); }

}  // namespace

BrowserPreviewUi::BrowserPreviewUi(wxWindow* parent, wxSizer* buttons, wxSizer* form, std::string language, fs::path browser,
                                   std::string ca_file, ReadForm read_form, Report report)
    : m_parent(parent),
      m_language(std::move(language)),
      m_ca_file(std::move(ca_file)),
      m_read_form(std::move(read_form)),
      m_report(std::move(report)),
      m_worker(std::make_unique<WorkerThread>())
{
    m_choice = new wxChoice(parent, wxID_ANY);
    m_choice->SetName("preview_browser_choice");
    m_choice->SetToolTip(_("The browser the preview opens in (Chrome, Edge or Chromium)"));
    m_choice->Append(_("Other browser..."));
    m_choice->SetSelection(0);
    buttons->Add(m_choice, 0, wxLEFT | wxALIGN_CENTER_VERTICAL, parent->FromDIP(8));
    m_button = new wxButton(parent, wxID_ANY, _("Open a preview browser"));
    m_button->SetName("open_preview_browser");
    m_button->Disable();
    buttons->Add(m_button, 0, wxLEFT, parent->FromDIP(4));
    m_button->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_click(); });

    m_ways_text = _("Start preview: every browser and program on this PC sees the new server (the hosts file is "
                    "changed; administrator rights are needed).") +
                  "\n" +
                  _("Open a preview browser: only a separate browser window sees it; nothing is changed and no "
                    "administrator rights are needed.");
    m_ways = new wxStaticText(parent, wxID_ANY, m_ways_text);
    m_ways->SetName("preview_ways");
    m_ways->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    form->Add(m_ways, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, parent->FromDIP(8));

    // Looking for the browsers asks the file system: not on the UI thread.
    m_worker->post([this, browser] {
        std::vector<std::pair<std::string, fs::path>> found;
        if (!browser.empty())
            found.emplace_back(browser.filename().string(), browser);
        for (const platform::BrowserProgram& b : platform::installed_browsers())
            found.emplace_back(b.name, b.path);
        CallAfter([this, found] { show_browsers(found); });
    });
}

BrowserPreviewUi::~BrowserPreviewUi()
{
    if (m_cancel)
        m_cancel->store(true);  // the browser is stopped, its profile removed
    m_worker.reset();
}

void BrowserPreviewUi::show_browsers(const std::vector<std::pair<std::string, fs::path>>& found)
{
    const wxString other = m_choice->GetString(m_choice->GetCount() - 1);
    m_choice->Clear();
    m_paths.clear();
    for (const auto& [name, path] : found) {
        m_choice->Append(utf8(name));
        m_paths.push_back(path);
    }
    m_choice->Append(other);
    m_choice->SetSelection(0);
    m_parent->Layout();
}

void BrowserPreviewUi::enable(bool input_ok)
{
    m_input_ok = input_ok;
    m_button->Enable(m_cancel != nullptr || input_ok);
}

void BrowserPreviewUi::wrap(int width)
{
    if (width > 0)
        m_ways->SetLabelText(wrap_text(m_ways, m_ways_text, width));
}

wxString BrowserPreviewUi::permission_hint()
{
    return _("Without administrator rights, use \"Open a preview browser\": only that browser window sees the new "
             "server, and nothing on this PC is changed.");
}

std::optional<fs::path> BrowserPreviewUi::chosen_browser()
{
    const int selection = m_choice->GetSelection();
    if (selection >= 0 && static_cast<std::size_t>(selection) < m_paths.size())
        return m_paths[static_cast<std::size_t>(selection)];
    wxFileDialog dialog(m_parent, _("Choose Chrome, Edge or Chromium"), wxString(), wxString(), wxFileSelectorDefaultWildcardStr,
                        wxFD_OPEN | wxFD_FILE_MUST_EXIST);
    if (dialog.ShowModal() != wxID_OK)
        return std::nullopt;
    const fs::path path = path_from_text(dialog.GetPath());
    m_choice->Insert(utf8(path.filename().string()), static_cast<unsigned>(m_paths.size()));
    m_paths.push_back(path);
    m_choice->SetSelection(static_cast<int>(m_paths.size() - 1));
    return path;
}

void BrowserPreviewUi::on_click()
{
    if (m_cancel) {  // a second click: close the preview browser
        m_cancel->store(true);
        m_button->Disable();  // until the session has ended
        return;
    }
    const std::optional<Request> request = m_read_form();
    if (!request)
        return;
    probe::BrowserTarget target;
    try {
        target = probe::browser_target(request->url, request->address, request->with_twin);
    } catch (const Error& e) {
        m_report(utf8(e.what()), true);
        return;
    }
    const std::optional<fs::path> browser = chosen_browser();
    if (!browser)
        return;
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancel;
    m_button->SetLabel(_("Close the preview browser"));
    m_choice->Disable();
    m_report(utf8(trf("Checking that the browser reaches {0} at {1}...", target.host, target.address)), false);
    m_worker->post([this, target, browser = *browser, cancel, language = m_language, ca_file = m_ca_file] {
        std::string text;
        bool problem = false;
        fs::path profile;
        try {
            probe::BrowserOptions options;
            options.browser = browser;
            options.language = language;
            options.cancel = cancel.get();
            options.probe.ca_file = ca_file;
            probe::BrowserSession session(target, options);
            profile = session.profile();
            const probe::BrowserCheck check = session.check();
            for (const probe::Finding& f : probe::browser_findings(check, target))
                text += (text.empty() ? "" : "\n") + f.message;
            problem = !check.passed();
            if (check.passed() && !cancel->load()) {
                CallAfter([this, text] {
                    m_report(utf8(text) + "\n" + _("The preview browser is open. Close its window to end the preview."), false);
                });
                session.open_and_wait();
                text = session.close() ? tr("The preview browser was closed and its temporary profile deleted.")
                                       : trf("Could not remove the temporary profile {0}.", profile.string());
            } else if (!session.close()) {
                text += "\n" + trf("Could not remove the temporary profile {0}.", profile.string());
            }
        } catch (const Error& e) {
            text = e.what();
            problem = true;
        }
        CallAfter([this, text, problem, profile] { finished(utf8(text), problem, profile); });
    });
}

void BrowserPreviewUi::finished(const wxString& text, bool problem, const fs::path& profile)
{
    m_cancel.reset();
    m_button->SetLabel(_("Open a preview browser"));
    m_choice->Enable();
    enable(m_input_ok);
    m_last_profile = profile;
    ++m_finished;
    m_report(text, problem);
}

}  // namespace fshosts::gui
