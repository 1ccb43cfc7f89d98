// UTF-8 <-> UTF-16 for the Windows platform files: the one place where they convert. Paths stay
// std::filesystem::path (UTF-16 inside on Windows); messages and the API of platform/*.h are UTF-8.
#pragma once

#include <windows.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace fshosts::platform::windows {

// UTF-16 to UTF-8 (unpaired surrogates become U+FFFD).
std::string to_utf8(std::wstring_view text);
// A path for a message, in UTF-8.
std::string to_utf8(const std::filesystem::path& path);
// UTF-8 to UTF-16 (invalid bytes become U+FFFD).
std::wstring to_wide(std::string_view text);

// Windows' own text for an error code (FormatMessageW), in UTF-8, without the final period.
std::string error_text(DWORD err);

// Owns a HANDLE from CreateFileW and friends.
class Handle {
public:
    explicit Handle(HANDLE h = INVALID_HANDLE_VALUE) noexcept : m_h(h == nullptr ? INVALID_HANDLE_VALUE : h) {}
    ~Handle() { reset(); }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    HANDLE get() const noexcept { return m_h; }
    explicit operator bool() const noexcept { return m_h != INVALID_HANDLE_VALUE; }
    // Gives up ownership (to a CRT descriptor, _open_osfhandle).
    HANDLE release() noexcept
    {
        const HANDLE h = m_h;
        m_h = INVALID_HANDLE_VALUE;
        return h;
    }
    void reset() noexcept
    {
        if (m_h != INVALID_HANDLE_VALUE)
            CloseHandle(m_h);
        m_h = INVALID_HANDLE_VALUE;
    }

private:
    HANDLE m_h;
};

}  // namespace fshosts::platform::windows
