#include "gui/main_frame.h"

// wx first: it defines _() as wxGetTranslation; core headers used here do not define it.
#include <wx/aboutdlg.h>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/config.h>
#include <wx/display.h>
#include <wx/infobar.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/notebook.h>
#include <wx/notifmsg.h>
// After wx/notifmsg.h: it needs wxNotificationMessageBase.
#include <wx/generic/notifmsg.h>
#include <wx/panel.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/statbox.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/arrstr.h>
#include <wx/utils.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include "core/change_service.h"
#include "core/go_live.h"
#include "core/hosts_writer.h"
#include "core/installed_layout.h"
#include "core/operations.h"
#include "core/version.h"
#include "gui/advisor_dialog.h"
#include "gui/app_icons.h"
#include "gui/audit_log_ui.h"
#include "gui/path_text.h"
#include "gui/backup_store_ui.h"
#include "gui/browser_preview_ui.h"
#include "gui/file_monitor.h"
#include "gui/hosts_document_ui.h"
#include "gui/tray_icon.h"
#include "gui/worker_thread.h"
#include "gui/wrap_text.h"
#include "platform/elevation.h"
#include "platform/hosts_path.h"
#include "probe/preview_verify.h"
#include "probe/site_probe.h"
#include "text/validation.h"

#include <algorithm>
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
// Something to do now that is not an error (the DNS switch is done: revert).
const wxColour attention_bg(0xFF, 0xF3, 0xD6), attention_fg(0x7A, 0x4A, 0x00);

// Core's texts may carry a path or a line of the file whose bytes are not UTF-8 (FromUTF8 would
// give an empty string): those bytes are shown escaped, the line breaks kept.
wxString utf8(const std::string& s) { return wxString::FromUTF8(displayable_lines(s)); }


wxString line_number(std::size_t n) { return wxString::Format("%lu", static_cast<unsigned long>(n)); }

// The window's icons: title bars, task bars and Alt+Tab show them at 16-128 px; the desktop
// file's themed icon covers larger uses.
constexpr int window_icon_largest = 128;

// How often the window looks at the hosts file for changes made by other programs.
constexpr int poll_interval_ms = 2000;

// Menu ids of our own commands (stock ids for the rest).
enum MenuId : int { id_backups = wxID_HIGHEST + 10, id_audit_log, id_lang_ja, id_lang_en, id_reload, id_remove, id_find, id_ssl_advisor };

bool same_names(const std::vector<probe::ManagedName>& a, const std::vector<probe::ManagedName>& b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const probe::ManagedName& x, const probe::ManagedName& y) {
        return x.name == y.name && x.address == y.address;
    });
}

}  // namespace

MainFrame::MainFrame(std::optional<fs::path> hosts_file, std::string language, NetworkSettings network)
    : wxFrame(nullptr, wxID_ANY, "fshosts"),
      m_hosts_file(std::move(hosts_file)),
      m_language(std::move(language)),
      m_dns(std::move(network.dns)),
      m_ca_file(std::move(network.ca_file)),
      m_automatic_checks(network.automatic_checks),
      m_browser_program(std::move(network.browser)),
      // The file to read and watch. Not ChangeService::hosts(): its Target hashes the path,
      // work the window does not need at start-up; the jobs resolve it when they change the file.
      m_path(m_hosts_file ? fs::absolute(*m_hosts_file) : platform::system_hosts_path())
{
    SetIcons(app_icons(window_icon_largest));
    platform::set_prompt_owner(GetHandle());  // Windows: the UAC prompt comes up in front of this window
    build_ui();
    build_menu();
    m_tray = new TrayIcon([this] { show_window(); }, [this] {
        if (!busy())
            on_revert_all();
    });
    m_jobs = std::make_unique<JobRunner>([this](const JobOutcome& outcome, Job job) { on_finished(outcome, job); });
    FileMonitor::Callbacks callbacks;
    callbacks.loaded = [this](std::shared_ptr<const LoadedFile> file) {
        m_shown = file;
        show_file(*file);
    };
    callbacks.changed_elsewhere = [this] {
        m_changed_bar->ShowMessage(_("The hosts file was changed by another program."), wxICON_WARNING);
    };
    callbacks.paused = [this] { return busy() || m_changed_bar->IsShown(); };
    m_monitor = std::make_unique<FileMonitor>(m_path, std::move(callbacks));
    m_reader = std::make_unique<WorkerThread>();
    m_prober = std::make_unique<WorkerThread>();
    m_dns_checker = std::make_unique<WorkerThread>();
    m_switch_timer.SetOwner(this);
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { check_dns_switch(); }, m_switch_timer.GetId());
    validate_input();
    refresh();
    m_monitor->start_polling(poll_interval_ms);
}

// The monitor and the job runner join their threads (a change being written finishes first).
MainFrame::~MainFrame()
{
    m_switch_timer.Stop();
    m_switch_cancel->store(true);  // the HTTP part stops at once; a DNS query within its timeout
    m_dns_checker.reset();
    m_notification.reset();
    if (m_check_cancel)
        m_check_cancel->store(true);  // a server check stops within about a second
    m_browser_preview.reset();  // closes a preview browser still open and removes its profile
    m_prober.reset();
    m_reader.reset();
    m_monitor.reset();
    m_jobs.reset();  // no job runs any more: nothing elevates with this window as the owner
    platform::set_prompt_owner(nullptr);
    if (m_tray) {
        m_tray->RemoveIcon();
        m_tray->Destroy();
    }
}

bool MainFrame::busy() const { return m_jobs && m_jobs->busy(); }

