// Proves the Windows GUI dependency chain before the GUI itself is ported: a static wxMSW
// (with wxStyledTextCtrl and PNG support) program that shows a frame with Japanese text.
//
//   wx_smoke [--exit-after-show] [--screenshot FILE.png]
//
// --exit-after-show: once the frame is shown and painted, check that Japanese text renders as
// distinct glyphs (not empty boxes or nothing) in the label's font, save the screenshot if asked,
// and exit: 0 when everything worked, 1 when a check failed, 2 when the frame never appeared.
#include <wx/app.h>
#include <wx/bitmap.h>
#include <wx/dcmemory.h>
#include <wx/dcscreen.h>
#include <wx/filename.h>
#include <wx/frame.h>
#include <wx/image.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/stc/stc.h>
#include <wx/timer.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <vector>

namespace {

const char* const kTitle = "fshosts 動作確認";
const char* const kLabel = "プレビューを開始 / すべて元に戻す";
const char* const kEditorText = "# hosts の例\n203.0.113.10 www.example.jp\n";
// Characters whose glyphs must all differ from one another.
const char* const kGlyphs[] = {"日", "本", "語", "プ", "戻"};

// `text` drawn in black on white with `font`.
wxImage render(const wxString& text, const wxFont& font)
{
    wxBitmap bitmap(64, 64, 24);
    {
        wxMemoryDC dc(bitmap);
        dc.SetBackground(*wxWHITE_BRUSH);
        dc.Clear();
        dc.SetFont(font);
        dc.SetTextForeground(*wxBLACK);
        dc.DrawText(text, 4, 4);
    }
    return bitmap.ConvertToImage();
}

bool has_ink(const wxImage& image)
{
    const unsigned char* data = image.GetData();
    const long size = static_cast<long>(image.GetWidth()) * image.GetHeight() * 3;
    for (long i = 0; i < size; ++i) {
        if (data[i] < 128)
            return true;
    }
    return false;
}

bool same_pixels(const wxImage& a, const wxImage& b)
{
    const long size = static_cast<long>(a.GetWidth()) * a.GetHeight() * 3;
    return std::equal(a.GetData(), a.GetData() + size, b.GetData());
}

class SmokeApp : public wxApp {
public:
    bool OnInit() override
    {
        const wxArrayString args = argv.GetArguments();
        for (std::size_t i = 1; i < args.size(); ++i) {
            if (args[i] == "--exit-after-show") {
                m_exit_after_show = true;
            } else if (args[i] == "--screenshot" && i + 1 < args.size()) {
                m_screenshot = args[++i];
            } else {
                std::fprintf(stderr, "usage: wx_smoke [--exit-after-show] [--screenshot FILE.png]\n");
                return false;
            }
        }
        wxImage::AddHandler(new wxPNGHandler);

        m_frame = new wxFrame(nullptr, wxID_ANY, wxString::FromUTF8(kTitle), wxPoint(40, 40), wxSize(560, 300));
        auto* panel = new wxPanel(m_frame);
        m_label = new wxStaticText(panel, wxID_ANY, wxString::FromUTF8(kLabel));
        auto* editor = new wxStyledTextCtrl(panel, wxID_ANY);
        editor->SetText(wxString::FromUTF8(kEditorText));
        auto* sizer = new wxBoxSizer(wxVERTICAL);
        sizer->Add(m_label, 0, wxALL, 12);
        sizer->Add(editor, 1, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 12);
        panel->SetSizer(sizer);
        m_frame->Show();
        m_frame->Update();

        if (m_exit_after_show) {
            // Runs once the event loop is idle, i.e. after the frame's first paint.
            CallAfter([this] { check_and_exit(); });
            m_watchdog.Bind(wxEVT_TIMER, [this](wxTimerEvent&) {
                std::fprintf(stderr, "FAIL: the frame was not shown within 60 s\n");
                finish(2);
            });
            m_watchdog.StartOnce(60000);
        }
        return true;
    }

    int OnRun() override
    {
        wxApp::OnRun();
        return m_status;
    }

private:
    void check_and_exit()
    {
        if (!m_frame->IsShownOnScreen()) {
            CallAfter([this] { check_and_exit(); });
            return;
        }
        int status = 0;
        std::vector<wxImage> glyphs;
        for (const char* glyph : kGlyphs) {
            glyphs.push_back(render(wxString::FromUTF8(glyph), m_label->GetFont()));
            if (!has_ink(glyphs.back())) {
                std::fprintf(stderr, "FAIL: %s draws nothing in the label's font\n", glyph);
                status = 1;
            }
        }
        for (std::size_t i = 0; i < glyphs.size(); ++i) {
            for (std::size_t j = i + 1; j < glyphs.size(); ++j) {
                if (same_pixels(glyphs[i], glyphs[j])) {
                    std::fprintf(stderr, "FAIL: %s and %s draw the same (missing-glyph boxes?)\n",
                        kGlyphs[i], kGlyphs[j]);
                    status = 1;
                }
            }
        }
        if (!m_screenshot.empty() && !save_screenshot())
            status = 1;
        if (status == 0)
            std::printf("wx_smoke: frame shown, Japanese glyphs distinct\n");
        finish(status);
    }

    // The frame as it is on the screen (the X server Wine draws on), as PNG.
    bool save_screenshot()
    {
        const wxRect rect = m_frame->GetScreenRect();
        wxBitmap bitmap(rect.GetWidth(), rect.GetHeight(), 24);
        {
            wxScreenDC screen;
            wxMemoryDC dc(bitmap);
            dc.Blit(0, 0, rect.GetWidth(), rect.GetHeight(), &screen, rect.GetX(), rect.GetY());
        }
        const wxFileName file(m_screenshot);
        if (!file.GetPath().empty())
            wxFileName::Mkdir(file.GetPath(), wxS_DIR_DEFAULT, wxPATH_MKDIR_FULL);
        if (!bitmap.ConvertToImage().SaveFile(m_screenshot, wxBITMAP_TYPE_PNG)) {
            std::fprintf(stderr, "FAIL: cannot save the screenshot %s\n", static_cast<const char*>(m_screenshot.utf8_str()));
            return false;
        }
        std::printf("wx_smoke: screenshot %s\n", static_cast<const char*>(m_screenshot.utf8_str()));
        return true;
    }

    void finish(int status)
    {
        m_status = status;
        m_watchdog.Stop();
        m_frame->Destroy();
        ExitMainLoop();
    }

    bool m_exit_after_show = false;
    wxString m_screenshot;
    wxFrame* m_frame = nullptr;
    wxStaticText* m_label = nullptr;
    wxTimer m_watchdog;
    int m_status = 0;
};

}  // namespace

wxIMPLEMENT_APP(SmokeApp);
