// Safe display of bytes that came from a file or a user: whatever they hold, the result is
// valid UTF-8 without control characters, so it can go into a message, a terminal or JSON.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fshosts {

// Valid UTF-8 and tabs are kept; other control characters and invalid bytes become \xNN; text longer than
// `max_bytes` is cut at a character boundary and ends in "...".
std::string displayable(std::string_view bytes, std::size_t max_bytes = 200);

}  // namespace fshosts
