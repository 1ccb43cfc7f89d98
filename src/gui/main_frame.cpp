#include "gui/main_frame.h"

// wx first: it defines _() as wxGetTranslation; core headers used here do not define it.
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/listctrl.h>
#include <wx/msgdlg.h>
#include <wx/panel.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/statbox.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/arrstr.h>
#include <wx/utils.h>

#include "core/change_service.h"
#include "core/error.h"
#include "core/hosts_io.h"
#include "core/operations.h"
#include "core/validation.h"
#include "platform/executable_path.h"

#include <string>
#include <utility>

namespace fs = std::filesystem;

namespace fshosts::gui {
namespace {

const wxString arrow = wxString::FromUTF8("\xE2\x86\x92 ");  // "→ "

// Banner and live-validation colours; readable on light themes (dark themes: later).
const wxColour active_bg(0xE3, 0xF2, 0xE6), active_fg(0x1B, 0x5E, 0x20);
const wxColour idle_bg(0xEE, 0xEE, 0xEE), idle_fg(0x33, 0x33, 0x33);
const wxColour error_bg(0xFD, 0xEC, 0xEA), error_fg(0x9B, 0x1C, 0x1C);

wxString utf8(const std::string& s) { return wxString::FromUTF8(s); }

// <exe>/../libexec/fshosts/fshosts-helper: the same layout in the build tree and an install.
fs::path helper_path()
{
    return platform::executable_path().parent_path().parent_path() / "libexec" / "fshosts" / "fshosts-helper";
}

// wxStaticText::Wrap breaks only at spaces, and Japanese has none: break at a space or next to
// a CJK character, but never before closing punctuation (、。」 and the like).
wxString wrap_text(const wxWindow* window, const wxString& text, int width)
{
    const wxString no_break_before = wxString::FromUTF8("、。，．）」』】！？：；ー・…");
    const auto is_cjk = [](wxUniChar ch) { return ch.GetValue() >= 0x2E80; };
    wxString out;
    const wxArrayString paragraphs = wxSplit(text, '\n', '\0');
    for (std::size_t p = 0; p < paragraphs.size(); ++p) {
        wxString line;
        std::size_t break_at = 0;  // 0: no place to break yet
        for (const wxUniChar ch : paragraphs[p]) {
            if (!line.empty() && (is_cjk(ch) || is_cjk(line.Last())) && no_break_before.Find(ch) == wxNOT_FOUND)
                break_at = line.length();
            line += ch;
            if (ch == ' ')
                break_at = line.length();
            if (break_at > 0 && window->GetTextExtent(line).GetWidth() > width) {
                out += line.Left(break_at).Trim() + "\n";
                line = line.Mid(break_at).Trim(false);
                break_at = 0;
            }
        }
        out += line;
        if (p + 1 < paragraphs.size())
            out += "\n";
    }
    return out;
}

wxString line_number(std::size_t n) { return wxString::Format("%lu", static_cast<unsigned long>(n)); }

}  // namespace

MainFrame::MainFrame(std::optional<fs::path> hosts_file, std::string language)
    : wxFrame(nullptr, wxID_ANY, "fshosts"), m_hosts_file(std::move(hosts_file)), m_language(std::move(language))
{
    build_ui();
    validate_input();
    refresh();
}

MainFrame::~MainFrame()
{
    if (m_worker.joinable())
        m_worker.join();
}

fs::path MainFrame::hosts_path() const { return ChangeService(m_hosts_file, helper_path(), m_language).hosts(); }

void MainFrame::build_ui()
{
    auto* panel = new wxPanel(this);
    auto* top = new wxBoxSizer(wxVERTICAL);
    const int gap = FromDIP(12);

    // Status banner: what this PC sees right now.
    m_banner = new wxPanel(panel);
    auto* banner_sizer = new wxBoxSizer(wxVERTICAL);
    m_banner_title = new wxStaticText(m_banner, wxID_ANY, wxString());
    m_banner_title->SetFont(m_banner_title->GetFont().MakeBold().MakeLarger());
    m_banner_detail = new wxStaticText(m_banner, wxID_ANY, wxString());
    banner_sizer->Add(m_banner_title, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    banner_sizer->Add(m_banner_detail, 0, wxEXPAND | wxALL, gap);
    m_banner->SetSizer(banner_sizer);
    top->Add(m_banner, 0, wxEXPAND | wxALL, gap);

    // The form: contract domain, twin, server address, start.
    auto* form = new wxStaticBoxSizer(wxVERTICAL, panel, _("New preview"));
    wxWindow* box = form->GetStaticBox();
    auto* grid = new wxFlexGridSizer(2, wxSize(gap, FromDIP(4)));
    grid->AddGrowableCol(1);

    grid->Add(new wxStaticText(box, wxID_ANY, _("Contract domain:")), 0, wxALIGN_CENTER_VERTICAL);
    m_domain = new wxTextCtrl(box, wxID_ANY);
    m_domain->SetHint("https://www.example.jp");
    grid->Add(m_domain, 1, wxEXPAND);
    grid->AddSpacer(0);
    m_domain_check = new wxStaticText(box, wxID_ANY, wxString());
    grid->Add(m_domain_check, 0, wxEXPAND);
    grid->AddSpacer(0);
    m_twin = new wxCheckBox(box, wxID_ANY, _("Also preview the twin name (with or without www.)"));
    grid->Add(m_twin, 0, wxEXPAND | wxTOP | wxBOTTOM, FromDIP(6));

    grid->Add(new wxStaticText(box, wxID_ANY, _("futureshop server IP:")), 0, wxALIGN_CENTER_VERTICAL);
    m_address = new wxTextCtrl(box, wxID_ANY);
    m_address->SetHint("203.0.113.10");
    grid->Add(m_address, 1, wxEXPAND);
    grid->AddSpacer(0);
    m_address_check = new wxStaticText(box, wxID_ANY, wxString());
    grid->Add(m_address_check, 0, wxEXPAND);

    form->Add(grid, 0, wxEXPAND | wxALL, FromDIP(8));
    m_start = new wxButton(box, wxID_ANY, _("Start preview"));
    m_start->SetDefault();
    form->Add(m_start, 0, wxALIGN_RIGHT | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(8));
    top->Add(form, 0, wxEXPAND | wxLEFT | wxRIGHT, gap);

    // What fshosts manages in the file.
    auto* entries = new wxStaticBoxSizer(wxVERTICAL, panel, _("Entries fshosts manages"));
    m_list = new wxListCtrl(entries->GetStaticBox(), wxID_ANY, wxDefaultPosition, FromDIP(wxSize(-1, 120)),
                            wxLC_REPORT | wxLC_SINGLE_SEL);
    m_list->AppendColumn(_("Name"), wxLIST_FORMAT_LEFT, FromDIP(260));
    m_list->AppendColumn(_("Address"), wxLIST_FORMAT_LEFT, FromDIP(200));
    m_list->AppendColumn(_("Line"), wxLIST_FORMAT_RIGHT, FromDIP(60));
    entries->Add(m_list, 1, wxEXPAND | wxALL, FromDIP(8));
    top->Add(entries, 1, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);

    // Revert all: large, always in the same place.
    m_revert = new wxButton(panel, wxID_ANY, _("Revert all"), wxDefaultPosition, FromDIP(wxSize(-1, 44)));
    m_revert->SetFont(m_revert->GetFont().MakeBold().MakeLarger());
    top->Add(m_revert, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);

    m_file_label = new wxStaticText(panel, wxID_ANY, wxString());
    m_file_label->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    top->Add(m_file_label, 0, wxEXPAND | wxALL, gap);

    panel->SetSizer(top);
    auto* frame_sizer = new wxBoxSizer(wxVERTICAL);
    frame_sizer->Add(panel, 1, wxEXPAND);
    SetSizer(frame_sizer);
    SetMinSize(FromDIP(wxSize(560, 600)));
    SetSize(FromDIP(wxSize(680, 660)));

    m_domain->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { validate_input(); });
    m_address->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { validate_input(); });
    m_twin->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { m_twin_touched = true; });
    m_start->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_start_preview(false); });
    m_revert->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_revert_all(); });
    m_banner->Bind(wxEVT_SIZE, [this](wxSizeEvent& event) {
        event.Skip();
        if (event.GetSize().GetWidth() != m_banner_width) {
            m_banner_width = event.GetSize().GetWidth();
            CallAfter([this] {
                wrap_banner();
                Layout();
            });
        }
    });
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent& event) {
        if (m_busy && event.CanVeto()) {  // a change is being written: let it finish
            event.Veto();
            return;
        }
        event.Skip();
    });
}