void MainFrame::build_ui()
{
    auto* panel = new wxPanel(this);
    auto* top = new wxBoxSizer(wxVERTICAL);
    const int gap = FromDIP(12);

    // Shown when another program changed the hosts file after the window last read it.
    m_changed_bar = new wxInfoBar(panel);
    m_changed_bar->SetName("reload_bar");
    m_changed_bar->AddButton(id_reload, _("Reload"));
    top->Add(m_changed_bar, 0, wxEXPAND);
    top->Add(build_banner(panel), 0, wxEXPAND | wxALL, gap);
    top->Add(build_form(panel), 0, wxEXPAND | wxLEFT | wxRIGHT, gap);
    top->Add(build_tabs(panel), 1, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);

    // Revert all: large, always in the same place.
    m_revert = new wxButton(panel, wxID_ANY, _("Revert all"), wxDefaultPosition, FromDIP(wxSize(-1, 44)));
    m_revert->SetName("revert_all");
    m_revert->SetFont(m_revert->GetFont().MakeBold().MakeLarger());
    m_revert->Disable();
    top->Add(m_revert, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);

    m_file_label = new wxStaticText(panel, wxID_ANY, wxString::Format(_("Hosts file: %s"), path_text(m_path)));
    m_file_label->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    top->Add(m_file_label, 0, wxEXPAND | wxALL, gap);

    panel->SetSizer(top);
    auto* frame_sizer = new wxBoxSizer(wxVERTICAL);
    frame_sizer->Add(panel, 1, wxEXPAND);
    SetSizer(frame_sizer);
    SetMinSize(FromDIP(wxSize(560, 700)));
    SetSize(FromDIP(wxSize(700, 780)));
    bind_events();
}

// Status banner: what this PC sees right now.
wxWindow* MainFrame::build_banner(wxWindow* parent)
{
    const int gap = FromDIP(12);
    m_banner = new wxPanel(parent);
    auto* banner_sizer = new wxBoxSizer(wxVERTICAL);
    m_banner_title = new wxStaticText(m_banner, wxID_ANY, wxString());
    m_banner_title->SetName("banner_title");
    m_banner_title->SetFont(m_banner_title->GetFont().MakeBold().MakeLarger());
    m_banner_detail = new wxStaticText(m_banner, wxID_ANY, wxString());
    m_banner_detail->SetName("banner_detail");
    banner_sizer->Add(m_banner_title, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    banner_sizer->Add(m_banner_detail, 0, wxEXPAND | wxALL, gap);
    m_browser_details = new wxButton(m_banner, wxID_ANY, _("What to do in the browser..."));
    m_browser_details->SetName("browser_details");
    m_browser_details->Hide();
    m_browser_details->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_browser_details(); });
    banner_sizer->Add(m_browser_details, 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);
    m_banner->SetSizer(banner_sizer);
    return m_banner;
}

// The form: contract domain, twin, server address, start.
wxSizer* MainFrame::build_form(wxWindow* parent)
{
    const int gap = FromDIP(12);
    auto* form = new wxStaticBoxSizer(wxVERTICAL, parent, _("New preview"));
    wxWindow* box = form->GetStaticBox();
    auto* grid = new wxFlexGridSizer(2, wxSize(gap, FromDIP(4)));
    grid->AddGrowableCol(1);

    // A row: the label, the text field (named for the tests, with a hint), and below the field the
    // live feedback line (what the input was understood as, or why it cannot be used).
    const auto add_field = [&](const wxString& label, const char* name, const char* hint, wxStaticText*& feedback) {
        grid->Add(new wxStaticText(box, wxID_ANY, label), 0, wxALIGN_CENTER_VERTICAL);
        auto* field = new wxTextCtrl(box, wxID_ANY);
        field->SetName(name);
        field->SetHint(hint);
        grid->Add(field, 1, wxEXPAND);
        grid->AddSpacer(0);
        feedback = new wxStaticText(box, wxID_ANY, wxString());
        feedback->SetName(std::string(name) + "_feedback");
        grid->Add(feedback, 0, wxEXPAND);
        return field;
    };
    m_domain = add_field(_("Contract domain:"), "domain", "https://www.example.jp", m_domain_check);
    grid->AddSpacer(0);
    m_twin = new wxCheckBox(box, wxID_ANY, _("Also preview the twin name (with or without www.)"));
    m_twin->SetName("twin");
    grid->Add(m_twin, 0, wxEXPAND | wxTOP | wxBOTTOM, FromDIP(6));
    m_address = add_field(_("futureshop server IP:"), "address", "203.0.113.10", m_address_check);
    m_until = add_field(_("Go-live date:"), "until", "", m_until_check);
    m_until->SetHint(_("Optional: YYYY-MM-DD, e.g. 2026-12-24"));
    m_until->SetToolTip(_("When the site goes live on its own server (the DNS switch). After that date fshosts "
                          "reminds you to revert the preview."));
    m_until_check->Hide();  // nothing to say until something is typed

    form->Add(grid, 0, wxEXPAND | wxALL, FromDIP(8));
    // The pre-flight check (optional: it sends requests to the address) beside Start preview, and
    // what it found below them.
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    m_check_details = new wxButton(box, wxID_ANY, _("Details..."));
    m_check_details->SetName("server_check_details");
    m_check_details->Hide();
    buttons->Add(m_check_details, 0, wxRIGHT, FromDIP(8));
    buttons->AddStretchSpacer();
    m_check = new wxButton(box, wxID_ANY, _("Check the server"));
    m_check->SetName("check_server");
    m_check->SetToolTip(_("Asks the address for the site over http:// and https:// without changing the hosts file"));
    buttons->Add(m_check, 0, wxRIGHT, FromDIP(8));
    m_start = new wxButton(box, wxID_ANY, _("Start preview"));
    m_start->SetName("start_preview");
    m_start->SetDefault();
    buttons->Add(m_start, 0);
    form->Add(buttons, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(8));
    // The other way, without the hosts file (and without administrator rights), beside it.
    m_browser_preview = std::make_unique<BrowserPreviewUi>(
        box, buttons, form, m_language, m_browser_program, m_ca_file,
        [this]() -> std::optional<BrowserPreviewUi::Request> {
            return BrowserPreviewUi::Request{m_domain->GetValue().utf8_string(), m_address->GetValue().utf8_string(),
                                             m_twin->IsEnabled() && m_twin->GetValue()};
        },
        [this](const wxString& text, bool problem) { show_server_check(text, problem); });
    m_check_result = new wxStaticText(box, wxID_ANY, wxString());
    m_check_result->SetName("server_check");
    m_check_result->Hide();
    form->Add(m_check_result, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(8));
    return form;
}

