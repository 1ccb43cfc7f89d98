#include "core/sha256.h"

#include "base/error.h"

#include <openssl/evp.h>

#include <array>
#include <memory>

namespace fshosts {

std::string sha256_hex(std::span<const std::string_view> pieces)
{
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    bool ok = ctx && EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) == 1;
    for (std::string_view piece : pieces)
        ok = ok && EVP_DigestUpdate(ctx.get(), piece.data(), piece.size()) == 1;
    if (!ok || EVP_DigestFinal_ex(ctx.get(), digest.data(), &length) != 1)
        throw Error(ErrorKind::Io, "SHA-256 computation failed (OpenSSL)");
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0x0F];
    }
    return out;
}

std::string sha256_hex(std::string_view bytes)
{
    const std::string_view one[] = {bytes};
    return sha256_hex(one);
}

}  // namespace fshosts
