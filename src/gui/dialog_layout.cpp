#include "gui/dialog_layout.h"

#include <wx/button.h>
#include <wx/dialog.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include "gui/wrap_text.h"

namespace fshosts::gui {

void add_note(wxDialog* dialog, wxSizer* sizer, const wxString& text, int width, int flags, int gap)
{
    auto* label = new wxStaticText(dialog, wxID_ANY, text);
    label->SetLabelText(wrap_text(label, text, width));
    sizer->Add(label, 0, flags, gap);
}

void finish_with_close(wxDialog* dialog, wxSizer* top, int gap, wxWindow* left)
{
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    if (left != nullptr)
        buttons->Add(left);
    buttons->AddStretchSpacer();
    buttons->Add(new wxButton(dialog, wxID_CLOSE));
    top->Add(buttons, 0, wxEXPAND | wxALL, gap);
    dialog->SetEscapeId(wxID_CLOSE);
    dialog->SetSizerAndFit(top);
    dialog->CentreOnParent();
}

}  // namespace fshosts::gui
