// The yardstick for fshosts-gui's memory: an empty wxWidgets frame, built with the same wx as the
// app. fshosts-bench starts it under its Xvfb and reads its RSS once the window is mapped.
#include <wx/app.h>
#include <wx/frame.h>

class BareFrameApp : public wxApp {
public:
    bool OnInit() override
    {
        auto* frame = new wxFrame(nullptr, wxID_ANY, "bench bare frame");
        frame->Show();
        return true;
    }
};

wxIMPLEMENT_APP(BareFrameApp);
