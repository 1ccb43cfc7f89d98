#include "x_window.h"

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <stdexcept>

namespace fshosts::bench {

VirtualDisplay::VirtualDisplay(const std::filesystem::path& log_file)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        throw std::runtime_error("pipe failed");
    SpawnOptions options;
    options.stderr_file = log_file;
    options.extra_fd = fds[1];  // becomes fd 3 in Xvfb (dup2 clears close-on-exec)
    m_started = Clock::now();
    m_pid = spawn({"Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp"}, options);
    close(fds[1]);

    // Xvfb writes the display number once it accepts clients.
    std::string number;
    const auto deadline = Clock::now() + std::chrono::seconds(15);
    while (number.find('\n') == std::string::npos && Clock::now() < deadline) {
        pollfd p{fds[0], POLLIN, 0};
        if (poll(&p, 1, 100) <= 0)
            continue;
        char buffer[32];
        const ssize_t n = read(fds[0], buffer, sizeof buffer);
        if (n <= 0)
            break;
        number.append(buffer, static_cast<std::size_t>(n));
    }
    close(fds[0]);
    if (number.find('\n') == std::string::npos) {
        terminate(m_pid, m_started);
        m_pid = -1;
        throw std::runtime_error("Xvfb did not start: " + read_file(log_file));
    }
    m_name = ":" + number.substr(0, number.find('\n'));
}

VirtualDisplay::~VirtualDisplay()
{
    if (m_pid > 0)
        terminate(m_pid, m_started);
}

namespace {

int ignore_x_errors(Display*, XErrorEvent*)
{
    return 0;  // windows can vanish between an event and our query of them
}

}  // namespace

struct MapWatcher::State {
    Display* display = nullptr;
    Window root = 0;
    Atom net_wm_pid = 0;
    Atom net_wm_name = 0;
    Atom utf8_string = 0;
    std::set<Window> mapped;

    std::string title_of(Window w) const
    {
        Atom type = 0;
        int format = 0;
        unsigned long count = 0, after = 0;
        unsigned char* data = nullptr;
        std::string title;
        if (XGetWindowProperty(display, w, net_wm_name, 0, 1024, False, utf8_string, &type, &format, &count, &after,
                               &data) == Success &&
            data != nullptr) {
            title.assign(reinterpret_cast<const char*>(data), count);
            XFree(data);
        }
        if (title.empty()) {
            char* name = nullptr;
            if (XFetchName(display, w, &name) != 0 && name != nullptr) {
                title = name;
                XFree(name);
            }
        }
        return title;
    }

    // -1: no _NET_WM_PID on the window.
    long pid_of(Window w) const
    {
        Atom type = 0;
        int format = 0;
        unsigned long count = 0, after = 0;
        unsigned char* data = nullptr;
        long pid = -1;
        if (XGetWindowProperty(display, w, net_wm_pid, 0, 1, False, XA_CARDINAL, &type, &format, &count, &after,
                               &data) == Success &&
            data != nullptr) {
            if (count == 1 && format == 32)
                pid = *reinterpret_cast<const long*>(data);  // format 32 comes as long
            XFree(data);
        }
        return pid;
    }

    bool matches(Window w, pid_t pid, const std::string& title_part) const
    {
        const long window_pid = pid_of(w);
        return (window_pid == -1 || window_pid == pid) && title_of(w).find(title_part) != std::string::npos;
    }
};

MapWatcher::MapWatcher(const std::string& display) : m_state(new State)
{
    XSetErrorHandler(ignore_x_errors);
    m_state->display = XOpenDisplay(display.c_str());
    if (m_state->display == nullptr) {
        delete m_state;
        throw std::runtime_error("cannot open X display " + display);
    }
    m_state->root = DefaultRootWindow(m_state->display);
    m_state->net_wm_pid = XInternAtom(m_state->display, "_NET_WM_PID", False);
    m_state->net_wm_name = XInternAtom(m_state->display, "_NET_WM_NAME", False);
    m_state->utf8_string = XInternAtom(m_state->display, "UTF8_STRING", False);
    XSelectInput(m_state->display, m_state->root, SubstructureNotifyMask);
    XSync(m_state->display, False);
}

MapWatcher::~MapWatcher()
{
    XCloseDisplay(m_state->display);
    delete m_state;
}

Clock::time_point MapWatcher::wait_for_window(pid_t pid, const std::string& title_part,
                                              std::chrono::milliseconds timeout)
{
    State& s = *m_state;
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        while (XPending(s.display) > 0) {
            XEvent event;
            XNextEvent(s.display, &event);
            const auto arrived = Clock::now();
            switch (event.type) {
            case CreateNotify:
                if (event.xcreatewindow.parent == s.root)  // its title may be set after the map
                    XSelectInput(s.display, event.xcreatewindow.window, PropertyChangeMask);
                break;
            case MapNotify:
                if (event.xmap.event == s.root) {
                    s.mapped.insert(event.xmap.window);
                    if (s.matches(event.xmap.window, pid, title_part))
                        return arrived;
                }
                break;
            case UnmapNotify:
            case DestroyNotify:
                s.mapped.erase(event.type == UnmapNotify ? event.xunmap.window : event.xdestroywindow.window);
                break;
            case PropertyNotify:
                if (s.mapped.count(event.xproperty.window) != 0 && s.matches(event.xproperty.window, pid, title_part))
                    return arrived;
                break;
            default:
                break;
            }
        }
        siginfo_t info{};
        if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid)
            throw std::runtime_error("the program exited before its window was mapped");
        if (Clock::now() >= deadline)
            throw std::runtime_error("no window with \"" + title_part + "\" in its title within " +
                                     std::to_string(timeout.count()) + " ms");
        pollfd p{ConnectionNumber(s.display), POLLIN, 0};
        poll(&p, 1, 10);
    }
}

}  // namespace fshosts::bench
