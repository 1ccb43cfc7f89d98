#include "gui/fake_tray.h"

#include <X11/Xlib.h>

#include <string>

namespace fshosts::test {

FakeTray::FakeTray(const char* display_name)
{
    Display* display = XOpenDisplay(display_name);
    if (display == nullptr)
        return;
    m_display = display;
    const int screen = DefaultScreen(display);
    const std::string name = "_NET_SYSTEM_TRAY_S" + std::to_string(screen);
    const Atom selection = XInternAtom(display, name.c_str(), False);
    if (XGetSelectionOwner(display, selection) != None)
        return;  // a real tray is running: leave it alone
    const Window window = XCreateSimpleWindow(display, RootWindow(display, screen), 0, 0, 1, 1, 0, 0, 0);
    m_window = window;
    XSetSelectionOwner(display, selection, window, CurrentTime);
    XSync(display, False);
    m_owned = XGetSelectionOwner(display, selection) == window;
}

FakeTray::~FakeTray()
{
    auto* display = static_cast<Display*>(m_display);
    if (display == nullptr)
        return;
    if (m_window != 0)
        XDestroyWindow(display, m_window);
    XCloseDisplay(display);
}

}  // namespace fshosts::test
