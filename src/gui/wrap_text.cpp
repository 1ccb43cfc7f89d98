#include "gui/wrap_text.h"

#include <wx/arrstr.h>
#include <wx/window.h>

#include <cstddef>

namespace fshosts::gui {

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

}  // namespace fshosts::gui
