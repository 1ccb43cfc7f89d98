// A stand-in for a desktop's system tray under a bare Xvfb (no panel, no window manager).
#pragma once

namespace fshosts::test {

// Owns the _NET_SYSTEM_TRAY_S<screen> selection on its own X connection for its lifetime, so
// wxTaskBarIcon::IsAvailable() is true and the app installs its tray icon as on a desktop. It does
// not embed the icon (no XEmbed): it only tells wx that a tray exists. Defined in its own file so
// Xlib's macros (None, Status, Bool...) stay away from wx and core headers.
class FakeTray {
public:
    explicit FakeTray(const char* display_name);
    ~FakeTray();
    FakeTray(const FakeTray&) = delete;
    FakeTray& operator=(const FakeTray&) = delete;

    // Whether the selection is owned by this object (false: no display, or another tray owns it).
    bool owned() const { return m_owned; }

private:
    void* m_display = nullptr;  // Display*
    unsigned long m_window = 0;  // Window
    bool m_owned = false;
};

}  // namespace fshosts::test
