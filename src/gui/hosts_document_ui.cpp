#include "gui/hosts_document_ui.h"

// wx first: it defines _() as wxGetTranslation; core headers used here do not define it.
#include <wx/button.h>
#include <wx/clipbrd.h>
#include <wx/dcbuffer.h>
#include <wx/font.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/srchctrl.h>
#include <wx/stattext.h>
#include <wx/strconv.h>
#include <wx/vscroll.h>

#include "base/utf8.h"
#include "text/hosts_document.h"

#include <algorithm>
#include <string>
#include <utility>

namespace fshosts::gui {
namespace {

// Lines longer than this are drawn cut: no hosts file needs more, and a line of megabytes would
// make every repaint slow.
constexpr std::size_t max_shown_bytes = 4096;
constexpr int tab_width = 8;

// Colours of the old view, readable on light themes.
const wxColour ours_bg(0xE3, 0xF2, 0xE6), ours_fg(0x1B, 0x5E, 0x20);
const wxColour conflict_bg(0xFD, 0xEC, 0xEA), conflict_fg(0xB7, 0x1C, 0x1C);
const wxColour disabled_bg(0xF2, 0xF2, 0xF2), disabled_fg(0x90, 0x90, 0x90);
const wxColour comment_fg(0x5F, 0x6B, 0x7A);
const wxColour current_bg(0xE8, 0xEE, 0xF8), match_bg(0xFF, 0xE0, 0x66);
const wxColour gutter_bg(0xF4, 0xF4, 0xF4), gutter_fg(0x80, 0x80, 0x80);

// A hosts file is usually ASCII, UTF-8 on Linux and macOS, and may be Shift_JIS on a Japanese
// Windows PC: show each line in the first encoding that decodes it. Valid UTF-8 goes through
// displayable(), so bidi controls and the like cannot reorder what the line seems to say.
wxString decode_text(std::string_view bytes)
{
    if (bytes.empty())
        return {};
    if (utf8::is_valid(bytes))
        return wxString::FromUTF8(displayable(bytes, DisplayOptions{std::string_view::npos, std::string_view::npos, true, ""}));
    if (wxString s(bytes.data(), wxCSConv("CP932"), bytes.size()); !s.empty())
        return s;
    return wxString(bytes.data(), wxConvISO8859_1, bytes.size());
}

// A NUL byte shows as "\0" and the line goes on after it: the view shows what is on disk,
// although the resolver ends the line at a NUL. Each run between NULs is decoded on its own, so
// no converter stops at a NUL. ("\0" rather than U+2400: the monospace fonts of a Debian desktop
// have no glyph for that and draw a box.)
wxString decode(std::string_view bytes)
{
    wxString out;
    for (std::size_t start = 0;;) {
        const std::size_t nul = bytes.find('\0', start);
        out += decode_text(bytes.substr(start, nul == std::string_view::npos ? std::string_view::npos : nul - start));
        if (nul == std::string_view::npos)
            return out;
        out += "\\0";
        start = nul + 1;
    }
}

// Tabs to spaces (stops every tab_width columns) and any control left to U+FFFD: what a
// monospace row can draw.
wxString expand(const wxString& text)
{
    wxString out;
    out.reserve(text.length());
    for (const wxUniChar ch : text) {
        if (ch == '\t')
            out.append(static_cast<std::size_t>(tab_width - static_cast<int>(out.length() % tab_width)), ' ');
        else if (ch.GetValue() < 0x20 || ch.GetValue() == 0x7F)
            out += wxUniChar(0xFFFD);
        else
            out += ch;
    }
    return out;
}

wxString shown(std::string_view line) { return expand(decode(line.substr(0, std::min(line.size(), max_shown_bytes)))); }

}  // namespace

// The rows of the view: one per line of the file, drawn on demand, with line numbers in a gutter
// that does not scroll sideways. Columns are character cells of the monospace font.
class LinesCanvas : public wxHVScrolledWindow {
public:
    explicit LinesCanvas(wxWindow* parent)
        : wxHVScrolledWindow(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxWANTS_CHARS | wxBORDER_THEME)
    {
        SetName("hosts_file_lines");
        SetBackgroundStyle(wxBG_STYLE_PAINT);
        SetBackgroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_LISTBOX));
        SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_LISTBOXTEXT));
        m_font = wxFont(wxFontInfo(GetFont().GetPointSize()).Family(wxFONTFAMILY_TELETYPE));
        SetFont(m_font);
        const wxSize cell = GetTextExtent("0");
        m_char_width = std::max(1, cell.GetWidth());
        m_row_height = cell.GetHeight() + FromDIP(2);
        Bind(wxEVT_PAINT, &LinesCanvas::on_paint, this);
        Bind(wxEVT_KEY_DOWN, &LinesCanvas::on_key, this);
        Bind(wxEVT_LEFT_DOWN, [this](wxMouseEvent& event) {
            SetFocus();
            select(GetVisibleRowsBegin() + static_cast<std::size_t>(std::max(0, event.GetY()) / m_row_height));
        });
    }

    bool AcceptsFocus() const override { return true; }

    void set_index(std::shared_ptr<const HostsFileIndex> index)
    {
        const std::size_t first = GetVisibleRowsBegin();
        m_index = std::move(index);
        m_match.reset();
        m_placeholder.clear();
        const std::size_t lines = m_index ? m_index->line_count() : 0;
        // Room after the longest line for a conflict's note.
        const std::size_t columns = std::min(m_index ? m_index->longest_line() : 0, max_shown_bytes) + 80;
        m_gutter = static_cast<int>(std::to_string(std::max<std::size_t>(lines, 9999)).size() + 2) * m_char_width;
        SetRowColumnCount(lines, columns);
        m_current = std::min(m_current, lines == 0 ? 0 : lines - 1);
        if (first < lines)
            ScrollToRow(first);
        Refresh();
    }

    void set_placeholder(const wxString& text)
    {
        m_placeholder = text;
        Refresh();
    }

    const std::shared_ptr<const HostsFileIndex>& index() const { return m_index; }
    std::size_t current_line() const { return m_current; }
    const std::optional<Match>& match() const { return m_match; }

    void show_match(std::optional<Match> match)
    {
        m_match = match;
        if (match && m_index) {
            const std::size_t line = m_index->line_of(match->offset);
            select(line);
            // Sideways: bring the match's column into view (bytes approximate columns).
            const std::size_t column = match->offset - m_index->line_start(line);
            const std::size_t width = static_cast<std::size_t>(std::max(1, text_width() / m_char_width));
            ScrollToColumn(column + 8 > width ? column + 8 - width : 0);
        }
        Refresh();
    }

    void select(std::size_t line)
    {
        const std::size_t lines = GetRowCount();
        if (lines == 0)
            return;
        m_current = std::min(line, lines - 1);
        if (!IsRowVisible(m_current)) {  // centred, so the lines around it show too
            const std::size_t rows = std::max<std::size_t>(1, GetVisibleRowsEnd() - GetVisibleRowsBegin());
            ScrollToRow(m_current > rows / 2 ? m_current - rows / 2 : 0);
        }
        Refresh();
    }