// What fshosts manages in the file, and the whole file, one tab each: the window stays simple.
wxWindow* MainFrame::build_tabs(wxWindow* parent)
{
    m_tabs = new wxNotebook(parent, wxID_ANY);
    auto* entries = new wxPanel(m_tabs);
    auto* entries_sizer = new wxBoxSizer(wxVERTICAL);
    m_list = new wxListCtrl(entries, wxID_ANY, wxDefaultPosition, FromDIP(wxSize(-1, 120)),
                            wxLC_REPORT | wxLC_SINGLE_SEL);
    m_list->SetName("entries");
    m_list->AppendColumn(_("Name"), wxLIST_FORMAT_LEFT, FromDIP(260));
    m_list->AppendColumn(_("Address"), wxLIST_FORMAT_LEFT, FromDIP(170));
    m_list->AppendColumn(_("Go-live"), wxLIST_FORMAT_LEFT, FromDIP(100));
    m_list->AppendColumn(_("Line"), wxLIST_FORMAT_RIGHT, FromDIP(50));
    entries_sizer->Add(m_list, 1, wxEXPAND | wxALL, FromDIP(6));
    m_remove = new wxButton(entries, id_remove, _("Stop previewing the selected name"));
    m_remove->Disable();
    entries_sizer->Add(m_remove, 0, wxALIGN_RIGHT | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(6));
    entries->SetSizer(entries_sizer);
    m_tabs->AddPage(entries, _("Entries fshosts manages"), true);
    m_file_view = new HostsFileView(m_tabs);
    m_file_view->SetName("hosts_file_view");
    m_tabs->AddPage(m_file_view, _("Whole hosts file"));
    m_tabs->SetMinSize(FromDIP(wxSize(-1, 190)));
    return m_tabs;
}

void MainFrame::bind_events()
{
    m_domain->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { validate_input(); });
    m_address->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { validate_input(); });
    m_until->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { validate_input(); });
    m_twin->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { m_twin_touched = true; });
    m_start->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_start_preview(false); });
    m_check->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_check_server(); });
    m_check_details->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        wxMessageDialog dialog(this, _("What the server answered"), _("Check the server"), wxOK | wxICON_INFORMATION);
        dialog.SetExtendedMessage(server_check_report());
        dialog.ShowModal();
    });
    m_revert->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_revert_all(); });
    const auto update_remove = [this](wxListEvent&) { m_remove->Enable(!busy() && m_list->GetSelectedItemCount() == 1); };
    m_list->Bind(wxEVT_LIST_ITEM_SELECTED, update_remove);
    m_list->Bind(wxEVT_LIST_ITEM_DESELECTED, update_remove);
    m_list->Bind(wxEVT_LIST_ITEM_RIGHT_CLICK, [this](wxListEvent& event) {
        if (busy() || event.GetIndex() < 0)
            return;
        m_list->SetItemState(event.GetIndex(), wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
        wxMenu menu;
        menu.Append(id_remove, _("Stop previewing the selected name"));
        PopupMenu(&menu);
    });
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { on_remove_selected(); }, id_remove);
    m_remove->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_remove_selected(); });
    // Our handler instead of the bar's own, which would only hide it.
    m_changed_bar->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        m_changed_bar->Dismiss();
        refresh();
    }, id_reload);
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
    Bind(wxEVT_CLOSE_WINDOW, &MainFrame::on_close, this);
}

void MainFrame::build_menu()
{
    auto* file = new wxMenu;
    file->Append(id_backups, _("&Backups..."));
    file->Append(id_audit_log, _("&Audit log..."));
    file->AppendSeparator();
    file->Append(id_find, _("&Find in the hosts file...\tCtrl+F"));
    file->AppendSeparator();
    file->Append(wxID_EXIT);
    // Each language is named in itself, so the user finds theirs whatever the window shows.
    auto* language = new wxMenu;
    language->AppendRadioItem(id_lang_ja, wxString::FromUTF8("日本語"));
    language->AppendRadioItem(id_lang_en, "English");
    language->Check(m_language == "ja" ? id_lang_ja : id_lang_en, true);
    auto* tools = new wxMenu;
    tools->Append(id_ssl_advisor, _("&SSL validation advisor..."));
    auto* help = new wxMenu;
    help->Append(wxID_ABOUT, _("&About fshosts"));
    auto* bar = new wxMenuBar;
    bar->Append(file, _("&File"));
    bar->Append(tools, _("&Tools"));
    bar->Append(language, _("&Language"));
    bar->Append(help, _("&Help"));
    SetMenuBar(bar);

    Bind(wxEVT_MENU, [this](wxCommandEvent&) { on_backups(); }, id_backups);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { on_audit_log(); }, id_audit_log);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { on_find(); }, id_find);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { open_ssl_advisor(); }, id_ssl_advisor);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_EXIT);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { on_about(); }, wxID_ABOUT);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { on_language("ja"); }, id_lang_ja);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { on_language("en"); }, id_lang_en);
}

Target MainFrame::target() const { return m_hosts_file ? Target::for_file(*m_hosts_file) : Target::system(); }

void MainFrame::on_close(wxCloseEvent& event)
{
    if (busy() && event.CanVeto()) {  // a change is being written: let it finish
        event.Veto();
        return;
    }
    if (m_have_entries && !m_quitting && event.CanVeto()) {
        ask_revert_before_quit(event);
        if (event.GetVeto())
            return;
    }
    m_monitor->stop_polling();
    if (m_tray) {
        m_tray->RemoveIcon();
        m_tray->Destroy();
        m_tray = nullptr;
    }
    event.Skip();  // the default handler destroys the window
}

