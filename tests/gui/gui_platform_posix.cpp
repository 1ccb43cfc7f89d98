#include "gui/gui_platform.h"

#include <wx/gdicmn.h>
#include <wx/image.h>
#include <wx/msgdlg.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include "gui/fake_tray.h"

#include <cstdlib>
#include <dlfcn.h>
#include <sys/stat.h>

namespace fs = std::filesystem;

namespace fshosts::test {

std::shared_ptr<void> provide_tray(const char* display)
{
    return std::make_shared<FakeTray>(display);
}

void use_private_user_dirs(const fs::path& dir)
{
    fs::create_directories(dir / "home" / ".config");
    fs::create_directories(dir / "state");
    setenv("HOME", (dir / "home").c_str(), 1);
    setenv("XDG_CONFIG_HOME", (dir / "home" / ".config").c_str(), 1);
    setenv("XDG_STATE_HOME", (dir / "state").c_str(), 1);
    setenv("NO_AT_BRIDGE", "1", 1);
}

bool make_fifo(const fs::path& path)
{
    return mkfifo(path.c_str(), 0600) == 0;
}

bool answer_yes(wxMessageDialog* dialog)
{
    // XTest keys (Tab / arrows, then Return / space) reach the GTK dialog but always answer
    // Cancel under a bare Xvfb, so answer it as its "Yes" button does:
    // gtk_dialog_response(GTK_RESPONSE_YES), which ShowModal() turns into wxID_YES. GTK is
    // loaded with wx; its headers are not needed.
    using ResponseFn = void (*)(void*, int);
    constexpr int gtk_response_yes = -8;
    void* symbol = dlsym(RTLD_DEFAULT, "gtk_dialog_response");
    if (symbol == nullptr || dialog->GetHandle() == nullptr)
        return false;
    reinterpret_cast<ResponseFn>(symbol)(dialog->GetHandle(), gtk_response_yes);
    return true;
}

wxImage screen_image(const wxRect& rect)
{
    wxImage image(rect.GetWidth(), rect.GetHeight());
    Display* display = XOpenDisplay(std::getenv("DISPLAY"));
    if (display == nullptr)
        return image;
    XImage* shot = XGetImage(display, DefaultRootWindow(display), rect.GetX(), rect.GetY(),
                             static_cast<unsigned>(rect.GetWidth()), static_cast<unsigned>(rect.GetHeight()), AllPlanes, ZPixmap);
    if (shot != nullptr) {
        for (int y = 0; y < rect.GetHeight(); ++y)
            for (int x = 0; x < rect.GetWidth(); ++x) {
                const unsigned long pixel = XGetPixel(shot, x, y);
                image.SetRGB(x, y, static_cast<unsigned char>((pixel & shot->red_mask) >> 16),
                             static_cast<unsigned char>((pixel & shot->green_mask) >> 8),
                             static_cast<unsigned char>(pixel & shot->blue_mask));
            }
        XDestroyImage(shot);
    }
    XCloseDisplay(display);
    return image;
}

}  // namespace fshosts::test