// Live check of both fields: the normalised form, or core's translated reason.
void MainFrame::validate_input()
{
    const wxColour hint = wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT);
    bool domain_ok = false;
    const std::string domain = m_domain->GetValue().utf8_string();
    if (m_domain->GetValue().Strip(wxString::both).empty()) {
        m_domain_check->SetLabelText(_("Paste the contract URL or domain."));
        m_domain_check->SetForegroundColour(hint);
        m_twin->SetLabel(_("Also preview the twin name (with or without www.)"));
        m_twin->Disable();
    } else {
        try {
            const std::string name = normalize_domain(domain);
            domain_ok = true;
            m_domain_check->SetLabelText(arrow + utf8(name));
            m_domain_check->SetForegroundColour(active_fg);
            if (const std::optional<std::string> twin = twin_name(name)) {
                m_twin->SetLabel(wxString::Format(_("Also preview %s (the twin)"), utf8(*twin)));
                m_twin->Enable(!m_busy);
                if (!m_twin_touched && name != m_last_domain)
                    m_twin->SetValue(name.starts_with("www."));
            } else {
                m_twin->SetLabel(_("Also preview the twin name (with or without www.)"));
                m_twin->SetValue(false);
                m_twin->Disable();
            }
            m_last_domain = name;
        } catch (const Error& e) {
            m_domain_check->SetLabelText(utf8(e.what()));
            m_domain_check->SetForegroundColour(error_fg);
            m_twin->Disable();
        }
    }

    bool address_ok = false;
    if (m_address->GetValue().Strip(wxString::both).empty()) {
        m_address_check->SetLabelText(_("The IP address futureshop gave you (IPv4 or IPv6)."));
        m_address_check->SetForegroundColour(hint);
    } else {
        try {
            const std::string address = normalize_address(m_address->GetValue().utf8_string());
            address_ok = true;
            m_address_check->SetLabelText(arrow + utf8(address));
            m_address_check->SetForegroundColour(active_fg);
        } catch (const Error& e) {
            m_address_check->SetLabelText(utf8(e.what()));
            m_address_check->SetForegroundColour(error_fg);
        }
    }
    if (const int width = m_domain->GetSize().GetWidth(); width > 0) {
        m_domain_check->SetLabelText(wrap_text(m_domain_check, m_domain_check->GetLabelText(), width));
        m_address_check->SetLabelText(wrap_text(m_address_check, m_address_check->GetLabelText(), width));
    }
    m_start->Enable(domain_ok && address_ok && !m_busy);
    Layout();
}