// Quitting while a preview is on would leave this PC on the preview server, maybe until go-live:
// ask. Yes reverts first (and quits only if that worked), No quits and keeps the preview; Yes and
// Cancel veto `event`.
void MainFrame::ask_revert_before_quit(wxCloseEvent& event)
{
    show_window();
    wxMessageDialog ask(this, _("This PC still opens the previewed sites on the futureshop server. Revert all now?"),
                        _("A preview is still active"),
                        // wxCANCEL_DEFAULT is 0x80000000: a negative long where long has 32 bits (Windows).
                        static_cast<long>(wxYES_NO | wxCANCEL | wxCANCEL_DEFAULT | wxICON_QUESTION));
    ask.SetExtendedMessage(_("If you keep the preview, this PC keeps showing the preview server instead of the "
                             "live site until you revert."));
    ask.SetYesNoCancelLabels(_("Revert all and quit"), _("Quit and keep the preview"), _("Cancel"));
    const int answer = ask.ShowModal();
    if (answer == wxID_NO)
        return;
    event.Veto();
    if (answer == wxID_YES)
        run_job([](ChangeService& service) { return service.revert({}); }, Job::RevertAndQuit);
}

void MainFrame::focus_domain() { m_domain->SetFocus(); }

// Tools > SSL validation advisor: one at a time, pre-filled with the domain typed here when it is one.
void MainFrame::open_ssl_advisor(const probe::ProbeOptions& web)
{
    // (One closed during a look-up is hidden until the look-up stops: a new one opens then.)
    if (wxWindow* open = FindWindowByName(AdvisorDialog::window_name, this); open != nullptr && open->IsShown()) {
        open->Raise();
        return;
    }
    std::string domain;
    try {
        domain = normalize_domain(m_domain->GetValue().utf8_string());
    } catch (const Error&) {
    }
    auto* dialog = new AdvisorDialog(this, utf8(domain), m_dns, web,
                                     [this](const std::string& name, const std::string& address) { fill_preview_form(name, address); });
    dialog->Show();
}

// The advisor's "Start a preview for DOMAIN...": the form filled, the user starts it.
void MainFrame::fill_preview_form(const std::string& domain, const std::string& address)
{
    m_domain->SetValue(utf8(domain));
    if (!address.empty())
        m_address->SetValue(utf8(address));
    validate_input();
    show_window();
    (m_start->IsEnabled() ? static_cast<wxWindow*>(m_start) : m_address)->SetFocus();
}

bool MainFrame::tray_icon_shown() const { return m_tray != nullptr && m_tray->IsIconInstalled(); }

wxMenu* MainFrame::tray_menu_for_test() { return m_tray != nullptr ? m_tray->CreatePopupMenu() : nullptr; }

void MainFrame::show_window()
{
    Show();
    Iconize(false);
    Raise();
}

// The dialogs' content is read on m_reader (the state directory may be slow, or hold a FIFO
// someone planted); the dialog opens when it has been read. One at a time.
void MainFrame::on_backups()
{
    if (m_dialog_loading)
        return;
    m_dialog_loading = true;
    const Target t = target();
    m_reader->post([this, dirs = backup_dirs(t, !m_hosts_file), hosts = t.hosts] {
        BackupListing listing = load_backups(dirs, hosts);
        CallAfter([this, listing = std::move(listing)] {
            m_dialog_loading = false;
            BackupsDialog dialog(this, listing);
            if (dialog.ShowModal() != wxID_OK || dialog.chosen_id().empty() || busy())
                return;
            run_job([id = dialog.chosen_id()](ChangeService& service) { return service.restore(id); }, Job::Restore);
        });
    });
}

// Ctrl+F: the whole-file tab, its search field focused.
void MainFrame::on_find()
{
    m_tabs->SetSelection(1);
    m_file_view->focus_search();
}

void MainFrame::on_audit_log()
{
    if (m_dialog_loading)
        return;
    m_dialog_loading = true;
    m_reader->post([this, file = target().audit_log] {
        AuditLogText content = load_audit_log(file);
        CallAfter([this, file, content = std::move(content)] {
            m_dialog_loading = false;
            AuditLogDialog dialog(this, file, content);
            dialog.ShowModal();
        });
    });
}

void MainFrame::on_about()
{
    wxAboutDialogInfo info;
    info.SetName("fshosts");
    info.SetVersion(utf8(version));
    info.SetDescription(_("Preview a futureshop shop under its real domain on this PC only, and put the hosts "
                          "file back exactly as it was."));
    info.SetLicence(_("MIT License"));
    info.SetIcon(app_icons().GetIcon(wxSize(128, 128)));
    wxAboutBox(info, this);
}

