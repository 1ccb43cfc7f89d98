#include "gui/advisor_dialog.h"

// wx first: it defines _() as wxGetTranslation; the headers below do not define it.
#include <wx/button.h>
#include <wx/radiobut.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "base/error.h"
#include "base/i18n.h"
#include "gui/dialog_layout.h"
#include "gui/worker_thread.h"
#include "gui/wrap_text.h"
#include "probe/join.h"
#include "text/validation.h"

#include <algorithm>
#include <utility>

namespace fshosts::gui {
namespace {

const wxColour hint_fg(0x55, 0x55, 0x55), error_fg(0x9B, 0x1C, 0x1C), method_fg(0x1B, 0x5E, 0x20);

wxString utf8(const std::string& s) { return wxString::FromUTF8(s); }

std::string server_text(const probe::QueryOptions& o)
{
    return o.server ? probe::to_string(*o.server) : std::string(_("the system's DNS servers").utf8_string());
}

// The normalised domain, or "" for text that is not one.
std::string normalized_or_empty(const wxString& text)
{
    try {
        return normalize_domain(text.utf8_string());
    } catch (const Error&) {
        return {};
    }
}

bool mail_possible(const probe::Advice& a)
{
    return a.method == probe::ValidationMethod::Mail ||
           std::find(a.alternatives.begin(), a.alternatives.end(), probe::ValidationMethod::Mail) != a.alternatives.end();
}

// Everything below the method: why, the steps, the renewal, the other methods, the hints.
std::string details_text(const probe::Advice& a, const probe::AdvisorDns& dns, const probe::QueryOptions& options)
{
    std::string text = trf("Why: {0}", a.reason) + "\n\n" + std::string(_("Steps:").utf8_string()) + "\n";
    for (std::size_t i = 0; i < a.steps.size(); ++i)
        text += std::to_string(i + 1) + ". " + a.steps[i] + "\n";
    text += "\n" + trf("Renewal: {0}", a.renewal) + "\n";
    for (probe::ValidationMethod m : a.alternatives)
        text += trf("Also possible: {0}", probe::method_name(m)) + "\n";
    text += "\n" + trf("Hints from DNS (asked {0}, not the hosts file):", server_text(options)) + "\n";
    for (const std::vector<std::string>* list : {&dns.problems, &a.hints})
        for (const std::string& line : *list)
            text += "- " + line + "\n";
    return text;
}

}  // namespace

const char* const AdvisorDialog::window_name = "ssl_advisor";

AdvisorDialog::AdvisorDialog(wxWindow* parent, const wxString& domain, probe::QueryOptions dns, probe::ProbeOptions web,
                             StartPreview start_preview)
    : wxDialog(parent, wxID_ANY, _("SSL validation advisor"), wxDefaultPosition, wxDefaultSize, wxDEFAULT_DIALOG_STYLE,
               window_name),
      m_dns(std::move(dns)),
      m_web(std::move(web)),
      m_start_preview(std::move(start_preview)),
      m_width(FromDIP(620))
{
    const int gap = FromDIP(10);
    auto* top = new wxBoxSizer(wxVERTICAL);
    add_note(this, top,
             _("Which SSL validation suits the contract domain, and whether this PC needs a hosts preview while the shop "
               "is built. Look the domain up: the two answers are then pre-set from public DNS and its web server; "
               "change them if you know better."),
             m_width, wxLEFT | wxRIGHT | wxTOP, gap);

    auto* domain_row = new wxBoxSizer(wxHORIZONTAL);
    domain_row->Add(new wxStaticText(this, wxID_ANY, _("Contract domain:")), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, gap / 2);
    m_domain = new wxTextCtrl(this, wxID_ANY, domain, wxDefaultPosition, wxDefaultSize, wxTE_PROCESS_ENTER);
    m_domain->SetName("advisor_domain");
    domain_row->Add(m_domain, 1, wxALIGN_CENTER_VERTICAL);
    m_lookup = new wxButton(this, wxID_ANY, _("Look up"));
    m_lookup->SetName("advisor_lookup");
    domain_row->Add(m_lookup, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, gap / 2);
    top->Add(domain_row, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    m_status = new wxStaticText(this, wxID_ANY, " ");
    m_status->SetName("advisor_status");
    top->Add(m_status, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap / 2);

    // A question, its Yes / No and the hint beside them.
    const auto question = [&](wxStaticText*& label, wxRadioButton*& yes, wxRadioButton*& no, wxStaticText*& hint,
                              const wxString& name) {
        label = new wxStaticText(this, wxID_ANY, " ");
        label->SetName(name + "_question");
        top->Add(label, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
        auto* answers = new wxBoxSizer(wxHORIZONTAL);
        yes = new wxRadioButton(this, wxID_ANY, _("Yes"), wxDefaultPosition, wxDefaultSize, wxRB_GROUP);
        yes->SetName(name + "_yes");
        no = new wxRadioButton(this, wxID_ANY, _("No"));
        no->SetName(name + "_no");
        hint = new wxStaticText(this, wxID_ANY, " ");
        hint->SetName(name + "_hint");
        hint->SetForegroundColour(hint_fg);
        answers->Add(yes, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, gap);
        answers->Add(no, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 2 * gap);
        answers->Add(hint, 1, wxALIGN_CENTER_VERTICAL);
        top->Add(answers, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
        for (wxRadioButton* button : {yes, no}) {
            button->Disable();
            button->Bind(wxEVT_RADIOBUTTON, [this](wxCommandEvent&) { show_advice(); });
        }
    };
    question(m_running_question, m_running_yes, m_running_no, m_running_hint, "advisor_running");
    question(m_mailbox_question, m_mailbox_yes, m_mailbox_no, m_mailbox_hint, "advisor_mailbox");
    set_wrapped(m_running_question, _("Is a shop already running on the contract domain?"), m_width);
    set_wrapped(m_mailbox_question, _("Can a mailbox be created on the domain?"), m_width);

    m_method = new wxStaticText(this, wxID_ANY, " ");
    m_method->SetName("advisor_method");
    m_method->SetFont(m_method->GetFont().Bold().Larger());
    m_method->SetForegroundColour(method_fg);
    top->Add(m_method, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    m_details = new wxTextCtrl(this, wxID_ANY, _("Look the domain up to see the advice."), wxDefaultPosition,
                               wxSize(m_width, FromDIP(230)), wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP);
    m_details->SetName("advisor_details");
    top->Add(m_details, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    m_approvers_label = new wxStaticText(this, wxID_ANY, _("Approver addresses for mail validation (no others are accepted):"));
    top->Add(m_approvers_label, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    // Two lines: the five addresses do not fit in one at this width.
    m_approvers = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(m_width, 2 * GetCharHeight() + FromDIP(12)),
                                 wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP | wxTE_NO_VSCROLL);
    m_approvers->SetName("advisor_approvers");
    top->Add(m_approvers, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap / 2);

    auto* address_row = new wxBoxSizer(wxHORIZONTAL);
    address_row->Add(new wxStaticText(this, wxID_ANY, _("futureshop server address (optional, for the preview):")), 0,
                     wxALIGN_CENTER_VERTICAL | wxRIGHT, gap / 2);
    m_address = new wxTextCtrl(this, wxID_ANY, "");
    m_address->SetName("advisor_address");
    m_address->Disable();
    address_row->Add(m_address, 1, wxALIGN_CENTER_VERTICAL);
    top->Add(address_row, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);

    m_start = new wxButton(this, wxID_ANY, _("Start a preview..."));
    m_start->SetName("advisor_start_preview");
    finish_with_close(this, top, gap, m_start);
    m_start->Hide();
    m_lookup->SetDefault();

    m_worker = std::make_unique<WorkerThread>();
    m_lookup->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_lookup(); });
    m_domain->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { on_lookup(); });
    // Another domain typed: the answers and the advice were for the old one.
    m_domain->Bind(wxEVT_TEXT, [this](wxCommandEvent&) {
        if (!m_result)
            return;
        m_result.reset();
        for (wxRadioButton* button : {m_running_yes, m_running_no, m_mailbox_yes, m_mailbox_no})
            button->Disable();
        m_method->SetLabelText(" ");
        m_details->ChangeValue(_("Look the domain up to see the advice."));
        m_approvers->ChangeValue("");
        m_address->Disable();
        m_start->Hide();
        Layout();
    });
    m_start->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (!m_result)
            return;
        m_start_preview(m_looked_up, m_address->GetValue().utf8_string());
        Close();
    });
    Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Close(); }, wxID_CLOSE);
    Bind(wxEVT_CLOSE_WINDOW, &AdvisorDialog::on_close, this);
}