private:
    wxCoord OnGetRowHeight(size_t) const override { return m_row_height; }
    wxCoord OnGetColumnWidth(size_t) const override { return m_char_width; }

    int text_width() const { return GetClientSize().GetWidth() - m_gutter; }

    void on_paint(wxPaintEvent&)
    {
        wxAutoBufferedPaintDC dc(this);
        dc.SetBackground(wxBrush(GetBackgroundColour()));
        dc.Clear();
        dc.SetFont(m_font);
        if (!m_placeholder.empty() || !m_index) {
            dc.SetTextForeground(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
            dc.DrawText(m_placeholder, FromDIP(8), FromDIP(8));
            return;
        }
        const std::size_t first = GetVisibleRowsBegin();
        const std::size_t end = std::min<std::size_t>(GetVisibleRowsEnd() + 1, m_index->line_count());
        for (std::size_t row = first; row < end; ++row)
            draw_row(dc, row, static_cast<int>(row - first) * m_row_height);
    }

    void draw_row(wxDC& dc, std::size_t row, int y)
    {
        const int width = GetClientSize().GetWidth();
        const LineMark mark = m_index->mark(row);
        const std::string_view bytes = m_index->line(row);
        wxColour bg = GetBackgroundColour(), fg = GetForegroundColour();
        wxFont font = m_font;
        switch (mark) {
        case LineMark::Ours: bg = ours_bg, fg = ours_fg, font.MakeBold(); break;
        case LineMark::Conflict: bg = conflict_bg, fg = conflict_fg, font.MakeBold(); break;
        case LineMark::Disabled: bg = disabled_bg, fg = disabled_fg, font.MakeItalic(); break;
        case LineMark::None:
            if (classify_line(bytes) == LineKind::Comment)
                fg = comment_fg;
            break;
        }
        if (row == m_current && mark == LineMark::None)
            bg = current_bg;
        dc.SetPen(*wxTRANSPARENT_PEN);
        dc.SetBrush(wxBrush(bg));
        dc.DrawRectangle(0, y, width, m_row_height);
        {
            wxDCClipper clip(dc, wxRect(m_gutter, y, std::max(0, width - m_gutter), m_row_height));
            const int x = m_gutter + FromDIP(4) - static_cast<int>(GetVisibleColumnsBegin()) * m_char_width;
            const wxString text = shown(bytes);
            dc.SetFont(font);
            draw_match(dc, row, x, y);
            dc.SetTextForeground(fg);
            dc.DrawText(text, x, y + (m_row_height - dc.GetTextExtent(text).GetHeight()) / 2);
            if (mark == LineMark::Conflict)
                draw_note(dc, row, x + dc.GetTextExtent(text).GetWidth() + 2 * m_char_width, y);
        }
        dc.SetFont(m_font);
        dc.SetBrush(wxBrush(row == m_current ? current_bg : gutter_bg));
        dc.DrawRectangle(0, y, m_gutter, m_row_height);
        dc.SetTextForeground(gutter_fg);
        // Centred: digits alone may get another font than a line of text (Pango picks one by the
        // locale's language for them), so the two are aligned by their middles.
        const wxString number = wxString::Format("%zu", row + 1);
        const wxSize size = dc.GetTextExtent(number);
        dc.DrawText(number, m_gutter - m_char_width - size.GetWidth(), y + (m_row_height - size.GetHeight()) / 2);
    }

    // The match's background, behind the text of its line.
    void draw_match(wxDC& dc, std::size_t row, int x, int y)
    {
        if (!m_match || m_index->line_of(m_match->offset) != row)
            return;
        const std::size_t start = m_index->line_start(row);
        const std::string_view bytes = m_index->line(row);
        const std::size_t from = std::min(m_match->offset - start, bytes.size());
        const std::size_t to = std::min(from + m_match->length, bytes.size());
        const int left = dc.GetTextExtent(shown(bytes.substr(0, from))).GetWidth();
        const int right = dc.GetTextExtent(shown(bytes.substr(0, to))).GetWidth();
        dc.SetBrush(wxBrush(match_bg));
        dc.DrawRectangle(x + left, y, std::max(2, right - left), m_row_height);
    }

    void draw_note(wxDC& dc, std::size_t row, int x, int y)
    {
        const std::vector<std::string>* names = m_index->conflict_names(row);
        if (names == nullptr)
            return;
        wxString note;
        for (const std::string& name : *names)
            note += (note.empty() ? "" : "  ") + wxString::Format(_("This line wins over the preview of %s."),
                                                                   wxString::FromUTF8(name));
        dc.SetFont(GetParent()->GetFont());
        const wxSize size = dc.GetTextExtent(note);
        dc.SetBrush(wxBrush(*wxWHITE));
        dc.DrawRectangle(x - m_char_width / 2, y, size.GetWidth() + m_char_width, m_row_height);
        dc.SetTextForeground(conflict_fg);
        dc.DrawText(note, x, y + (m_row_height - size.GetHeight()) / 2);
    }

    void on_key(wxKeyEvent& event)
    {
        const std::size_t rows = std::max<std::size_t>(1, GetVisibleRowsEnd() - GetVisibleRowsBegin() - 1);
        const std::size_t last = GetRowCount() == 0 ? 0 : GetRowCount() - 1;
        const std::size_t column = GetVisibleColumnsBegin();
        switch (event.GetKeyCode()) {
        case WXK_UP: select(m_current > 0 ? m_current - 1 : 0); break;
        case WXK_DOWN: select(m_current + 1); break;
        case WXK_PAGEUP: select(m_current > rows ? m_current - rows : 0); break;
        case WXK_PAGEDOWN: select(std::min(last, m_current + rows)); break;
        case WXK_HOME: event.ControlDown() ? select(0) : (void)ScrollToColumn(0); break;
        case WXK_END: event.ControlDown() ? select(last) : (void)ScrollToColumn(GetColumnCount()); break;
        case WXK_LEFT: ScrollToColumn(column > 4 ? column - 4 : 0); break;
        case WXK_RIGHT: ScrollToColumn(column + 4); break;
        default:
            if (event.ControlDown() && event.GetKeyCode() == 'C')
                copy_current_line();
            else
                event.Skip();  // Tab, F3 and the rest go on to the parent
        }
    }

    void copy_current_line()
    {
        if (!m_index || m_current >= m_index->line_count() || !wxTheClipboard->Open())
            return;
        wxTheClipboard->SetData(new wxTextDataObject(decode(m_index->line(m_current))));
        wxTheClipboard->Close();
    }

    std::shared_ptr<const HostsFileIndex> m_index;
    std::optional<Match> m_match;
    wxString m_placeholder;
    wxFont m_font;
    int m_char_width = 8;
    int m_row_height = 16;
    int m_gutter = 0;
    std::size_t m_current = 0;
};

