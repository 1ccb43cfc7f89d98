// SHA-256 through Nettle (Linux and macOS; src/core/CMakeLists.txt picks this file). Nettle
// loads in no measurable time and uses the SHA instructions where the CPU has them; OpenSSL's
// libcrypto cost every CLI run about 3.5 ms of relocations and a config file read (issue 8).
#include "core/sha256.h"

#include <nettle/sha2.h>
#include <nettle/version.h>

#include <array>
#include <cstdint>

namespace fshosts {

std::string sha256_hex(std::string_view bytes)
{
    sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
    std::array<std::uint8_t, SHA256_DIGEST_SIZE> digest{};
#if NETTLE_VERSION_MAJOR >= 4
    sha256_digest(&ctx, digest.data());  // Nettle 4 always writes the whole digest
#else
    sha256_digest(&ctx, digest.size(), digest.data());
#endif
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(digest.size() * 2);
    for (std::uint8_t byte : digest) {
        out += hex[byte >> 4];
        out += hex[byte & 0x0F];
    }
    return out;
}

}  // namespace fshosts
