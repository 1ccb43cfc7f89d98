// Wrapping static text that may be Japanese: wxStaticText::Wrap breaks only at spaces, and
// Japanese has none.
#pragma once

#include <wx/string.h>

class wxWindow;

namespace fshosts::gui {

// `text` with line breaks added so no line is wider than `width` pixels in `window`'s font:
// at a space or next to a CJK character, never before closing punctuation (、。」 and the like).
wxString wrap_text(const wxWindow* window, const wxString& text, int width);

}  // namespace fshosts::gui