AdvisorDialog::~AdvisorDialog()
{
    if (m_cancel)
        m_cancel->store(true);  // the web check stops within about a second; DNS within its timeouts
    m_worker.reset();
}

void AdvisorDialog::set_wrapped(wxStaticText* label, const wxString& text, int width)
{
    label->SetLabelText(width > 0 ? wrap_text(label, text, width) : text);
}

// DNS, then the web server at the address it gave, on the worker thread; the window says which.
void AdvisorDialog::on_lookup()
{
    if (m_cancel)
        return;  // one look-up at a time
    std::string domain;
    try {
        domain = normalize_domain(m_domain->GetValue().utf8_string());
    } catch (const Error& e) {
        m_status->SetForegroundColour(error_fg);
        set_wrapped(m_status, utf8(e.what()), m_width);
        Layout();
        return;
    }
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancel;
    m_lookup->Disable();
    m_status->SetForegroundColour(hint_fg);
    set_wrapped(m_status, utf8(trf("Asking {0} about {1}...", server_text(m_dns), domain)), m_width);
    Layout();
    m_worker->post([this, domain, dns = m_dns, web = m_web, cancel] {
        probe::AdvisorDns result = probe::query_advisor_dns(domain, dns);
        if (result.hints && !result.hints->addresses.empty() && !cancel->load()) {
            CallAfter([this, text = trf("Checking whether a web server answers for {0} at the address DNS gave...", domain)] {
                set_wrapped(m_status, utf8(text), m_width);
            });
            probe::ProbeOptions options = web;
            options.cancel = cancel.get();
            result.hints->web = probe::check_web_answer(domain, result.hints->addresses, options);
        }
        CallAfter([this, domain, result = std::move(result)] { on_looked_up(domain, result); });
    });
}

