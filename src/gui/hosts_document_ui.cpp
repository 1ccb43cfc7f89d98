#include "gui/hosts_document_ui.h"

// wx first: it defines _() as wxGetTranslation; core headers used here do not define it.
#include <wx/font.h>
#include <wx/settings.h>
#include <wx/strconv.h>

#include "core/operations.h"
#include "text/hosts_document.h"

#include <cstddef>

namespace fshosts::gui {
namespace {

// Text styles (STC_STYLE_DEFAULT is 32; ours stay below it).
enum Style : int { plain = 0, comment = 1, ours = 2, conflict = 3, disabled = 4, note = 5 };
// Whole-line background markers.
enum Marker : int { ours_marker = 0, conflict_marker = 1, disabled_marker = 2 };

// A hosts file is usually ASCII, UTF-8 on Linux and macOS, and may be Shift_JIS on a Japanese
// Windows PC: show each line in the first encoding that decodes it.
wxString decode(const std::string& bytes)
{
    if (bytes.empty())
        return {};
    if (wxString s = wxString::FromUTF8(bytes); !s.empty())
        return s;
    if (wxString s(bytes.data(), wxCSConv("CP932"), bytes.size()); !s.empty())
        return s;
    return wxString(bytes.data(), wxConvISO8859_1, bytes.size());
}

}  // namespace

HostsFileView::HostsFileView(wxWindow* parent) : wxStyledTextCtrl(parent, wxID_ANY)
{
    const wxFont mono(wxFontInfo(GetFont().GetPointSize()).Family(wxFONTFAMILY_TELETYPE));
    StyleSetFont(wxSTC_STYLE_DEFAULT, mono);
    StyleClearAll();
    SetLexer(wxSTC_LEX_CONTAINER);  // we style the lines ourselves
    StyleSetForeground(comment, wxColour(0x5F, 0x6B, 0x7A));
    StyleSetForeground(ours, wxColour(0x1B, 0x5E, 0x20));
    StyleSetBold(ours, true);
    StyleSetForeground(conflict, wxColour(0xB7, 0x1C, 0x1C));
    StyleSetBold(conflict, true);
    StyleSetForeground(disabled, wxColour(0x90, 0x90, 0x90));
    StyleSetItalic(disabled, true);
    StyleSetForeground(note, wxColour(0xB7, 0x1C, 0x1C));
    StyleSetBackground(note, wxColour(0xFD, 0xEC, 0xEA));
    StyleSetFont(note, GetFont());

    MarkerDefine(ours_marker, wxSTC_MARK_BACKGROUND, wxNullColour, wxColour(0xE3, 0xF2, 0xE6));
    MarkerDefine(conflict_marker, wxSTC_MARK_BACKGROUND, wxNullColour, wxColour(0xFD, 0xEC, 0xEA));
    MarkerDefine(disabled_marker, wxSTC_MARK_BACKGROUND, wxNullColour, wxColour(0xF2, 0xF2, 0xF2));

    SetMarginType(0, wxSTC_MARGIN_NUMBER);
    SetMarginWidth(0, TextWidth(wxSTC_STYLE_LINENUMBER, "_9999"));
    SetMarginWidth(1, 0);
    AnnotationSetVisible(wxSTC_ANNOTATION_STANDARD);
    SetWrapMode(wxSTC_WRAP_NONE);
    SetCaretLineVisible(false);
    SetUseHorizontalScrollBar(true);
    SetReadOnly(true);
}

void HostsFileView::show(const std::string& bytes, const Status& status)
{
    const HostsDocument doc = HostsDocument::parse(bytes);
    const std::vector<Line>& lines = doc.lines();
    wxString text;
    for (std::size_t i = 0; i < lines.size(); ++i)
        text += decode(lines[i].text) + (i + 1 < lines.size() ? "\n" : "");

    const int first_visible = GetFirstVisibleLine();
    SetReadOnly(false);
    SetText(text);
    MarkerDeleteAll(-1);
    AnnotationClearAll();
    StartStyling(0);
    SetStyling(GetLength(), plain);

    // Line n (1-based, as core counts) is STC line n-1.
    const auto style_line = [this](std::size_t n, int style, int marker) {
        const int line = static_cast<int>(n) - 1;
        if (line < 0 || line >= GetLineCount())
            return;
        const int start = PositionFromLine(line);
        StartStyling(start);
        SetStyling(GetLineEndPosition(line) - start, style);
        if (marker >= 0)
            MarkerAdd(line, marker);
    };
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (classify_line(lines[i].text) == LineKind::Comment)
            style_line(i + 1, comment, -1);
    const BlockInfo& block = status.block;
    if (block.state == BlockState::Present)
        for (std::size_t n = block.begin_line; n <= block.end_line; ++n)
            style_line(n, ours, ours_marker);
    for (const DisabledLine& d : block.disabled)
        style_line(d.line_number, disabled, disabled_marker);
    for (const Conflict& c : status.conflicts) {
        style_line(c.line_number, conflict, conflict_marker);
        const int line = static_cast<int>(c.line_number) - 1;
        wxString annotation = AnnotationGetText(line);
        annotation += (annotation.empty() ? "" : "\n") +
                      wxString::Format(_("This line wins over the preview of %s."), wxString::FromUTF8(c.name));
        AnnotationSetText(line, annotation);
        AnnotationSetStyle(line, note);
    }
    SetReadOnly(true);
    SetFirstVisibleLine(first_visible);
}

}  // namespace fshosts::gui