// Re-reads the file and shows what this PC sees now. Called at start and after every change.
void MainFrame::refresh()
{
    m_list->DeleteAllItems();
    const fs::path path = hosts_path();
    m_file_label->SetLabel(wxString::Format(_("Hosts file: %s"), utf8(path.string())));
    wxString title;
    wxString detail;
    bool error = false;
    try {
        const Status status = read_status(read_hosts_file(path));
        const BlockInfo& block = status.block;
        m_have_entries = block.state != BlockState::Absent;
        long row = 0;
        for (const ManagedEntry& e : block.entries) {
            m_list->InsertItem(row, utf8(e.name));
            m_list->SetItem(row, 1, utf8(e.address));
            m_list->SetItem(row, 2, line_number(e.line_number));
            ++row;
        }
        if (block.state == BlockState::Malformed) {
            error = true;
            title = _("The fshosts entries in the hosts file are damaged");
            detail = wxString::Format(_("Line %s: %s"), line_number(block.problem_line), utf8(block.problem));
        } else if (block.entries.empty()) {
            title = _("No preview active");
            detail = _("This PC reaches every site through normal DNS, like everyone else.");
        } else {
            title = _("Preview active on this PC only");
            for (const ManagedEntry& e : block.entries)
                detail += (detail.empty() ? "" : "\n") + utf8(e.name) + "  " + arrow + utf8(e.address);
            for (const Conflict& c : status.conflicts)
                detail += "\n" + wxString::Format(_("Warning: line %s maps %s to %s and wins over the preview."),
                                                  line_number(c.line_number), utf8(c.name), utf8(c.address));
            detail += "\n\n" + _("Browsers keep their own DNS cache: reload the page, or restart the browser if the "
                                   "old site still shows.");
        }
    } catch (const Error& e) {
        error = true;
        m_have_entries = false;
        title = _("Cannot read the hosts file");
        detail = utf8(e.what());
    }
    const bool active = !error && m_list->GetItemCount() > 0;
    m_banner->SetBackgroundColour(error ? error_bg : active ? active_bg : idle_bg);
    m_banner_title->SetForegroundColour(error ? error_fg : active ? active_fg : idle_fg);
    m_banner_detail->SetForegroundColour(error ? error_fg : active ? active_fg : idle_fg);
    m_banner_title->SetLabelText(title);
    m_banner_text = detail;
    wrap_banner();
    m_banner->Refresh();
    m_revert->Enable(m_have_entries && !m_busy);
    Layout();
}