// Remembered for the next start (app.cpp reads it; --lang still wins). wx cannot switch the
// language of windows that already exist, so the change waits for a restart.
void MainFrame::on_language(const std::string& language)
{
    wxConfig config("fshosts");
    config.Write("language", wxString(language));
    config.Flush();
    if (language != m_language)
        wxMessageBox(_("fshosts will use this language the next time it starts."), _("Language"),
                     wxOK | wxICON_INFORMATION, this);
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
            check_preview_target(name, m_host_name);
            domain_ok = true;
            m_domain_check->SetLabelText(arrow + utf8(name));
            m_domain_check->SetForegroundColour(active_fg);
            if (const std::optional<std::string> twin = twin_name(name)) {
                m_twin->SetLabel(wxString::Format(_("Also preview %s (the twin)"), utf8(*twin)));
                m_twin->Enable(!busy());
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
    // The go-live date: optional; a date that has already passed would start an overdue preview.
    bool until_ok = true;
    const wxString until_text = m_until->GetValue().Strip(wxString::both);
    m_until_check->Show(!until_text.empty());
    if (!until_text.empty()) {
        try {
            const std::string date = normalize_date(until_text.utf8_string());
            const std::string today = local_date_today();
            if (go_live_passed(date, today)) {
                until_ok = false;
                m_until_check->SetLabelText(wxString::Format(_("%s has already passed: enter the planned go-live date."), utf8(date)));
                m_until_check->SetForegroundColour(error_fg);
            } else {
                m_until_check->SetLabelText(arrow + utf8(go_live_text(date, today)));
                m_until_check->SetForegroundColour(active_fg);
            }
        } catch (const Error& e) {
            until_ok = false;
            m_until_check->SetLabelText(utf8(e.what()));
            m_until_check->SetForegroundColour(error_fg);
        }
    }
    if (const int width = m_domain->GetSize().GetWidth(); width > 0) {
        m_domain_check->SetLabelText(wrap_text(m_domain_check, m_domain_check->GetLabelText(), width));
        m_address_check->SetLabelText(wrap_text(m_address_check, m_address_check->GetLabelText(), width));
        m_until_check->SetLabelText(wrap_text(m_until_check, m_until_check->GetLabelText(), width));
    }
    m_start->Enable(domain_ok && address_ok && until_ok && !busy());
    m_check->Enable(m_check_cancel != nullptr || (domain_ok && address_ok));  // Cancel stays clickable
    m_browser_preview->enable(domain_ok && address_ok);
    if (const int width = m_domain->GetParent()->GetClientSize().GetWidth() - FromDIP(32); width > 0)
        m_browser_preview->wrap(width);
    Layout();
}

// Reads the file again (on the monitor's worker thread); show_file() shows it. Called at start,
// after every change and on Reload. Until the first read is done the window says it is reading.
// The read starts from the event loop, so at start-up it begins once the window is shown and does
// not compete with GTK for the CPU while the window is being built (2 busy cores: ~100 ms).
void MainFrame::refresh()
{
    m_changed_bar->Dismiss();
    if (!m_loaded) {
        show_banner(_("Reading the hosts file..."), wxString(), false);
        m_file_view->show_reading();
    }
    CallAfter([this] { m_monitor->load(); });
}

// What this PC sees now, from one read of the file.
void MainFrame::show_file(const LoadedFile& file)
{
    m_loaded = true;
    m_list->DeleteAllItems();
    if (!file.ok) {
        m_have_entries = false;
        m_file_view->show(nullptr);
        show_banner(_("Cannot read the hosts file"), utf8(file.error), true);
        return;
    }
    m_file_view->show(file.index);
    show_entries(file);
    const BlockInfo& block = file.status.block;
    // How this system reads the file (lone CRs, non-ASCII lines on Windows, a moved hosts path):
    // said under every banner.
    wxString file_warnings;
    for (const std::string& warning : status_warnings(file.status, !m_hosts_file))
        file_warnings += "\n\n" + utf8(warning);
    if (m_undone) {
        // A security program undid the preview right after it was written: say so first, and
        // what to do, over whatever the file shows now.
        show_banner(_("The preview was undone by another program"), utf8(m_after_write_warning) + file_warnings, true);
        return;
    }
    if (!m_after_write_warning.empty())
        file_warnings += "\n\n" + utf8(m_after_write_warning);
    if (block.state == BlockState::Malformed || block.entries.empty())
        watch_dns_switch({});
    if (block.state == BlockState::Malformed) {
        show_banner(_("The fshosts entries in the hosts file are damaged"),
                    wxString::Format(_("Line %s: %s"), line_number(block.problem_line), utf8(block.problem)) +
                        file_warnings,
                    true);
    } else if (block.entries.empty()) {
        show_banner(_("No preview active"),
                    _("This PC reaches every site through normal DNS, like everyone else.") + file_warnings, false);
    } else {
        wxString detail;
        const std::string today = local_date_today();
        wxString overdue;  // the names whose go-live date has passed
        for (const ManagedEntry& e : block.entries) {
            detail += (detail.empty() ? "" : "\n") + utf8(e.name) + "  " + arrow + utf8(e.address);
            if (!e.until.empty())
                detail += "  (" + utf8(go_live_text(e.until, today)) + ")";
            if (!e.until.empty() && go_live_passed(e.until, today))
                overdue += (overdue.empty() ? "" : ", ") + utf8(e.name);
        }
        for (const Conflict& c : file.status.conflicts)
            detail += "\n" + wxString::Format(_("Warning: line %s maps %s to %s and wins over the preview."),
                                              line_number(c.line_number), utf8(c.name), utf8(c.address));
        detail += "\n\n" + _("Browsers keep their own DNS cache: reload the page, or restart the browser if the "
                               "old site still shows.");
        std::vector<std::string> names;
        std::vector<probe::ManagedName> managed;
        for (const ManagedEntry& e : block.entries) {
            names.push_back(e.name);
            managed.push_back({e.name, e.address});
        }
        check_browsers(names);
        watch_dns_switch(managed);
        if (m_verify_pending) {
            m_verify_pending = false;
            verify_preview(managed);
        }
        detail += browser_advice();
        detail += file_warnings;
        if (const wxString switched = switch_advice(); !switched.empty()) {
            show_banner(_("The DNS switch is done: revert the preview"), switched + "\n\n" + detail, false, true);
        } else if (!overdue.empty()) {
            const wxString why = wxString::Format(_("The planned go-live date of %s has passed: the DNS switch should be "
                                                    "done, and the preview line is no longer needed. Revert it."),
                                                  overdue);
            show_banner(_("The go-live date has passed: revert the preview"), why + "\n\n" + detail, false, true);
            if (!m_overdue_notified) {
                m_overdue_notified = true;
                notify(_("fshosts: the go-live date has passed"), why);
            }
        } else {
            show_banner(_("Preview active on this PC only"), detail, false);
        }
    }
}

// Starts watching `names` (the preview's, or none): a check now and every m_switch_interval.
void MainFrame::watch_dns_switch(const std::vector<probe::ManagedName>& names)
{
    if (!m_automatic_checks || same_names(names, m_switch_names))
        return;
    m_switch_names = names;
    m_switch.clear();
    if (names.empty()) {
        m_switch_timer.Stop();
        return;
    }
    check_dns_switch();
    m_switch_timer.Start(static_cast<int>(m_switch_interval.count()));
}

void MainFrame::set_switch_check_interval(std::chrono::milliseconds interval)
{
    m_switch_interval = interval;
    if (m_switch_timer.IsRunning())
        m_switch_timer.Start(static_cast<int>(interval.count()));
}

// Asks public DNS (m_dns: --dns-server or the system's servers, never the hosts file) whether the
// switch is done for the previewed names, on m_dns_checker; a CNAME to other addresses is decided
// by asking both servers over HTTP(S). While it is done, the banner says so and a notification
// reminds the user at every check (at start, then every 15 minutes).
void MainFrame::check_dns_switch()
{
    if (m_switch_names.empty() || m_switch_checking)
        return;
    m_switch_checking = true;
    m_dns_checker->post([this, names = m_switch_names, dns = m_dns, ca_file = m_ca_file, cancel = m_switch_cancel] {
        probe::ProbeOptions http;
        http.cancel = cancel.get();
        http.ca_file = ca_file;
        const probe::AnswersLikePreview answers_like = [http](const std::string& domain, const std::string& dns_address,
                                                              const std::string& preview_address) {
            return probe::answers_like_preview(domain, dns_address, preview_address, http);
        };
        std::vector<probe::SwitchVerdict> verdicts;
        try {
            verdicts = probe::check_dns_switch(names, dns, answers_like);
        } catch (const Error&) {
            // c-ares could not start (no resolver configuration): nothing is known; the next check tries again.
        }
        if (cancel->load())
            return;  // the window is closing
        CallAfter([this, names, verdicts = std::move(verdicts)] {
            m_switch_checking = false;
            ++m_switch_checks;
            if (!same_names(names, m_switch_names)) {
                check_dns_switch();  // the preview changed while DNS was asked
                return;
            }
            m_switch = verdicts;
            wxString switched;
            for (const probe::SwitchVerdict& v : m_switch)
                if (v.state == probe::SwitchState::Switched)
                    switched += (switched.empty() ? "" : ", ") + utf8(v.name);
            if (!switched.empty())
                notify(_("fshosts: the DNS switch is done"),
                       wxString::Format(_("Public DNS now leads %s to the futureshop server: the preview line is no longer "
                                          "needed. Revert it in fshosts."),
                                        switched));
            if (m_shown)
                show_file(*m_shown);
        });
    });
}

// The verdicts of the names whose switch is done, one per line; "" while none is.
wxString MainFrame::switch_advice() const
{
    wxString out;
    for (const probe::SwitchVerdict& v : m_switch)
        if (v.state == probe::SwitchState::Switched)
            out += (out.empty() ? "" : "\n") + utf8(v.message);
    return out;
}

// A desktop notification (libnotify on Linux, the notification centre or a balloon elsewhere);
// where the desktop has no notification service, wx's own small window. Clicking it shows the window.
void MainFrame::notify(const wxString& title, const wxString& message)
{
    m_last_notification = title + "\n" + message;
    m_notification = std::make_unique<wxNotificationMessage>(title, message, this, wxICON_WARNING);
    m_notification->Bind(wxEVT_NOTIFICATION_MESSAGE_CLICK, [this](wxCommandEvent&) { show_window(); });
    if (!m_notification->Show(wxNotificationMessageBase::Timeout_Auto)) {
        // wx's own window does not wrap: at most about 360 pixels wide, like a desktop's notifications.
        m_notification = std::make_unique<wxGenericNotificationMessage>(title, wrap_text(this, message, FromDIP(360)), this,
                                                                        wxICON_WARNING);
        m_notification->Bind(wxEVT_NOTIFICATION_MESSAGE_CLICK, [this](wxCommandEvent&) { show_window(); });
        m_notification->Show(wxNotificationMessageBase::Timeout_Auto);
    }
}

// The proof after a preview started (probe/preview_verify.h), on m_prober like the server check:
// every name resolves on this PC to its preview address only, and a normal request reaches the
// same server as one sent straight to the address. Its result shows under the buttons.
void MainFrame::verify_preview(const std::vector<probe::ManagedName>& entries)
{
    if (m_check_cancel)
        return;  // a check is running; the user sees its result
    std::vector<probe::PreviewEntry> preview;
    std::vector<std::string> names;
    for (const probe::ManagedName& e : entries) {
        preview.push_back({e.name, e.address});
        names.push_back(e.name);
    }
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_check_cancel = cancel;
    m_check->SetLabel(_("Cancel the check"));
    m_check->Enable();
    show_server_check(_("Checking that this PC reaches the preview server..."), false);
    m_prober->post([this, preview, names, cancel, ca_file = m_ca_file] {
        probe::ProbeOptions options;
        options.cancel = cancel.get();
        options.ca_file = ca_file;
        const probe::PreviewVerify result = probe::verify_preview(preview, options);
        // Verify's problems, and what the direct request saw of the certificate (verify proves
        // the name reaches the server; a certificate that does not cover it still stops https).
        std::string problems;
        std::optional<bool> covers;
        bool hsts = false;
        for (const probe::NameVerify& v : result.names) {
            for (const probe::Finding& f : v.findings)
                if (f.problem)
                    problems += (problems.empty() ? "" : "\n") + f.message;
            for (const probe::Finding& f : probe::findings(v.direct))
                if (f.problem && f.kind.starts_with("certificate_"))
                    problems += (problems.empty() ? "" : "\n") + f.message;
            if (const auto& cert = v.direct.https.certificate; cert && cert->covers_domain)
                covers = covers.value_or(true) && *cert->covers_domain;
            hsts = hsts || v.direct.https.hsts || v.system.https.hsts;
        }
        // Nothing wrong: one short line per preview address (the report has the rest).
        std::string summary = problems;
        if (problems.empty() && result.passed) {
            std::vector<std::string> addresses;
            for (const probe::NameVerify& v : result.names)
                if (std::find(addresses.begin(), addresses.end(), v.entry.address) == addresses.end())
                    addresses.push_back(v.entry.address);
            for (const std::string& address : addresses) {
                std::string names_there;
                for (const probe::NameVerify& v : result.names)
                    if (v.entry.address == address)
                        names_there += (names_there.empty() ? "" : ", ") + v.entry.name;
                summary += (summary.empty() ? "" : "\n") +
                           fshosts::trf("Preview checked on this PC: {0} -> {1} only, and that server answers.", names_there, address);
            }
        }
        const bool problem = !result.passed || !problems.empty();
        CallAfter([this, check = ServerCheck{names, summary, probe::format_verify(result), problem, covers, hsts}] {
            finish_server_check(check);
        });
    });
}

// Finds, on m_reader, what may keep this PC's browsers from showing the preview of `names` (a
// proxy, Firefox's DNS over HTTPS, ...: reading the settings may run gsettings) once per set of
// names; the banner shows it when it arrives.
void MainFrame::check_browsers(const std::vector<std::string>& names)
{
    if (names == m_pitfall_names)
        return;
    m_pitfall_names = names;
    m_pitfalls.clear();
    // What the last server check saw of the certificate, when it checked these names.
    const bool checked = !names.empty() && std::all_of(names.begin(), names.end(), [&](const std::string& n) {
        return std::find(m_check_names.begin(), m_check_names.end(), n) != m_check_names.end();
    });
    m_reader->post([this, names, covers = checked ? m_check_covers : std::nullopt, hsts = checked && m_check_hsts] {
        probe::PitfallInputs inputs = probe::this_computer(names);
        inputs.certificate_covers = covers;
        inputs.hsts_seen = hsts;
        std::vector<probe::Pitfall> found = probe::find_pitfalls(inputs);
        CallAfter([this, names, found = std::move(found)] {
            if (names != m_pitfall_names)
                return;  // the preview changed meanwhile; a newer check is on its way
            m_pitfalls = found;
            if (m_shown)
                show_file(*m_shown);
        });
    });
}

// The pitfalls for the banner, one line each (the certain ones marked); the details button
// shows what each does and what to do.
wxString MainFrame::browser_advice() const
{
    wxString out;
    for (const probe::Pitfall& p : m_pitfalls) {
        if (p.id == "open-connections")
            continue;  // the sentence above says it for every browser
        out += "\n" + utf8(p.certain ? fshosts::trf("Warning: {0}", p.title) : p.title);
    }
    return out.empty() ? out : "\n" + out;
}

// Every pitfall found, with what it does and what to do, the open connections' advice last.
wxString MainFrame::browser_details() const
{
    wxString text;
    for (const probe::Pitfall& p : m_pitfalls)
        text += (text.empty() ? "" : "\n\n") + utf8(p.title) + "\n" + utf8(p.message) + "\n" + utf8(p.fix);
    return text;
}

void MainFrame::on_browser_details()
{
    wxMessageDialog dialog(this, _("Why a browser may still show the old site"), _("Browsers and the preview"),
                           wxOK | wxICON_INFORMATION);
    dialog.SetExtendedMessage(browser_details());
    dialog.ShowModal();
}

// The pre-flight check: http:// and https:// of the domain (and its twin when checked) asked of
// the address, without the hosts file (probe/site_probe.h), on m_prober. A second click cancels.
void MainFrame::on_check_server()
{
    if (m_check_cancel) {
        m_check_cancel->store(true);
        m_check->Disable();  // until the check has stopped
        return;
    }
    std::string domain;
    std::string address;
    try {
        domain = normalize_domain(m_domain->GetValue().utf8_string());
        address = normalize_address(m_address->GetValue().utf8_string());
    } catch (const Error&) {
        return;  // validate_input() says why; the button is disabled then
    }
    std::vector<std::string> names{domain};
    if (m_twin->IsEnabled() && m_twin->GetValue())
        if (const auto twin = twin_name(domain))
            names.push_back(*twin);
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_check_cancel = cancel;
    m_check->SetLabel(_("Cancel the check"));
    show_server_check(utf8(fshosts::trf("Checking {0} at {1}...", names.front(), address)), false);
    m_prober->post([this, names, address, cancel, ca_file = m_ca_file] {
        probe::ProbeOptions options;
        options.cancel = cancel.get();
        options.ca_file = ca_file;
        std::string summary;
        std::string report;
        bool problem = false;
        std::optional<bool> covers;
        bool hsts = false;
        for (const std::string& name : names) {
            const probe::SiteProbe result = probe::probe_site(name, address, options);
            const std::vector<probe::Finding> found = probe::findings(result);
            problem = problem || !probe::passed(found);
            for (const probe::Finding& f : found)
                summary += (summary.empty() ? "" : "\n") + f.message;
            report += (report.empty() ? "" : "\n") + probe::format_probe(result, found);
            if (const auto& cert = result.https.certificate; cert && cert->covers_domain)
                covers = covers.value_or(true) && *cert->covers_domain;
            hsts = hsts || result.https.hsts;
            if (cancel->load())
                break;
        }
        CallAfter([this, check = ServerCheck{names, summary, report, problem, covers, hsts}] { finish_server_check(check); });
    });
}

// Shows what the check found, and looks for the browser pitfalls of the previewed names again
// with what it saw of the certificate (an HSTS name whose certificate does not cover it).
void MainFrame::finish_server_check(const ServerCheck& check)
{
    m_check_cancel.reset();
    m_check->SetLabel(_("Check the server"));
    m_check_report = check.report;
    m_check_names = check.names;
    m_check_covers = check.covers;
    m_check_hsts = check.hsts;
    m_pitfall_names.clear();
    show_server_check(utf8(check.summary), check.problem);
    validate_input();
    if (m_shown)
        show_file(*m_shown);
}

wxString MainFrame::server_check_report() const { return utf8(m_check_report); }

void MainFrame::show_server_check(const wxString& text, bool problem)
{
    m_check_result->SetForegroundColour(problem ? error_fg : active_fg);
    const int width = m_domain->GetParent()->GetClientSize().GetWidth() - FromDIP(32);
    m_check_result->SetLabelText(width > 0 ? wrap_text(m_check_result, text, width) : text);
    m_check_result->Show(!text.empty());
    m_check_details->Show(!m_check_cancel && !m_check_report.empty());
    Layout();
    grow_to_fit();
}

// Makes the window taller (never smaller) when what it shows no longer fits (a long check result,
// a banner with warnings: the entries list would be squeezed to nothing), up to the screen's
// work area.
void MainFrame::grow_to_fit()
{
    if (IsMaximized() || IsFullScreen())
        return;
    const int needed = GetBestSize().GetHeight();
    const int display = wxDisplay::GetFromWindow(this);
    const int limit = wxDisplay(display == wxNOT_FOUND ? 0u : static_cast<unsigned>(display)).GetClientArea().GetHeight();
    const wxSize size = GetSize();
    if (needed > size.GetHeight() && size.GetHeight() < limit)
        SetSize(wxSize(size.GetWidth(), std::min(needed, limit)));
}

// The entries tab: one row per name fshosts manages.
void MainFrame::show_entries(const LoadedFile& file)
{
    const BlockInfo& block = file.status.block;
    m_have_entries = block.state != BlockState::Absent;
    long row = 0;
    for (const ManagedEntry& e : block.entries) {
        m_list->InsertItem(row, utf8(e.name));
        m_list->SetItem(row, 1, utf8(e.address));
        m_list->SetItem(row, 2, utf8(e.until));
        m_list->SetItem(row, 3, line_number(e.line_number));
        ++row;
    }
}

// The banner, the window title, the tray icon and the buttons that depend on the file's state.
void MainFrame::show_banner(const wxString& title, const wxString& detail, bool error, bool attention)
{
    const bool active = !error && m_list->GetItemCount() > 0;
    const wxColour& fg = error ? error_fg : attention ? attention_fg : active ? active_fg : idle_fg;
    m_banner->SetBackgroundColour(error ? error_bg : attention ? attention_bg : active ? active_bg : idle_bg);
    m_banner_title->SetForegroundColour(fg);
    m_banner_detail->SetForegroundColour(fg);
    m_banner_title->SetLabelText(title);
    SetTitle(wxString::FromUTF8("fshosts \u2014 ") + title);  // the state, also in the taskbar
    m_banner_text = detail;
    // The browser advice belongs to an active preview; the pitfalls are those of its names.
    m_browser_details->Show(active && !m_pitfalls.empty());
    wrap_banner();
    m_banner->Refresh();
    m_revert->Enable(m_have_entries && !busy());
    m_remove->Enable(!busy() && m_list->GetSelectedItemCount() == 1);
    m_tray->show(active, attention ? "fshosts: " + title : _("fshosts: a preview is active on this PC"));
    // Lay out and paint again the whole panel that holds the banner: under Wine, after the banner
    // grew by a long warning while the window was shown, the top of the form below it stayed
    // covered in the banner's colour until the panel was painted again (seen in a screenshot).
    m_banner->GetParent()->Layout();
    m_banner->GetParent()->Refresh();
    grow_to_fit();
}

void MainFrame::on_remove_selected()
{
    const long row = m_list->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    if (row < 0 || busy())
        return;
    const std::string name = m_list->GetItemText(row, 0).utf8_string();
    run_job([name](ChangeService& service) { return service.revert({name}); }, Job::RemoveOne);
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
                         disable_conflicts,
                         m_until->GetValue().Strip(wxString::both).utf8_string()};
    run_job([request](ChangeService& service) { return service.apply(request); }, Job::Apply);
}