HostsFileView::HostsFileView(wxWindow* parent) : wxPanel(parent, wxID_ANY)
{
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* bar = new wxBoxSizer(wxHORIZONTAL);
    m_search = new wxSearchCtrl(this, wxID_ANY);
    m_search->SetName("hosts_file_search");
    m_search->SetDescriptiveText(_("Find in the hosts file"));
    bar->Add(m_search, 1, wxALIGN_CENTER_VERTICAL);
    auto* previous = new wxButton(this, wxID_ANY, _("Previous"), wxDefaultPosition, wxDefaultSize, wxBU_EXACTFIT);
    auto* next = new wxButton(this, wxID_ANY, _("Next"), wxDefaultPosition, wxDefaultSize, wxBU_EXACTFIT);
    bar->Add(previous, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, FromDIP(4));
    bar->Add(next, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, FromDIP(4));
    m_search_status = new wxStaticText(this, wxID_ANY, wxString(), wxDefaultPosition, FromDIP(wxSize(150, -1)));
    m_search_status->SetName("hosts_file_search_status");
    bar->Add(m_search_status, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, FromDIP(8));
    sizer->Add(bar, 0, wxEXPAND | wxALL, FromDIP(4));
    m_canvas = new LinesCanvas(this);
    sizer->Add(m_canvas, 1, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(4));
    SetSizer(sizer);

    // Return in the field (Shift+Return: backwards) or a click on its magnifier.
    m_search->Bind(wxEVT_SEARCH, [this](wxCommandEvent&) { find(!wxGetKeyState(WXK_SHIFT)); });
    next->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { find(true); });
    previous->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { find(false); });
    Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& event) {
        if (event.GetKeyCode() == WXK_F3)
            find(!event.ShiftDown());
        else
            event.Skip();
    });
}