// Static text does not wrap by itself: re-wrap the banner's detail to the banner's width.
void MainFrame::wrap_banner()
{
    const int width = m_banner->GetClientSize().GetWidth() - 2 * FromDIP(12);
    m_banner_detail->SetLabelText(width > 0 ? wrap_text(m_banner_detail, m_banner_text, width) : m_banner_text);
}

void MainFrame::on_start_preview(bool disable_conflicts)
{
    ApplyRequest request{{m_domain->GetValue().utf8_string()},
                         m_address->GetValue().utf8_string(),
                         m_twin->IsEnabled() && m_twin->GetValue(),
                         disable_conflicts};
    ChangeService service(m_hosts_file, helper_path(), m_language);
    run_in_background([service, request]() mutable { return service.apply(request); }, true);
}

void MainFrame::on_revert_all()
{
    ChangeService service(m_hosts_file, helper_path(), m_language);
    run_in_background([service]() mutable { return service.revert({}); }, false);
}

// Runs a change on a worker thread (the helper may wait for a password) and hands the outcome
// back to the UI thread with CallAfter; the controls are disabled meanwhile.
template <typename Work>
void MainFrame::run_in_background(Work work, bool is_apply)
{
    if (m_worker.joinable())
        m_worker.join();
    set_busy(true);
    m_worker = std::thread([this, work = std::move(work), is_apply]() mutable {
        Outcome outcome;
        try {
            outcome.body = work();
            outcome.ok = true;
        } catch (const ConflictError& e) {
            outcome.message = e.what();
            outcome.conflict = true;
        } catch (const Error& e) {
            outcome.message = e.what();
            outcome.permission = e.kind() == ErrorKind::Permission;
        } catch (const std::exception& e) {
            outcome.message = e.what();
        }
        CallAfter([this, outcome, is_apply] { on_finished(outcome, is_apply); });
    });
}

void MainFrame::on_finished(const Outcome& outcome, bool is_apply)
{
    if (m_worker.joinable())
        m_worker.join();
    set_busy(false);
    refresh();
    if (outcome.ok)
        return;
    if (outcome.conflict && is_apply) {
        wxMessageDialog ask(this,
                            utf8(outcome.message) + "\n\n" +
                                _("fshosts can turn those lines into comments while the preview is on, and put them "
                                  "back when you revert."),
                            _("Another line in the hosts file wins"), wxYES_NO | wxNO_DEFAULT | wxICON_WARNING);
        ask.SetYesNoLabels(_("Disable them and start preview"), _("Cancel"));
        if (ask.ShowModal() == wxID_YES)
            on_start_preview(true);
        return;
    }
    const wxString title = outcome.permission ? _("Not allowed to change the hosts file")
                           : is_apply         ? _("The preview could not be started")
                                              : _("Could not revert");
    wxMessageDialog(this, utf8(outcome.message), title, wxOK | wxICON_ERROR).ShowModal();
}

void MainFrame::set_busy(bool busy)
{
    m_busy = busy;
    if (busy)
        wxBeginBusyCursor();
    else
        wxEndBusyCursor();
    m_domain->Enable(!busy);
    m_address->Enable(!busy);
    m_revert->Enable(!busy && m_have_entries);
    validate_input();  // re-enables the twin box and the start button as the input allows
}

}  // namespace fshosts::gui
