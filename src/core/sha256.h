// Content hashes: every change carries the SHA-256 of the bytes it was planned on.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace fshosts {

// Lower-case hex SHA-256 of `bytes` (OpenSSL libcrypto).
std::string sha256_hex(std::string_view bytes);
// The same for bytes given as pieces, one after the other.
std::string sha256_hex(std::span<const std::string_view> pieces);

}  // namespace fshosts
