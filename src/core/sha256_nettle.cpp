// SHA-256 through Nettle (Linux and macOS; src/core/CMakeLists.txt picks this file, and
// sha256_cng.cpp on Windows). Nettle loads in no measurable time and uses the SHA instructions where the CPU has them; OpenSSL's
// libcrypto cost every CLI run about 3.5 ms of relocations and a config file read (issue 8).
#include "core/sha256.h"

#include <nettle/sha2.h>
#include <nettle/version.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <type_traits>
#include <vector>

namespace fshosts {
namespace {

static_assert(std::is_trivially_copyable_v<sha256_ctx>, "hash states are kept as bytes");

void update(sha256_ctx& ctx, std::string_view bytes)
{
    sha256_update(&ctx, bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
}

std::string finish(sha256_ctx& ctx)
{
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

}  // namespace

// The kept states: the bytes of Nettle's context after each full stride, one after another.
struct Sha256Prefixes::States {
    std::vector<unsigned char> bytes;
};

std::string sha256_hex(std::span<const std::string_view> pieces)
{
    sha256_ctx ctx;
    sha256_init(&ctx);
    for (std::string_view piece : pieces)
        update(ctx, piece);
    return finish(ctx);
}

std::string sha256_hex(std::string_view bytes)
{
    const std::string_view one[] = {bytes};
    return sha256_hex(one);
}

Sha256Prefixes::Sha256Prefixes(std::string_view bytes)
{
    sha256_ctx ctx;
    sha256_init(&ctx);
    const std::size_t strides = bytes.size() / stride;
    auto states = std::make_shared<States>();
    states->bytes.resize(strides * sizeof ctx);
    for (std::size_t i = 0; i < strides; ++i) {
        update(ctx, bytes.substr(i * stride, stride));
        std::memcpy(states->bytes.data() + i * sizeof ctx, &ctx, sizeof ctx);
    }
    update(ctx, bytes.substr(strides * stride));
    m_hex = finish(ctx);
    m_states = std::move(states);
}

std::string Sha256Prefixes::hex_of(std::string_view bytes, std::span<const std::string_view> pieces) const
{
    sha256_ctx ctx;
    sha256_init(&ctx);
    std::size_t shared = 0;  // bytes at the start of the first piece whose state is kept
    if (m_states && !pieces.empty() && pieces.front().data() == bytes.data() && pieces.front().size() <= bytes.size()) {
        const std::size_t strides = std::min(pieces.front().size() / stride, m_states->bytes.size() / sizeof ctx);
        if (strides > 0) {
            std::memcpy(&ctx, m_states->bytes.data() + (strides - 1) * sizeof ctx, sizeof ctx);
            shared = strides * stride;
        }
    }
    for (std::size_t i = 0; i < pieces.size(); ++i)
        update(ctx, i == 0 ? pieces[i].substr(shared) : pieces[i]);
    return finish(ctx);
}

}  // namespace fshosts