void MainFrame::on_revert_all()
{
    run_job([](ChangeService& service) { return service.revert({}); }, Job::RevertAll);
}

// A change through core's ChangeService on the job runner's thread; the controls are disabled
// meanwhile and on_finished() runs on the UI thread.
void MainFrame::run_job(std::function<ChangeResult(ChangeService&)> work, Job job)
{
    ChangeService service(m_hosts_file, layout::helper_program(), m_language);
    if (m_jobs->run([service, work = std::move(work)]() mutable { return work(service); }, job))
        set_busy(true);
}

void MainFrame::on_finished(const JobOutcome& outcome, Job job)
{
    set_busy(false);
    // Until the next change, the banner says what the re-read after this one found (show_file).
    m_undone = outcome.undone;
    m_after_write_warning = outcome.after_write_warning;
    // The proof needs the resolver to read the file this window changed: the system's.
    m_verify_pending = m_automatic_checks && outcome.ok && job == Job::Apply && !outcome.undone &&
                       m_path.lexically_normal() == fs::absolute(platform::system_hosts_path()).lexically_normal();
    refresh();
    if (outcome.ok) {
        if (job == Job::RevertAndQuit) {
            m_quitting = true;
            Close();
        }
        return;
    }
    if (outcome.conflict && job == Job::Apply) {
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
    wxString title = _("Could not revert");
    if (outcome.permission)
        title = _("Not allowed to change the hosts file");
    else if (job == Job::Apply)
        title = _("The preview could not be started");
    else if (job == Job::RemoveOne)
        title = _("Could not stop previewing that name");
    else if (job == Job::Restore)
        title = _("Could not restore the backup");
    wxMessageDialog error(this, utf8(outcome.message), title, wxOK | wxICON_ERROR);
    if (outcome.permission)  // no administrator rights, or the prompt refused: the way that needs none
        error.SetExtendedMessage(BrowserPreviewUi::permission_hint());
    error.ShowModal();
}

void MainFrame::set_busy(bool busy)
{
    if (busy)
        wxBeginBusyCursor();
    else
        wxEndBusyCursor();
    m_domain->Enable(!busy);
    m_address->Enable(!busy);
    m_until->Enable(!busy);
    m_revert->Enable(!busy && m_have_entries);
    m_remove->Enable(!busy && m_list->GetSelectedItemCount() == 1);
    validate_input();  // re-enables the twin box and the start button as the input allows
}

}  // namespace fshosts::gui
