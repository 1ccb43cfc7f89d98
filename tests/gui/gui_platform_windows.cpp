#include "gui/gui_platform.h"

#include <wx/bitmap.h>
#include <wx/dcmemory.h>
#include <wx/dcscreen.h>
#include <wx/image.h>
#include <wx/msgdlg.h>

#include <windows.h>

namespace fs = std::filesystem;

namespace fshosts::test {

std::shared_ptr<void> provide_tray(const char*)
{
    return {};
}

void use_private_user_dirs(const fs::path&) {}

bool make_fifo(const fs::path&)
{
    return false;
}

namespace {

// The message box this thread shows: a visible dialog-class window with a Yes button.
BOOL CALLBACK find_message_box(HWND window, LPARAM found)
{
    wchar_t class_name[16] = {};
    GetClassNameW(window, class_name, 16);
    if (IsWindowVisible(window) && lstrcmpW(class_name, L"#32770") == 0 && GetDlgItem(window, IDYES) != nullptr) {
        *reinterpret_cast<HWND*>(found) = window;
        return FALSE;
    }
    return TRUE;
}

}  // namespace

bool answer_yes(wxMessageDialog*)
{
    // wxMessageDialog shows ::MessageBoxW (or a task dialog) in its own modal loop; the button
    // keeps its IDYES whatever label SetYesNoLabels gave it.
    HWND box = nullptr;
    EnumThreadWindows(GetCurrentThreadId(), find_message_box, reinterpret_cast<LPARAM>(&box));
    if (box == nullptr)
        return false;
    return PostMessageW(box, WM_COMMAND, MAKEWPARAM(IDYES, BN_CLICKED),
                        reinterpret_cast<LPARAM>(GetDlgItem(box, IDYES))) != 0;
}

wxImage screen_image(const wxRect& rect)
{
    wxScreenDC screen;
    wxBitmap shot(rect.GetWidth(), rect.GetHeight());
    {
        wxMemoryDC mem(shot);
        mem.Blit(0, 0, rect.GetWidth(), rect.GetHeight(), &screen, rect.GetX(), rect.GetY());
    }
    return shot.ConvertToImage();
}

}  // namespace fshosts::test
