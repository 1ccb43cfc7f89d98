// The pieces every fshosts dialog is built from, written once: a wrapped note, and the last row
// of buttons with Close at the right.
#pragma once

#include <wx/string.h>

class wxDialog;
class wxSizer;
class wxWindow;

namespace fshosts::gui {

// A note (Japanese wraps too, wrap_text.h) no wider than `width` pixels, added to `sizer`.
void add_note(wxDialog* dialog, wxSizer* sizer, const wxString& text, int width, int flags, int gap);

// Ends `dialog`'s layout: a row with `left` (may be null) at the left and Close at the right (Esc
// closes too) below what `top` holds; then sizes the dialog to it and centres it on its parent.
void finish_with_close(wxDialog* dialog, wxSizer* top, int gap, wxWindow* left = nullptr);

}  // namespace fshosts::gui
