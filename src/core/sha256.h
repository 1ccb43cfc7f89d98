// Content hashes: every change carries the SHA-256 of the bytes it was planned on.
#pragma once

#include <string>
#include <string_view>

namespace fshosts {

// Lower-case hex SHA-256 of `bytes` (Nettle on Linux and macOS; the implementation file is
// chosen in src/core/CMakeLists.txt).
std::string sha256_hex(std::string_view bytes);

}  // namespace fshosts