HostsFileView::~HostsFileView()
{
    if (m_cancel)
        *m_cancel = true;
}

void HostsFileView::show(std::shared_ptr<const HostsFileIndex> index)
{
    if (m_cancel)
        *m_cancel = true;
    ++m_generation;
    m_searching = false;
    m_search_status->SetLabelText(wxString());
    m_canvas->set_index(std::move(index));
}

void HostsFileView::show_reading()
{
    if (m_canvas->index() == nullptr)
        m_canvas->set_placeholder(_("Reading the hosts file..."));
}

void HostsFileView::focus_search()
{
    m_search->SetFocus();
    m_search->SelectAll();
}

void HostsFileView::find(bool forward)
{
    const std::shared_ptr<const HostsFileIndex> index = m_canvas->index();
    const std::string needle = m_search->GetValue().utf8_string();
    if (!index || needle.empty())
        return;
    // From the current match, else from the current line.
    const std::optional<Match>& match = m_canvas->match();
    std::size_t from = index->line_start(m_canvas->current_line());
    if (match)
        from = forward ? match->offset + 1 : match->offset;
    if (m_cancel)
        *m_cancel = true;  // a newer search wins: the older one stops at its next piece
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const unsigned generation = ++m_generation;
    m_searching = true;
    m_search_status->SetLabelText(_("Searching..."));
    m_worker.post([this, index, needle, from, forward, generation, cancel = m_cancel] {
        std::optional<Match> found = find_text(index->bytes(), needle, from, forward, cancel.get());
        if (!*cancel)
            CallAfter([this, generation, found] { on_found(generation, found); });
    });
}

void HostsFileView::on_found(unsigned generation, std::optional<Match> match)
{
    if (generation != m_generation)
        return;
    m_searching = false;
    if (match) {
        m_canvas->show_match(match);
        const std::size_t line = m_canvas->index()->line_of(match->offset) + 1;
        m_search_status->SetForegroundColour(GetForegroundColour());
        m_search_status->SetLabelText(wxString::Format(_("Line %s"), std::to_string(line)));
    } else {
        m_canvas->show_match(std::nullopt);
        m_search_status->SetForegroundColour(conflict_fg);
        m_search_status->SetLabelText(_("Not found"));
    }
}

std::size_t HostsFileView::line_count() const { return m_canvas->index() ? m_canvas->index()->line_count() : 0; }

wxString HostsFileView::line_text(std::size_t n) const
{
    return m_canvas->index() ? shown(m_canvas->index()->line(n)) : wxString();
}

std::optional<Match> HostsFileView::current_match() const { return m_searching ? std::nullopt : m_canvas->match(); }

std::size_t HostsFileView::first_visible_line() const { return m_canvas->GetVisibleRowsBegin(); }

}  // namespace fshosts::gui