void AdvisorDialog::on_looked_up(const std::string& domain, const probe::AdvisorDns& result)
{
    m_cancel.reset();
    m_lookup->Enable();
    if (m_closing) {
        Destroy();
        return;
    }
    if (normalized_or_empty(m_domain->GetValue()) != domain) {
        set_wrapped(m_status, " ", m_width);  // another domain was typed meanwhile
        Layout();
        return;
    }
    m_looked_up = domain;
    m_result = result;
    std::string problems;
    for (const std::string& p : result.problems)
        problems += (problems.empty() ? "" : "\n") + p;
    m_status->SetForegroundColour(error_fg);
    set_wrapped(m_status, problems.empty() ? wxString(" ") : utf8(problems), m_width);

    const std::string mail_domain = probe::mail_domain_of(domain);
    set_wrapped(m_running_question, utf8(trf("Is a shop already running on {0}?", domain)), m_width);
    set_wrapped(m_mailbox_question, utf8(trf("Can a mailbox (for example admin@{0}) be created on {0}?", mail_domain)), m_width);
    const std::optional<bool> running = probe::running_hint(result.hints), mailbox = probe::mailbox_hint(result.hints);
    (running.value_or(true) ? m_running_yes : m_running_no)->SetValue(true);
    (mailbox.value_or(true) ? m_mailbox_yes : m_mailbox_no)->SetValue(true);
    const wxString no_hint = _("DNS could not be asked: answer yourself");
    for (auto [hint, text] : {std::pair{m_running_hint, probe::running_hint_text(result.hints)},
                              std::pair{m_mailbox_hint, probe::mailbox_hint_text(result.hints)}}) {
        const int width = m_width - (hint->GetPosition().x - m_running_question->GetPosition().x);
        set_wrapped(hint, text.empty() ? no_hint : utf8(text), width);
    }
    for (wxRadioButton* button : {m_running_yes, m_running_no, m_mailbox_yes, m_mailbox_no})
        button->Enable();
    show_advice();
}

// The advice for the answers as they are set now (again after each change of an answer).
void AdvisorDialog::show_advice()
{
    if (!m_result)
        return;
    const probe::Advice a = probe::advise(m_looked_up, m_running_yes->GetValue(), m_mailbox_yes->GetValue(), m_result->hints);
    set_wrapped(m_method, utf8(trf("Recommended: {0}", probe::method_name(a.method))), m_width);
    m_details->ChangeValue(utf8(details_text(a, *m_result, m_dns)));
    const bool mail = mail_possible(a);
    m_approvers->ChangeValue(mail ? utf8(probe::join(a.approver_addresses)) : wxString());
    m_approvers->Show(mail);
    m_approvers_label->Show(mail);
    m_address->Enable(a.hosts_preview_needed);
    m_start->SetLabel(utf8(trf("Start a preview for {0}...", a.domain)));
    m_start->Show(a.hosts_preview_needed);
    GetSizer()->SetSizeHints(this);  // the wrapped texts may have grown
    Layout();
}

// Closed while a look-up runs: hidden at once, destroyed when the look-up has stopped (its
// result would otherwise go to a window that no longer exists).
void AdvisorDialog::on_close(wxCloseEvent&)
{
    if (m_cancel) {
        m_cancel->store(true);
        m_closing = true;
        Hide();
        return;
    }
    Destroy();
}

}  // namespace fshosts::gui
