// SHA-256 through Windows CNG (bcrypt.dll, part of the system; src/core/CMakeLists.txt picks
// this file on Windows). The kept prefix states of Sha256Prefixes are hash objects copied with
// BCryptDuplicateHash: CNG's hash state is opaque, unlike Nettle's plain struct.
#include "core/sha256.h"

#include "base/error.h"

#include <windows.h>
#include <bcrypt.h>

#include <array>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace fshosts {
namespace {

constexpr std::size_t digest_size = 32;

[[noreturn]] void fail(const char* what, NTSTATUS status)
{
    // Not a user's mistake and not translated: CNG's SHA-256 exists on every supported Windows.
    throw Error(ErrorKind::Io, std::string("SHA-256 (CNG) failed in ") + what + ": NTSTATUS 0x" +
                                   [](unsigned long s) {
                                       static constexpr char hex[] = "0123456789abcdef";
                                       std::string out(8, '0');
                                       for (int i = 7; i >= 0; --i, s >>= 4)
                                           out[static_cast<std::size_t>(i)] = hex[s & 0xF];
                                       return out;
                                   }(static_cast<unsigned long>(status)));
}

void check(NTSTATUS status, const char* what)
{
    if (!BCRYPT_SUCCESS(status))
        fail(what, status);
}

// The SHA-256 provider, opened once per process (BCRYPT_SHA256_ALG_HANDLE is missing from
// mingw's headers). Provider handles are safe to share between threads.
BCRYPT_ALG_HANDLE provider()
{
    static const BCRYPT_ALG_HANDLE handle = [] {
        BCRYPT_ALG_HANDLE h = nullptr;
        check(BCryptOpenAlgorithmProvider(&h, BCRYPT_SHA256_ALGORITHM, nullptr, 0), "BCryptOpenAlgorithmProvider");
        return h;
    }();
    return handle;
}

// One hash object; CNG allocates its state itself (no pbHashObject buffer).
class Hash {
public:
    Hash() { check(BCryptCreateHash(provider(), &m_h, nullptr, 0, nullptr, 0, 0), "BCryptCreateHash"); }
    explicit Hash(BCRYPT_HASH_HANDLE from)
    {
        check(BCryptDuplicateHash(from, &m_h, nullptr, 0, 0), "BCryptDuplicateHash");
    }
    ~Hash()
    {
        if (m_h)
            BCryptDestroyHash(m_h);
    }
    Hash(Hash&& other) noexcept : m_h(other.m_h) { other.m_h = nullptr; }
    Hash(const Hash&) = delete;
    Hash& operator=(const Hash&) = delete;
    Hash& operator=(Hash&&) = delete;

    BCRYPT_HASH_HANDLE get() const noexcept { return m_h; }

    void update(std::string_view bytes)
    {
        while (!bytes.empty()) {
            const ULONG n = static_cast<ULONG>(std::min<std::size_t>(bytes.size(), std::numeric_limits<ULONG>::max()));
            // BCryptHashData does not write to its input; the parameter is only not const.
            check(BCryptHashData(m_h, reinterpret_cast<PUCHAR>(const_cast<char*>(bytes.data())), n, 0), "BCryptHashData");
            bytes.remove_prefix(n);
        }
    }

    std::string finish()
    {
        std::array<unsigned char, digest_size> digest{};
        check(BCryptFinishHash(m_h, digest.data(), static_cast<ULONG>(digest.size()), 0), "BCryptFinishHash");
        static constexpr char hex[] = "0123456789abcdef";
        std::string out;
        out.reserve(digest.size() * 2);
        for (unsigned char byte : digest) {
            out += hex[byte >> 4];
            out += hex[byte & 0x0F];
        }
        return out;
    }

private:
    BCRYPT_HASH_HANDLE m_h = nullptr;
};

}  // namespace

// The kept states: one duplicated hash object per full stride.
struct Sha256Prefixes::States {
    std::vector<Hash> hashes;
};

std::string sha256_hex(std::span<const std::string_view> pieces)
{
    Hash hash;
    for (std::string_view piece : pieces)
        hash.update(piece);
    return hash.finish();
}

std::string sha256_hex(std::string_view bytes)
{
    const std::string_view one[] = {bytes};
    return sha256_hex(one);
}

Sha256Prefixes::Sha256Prefixes(std::string_view bytes)
{
    Hash hash;
    const std::size_t strides = bytes.size() / stride;
    auto states = std::make_shared<States>();
    states->hashes.reserve(strides);
    for (std::size_t i = 0; i < strides; ++i) {
        hash.update(bytes.substr(i * stride, stride));
        states->hashes.emplace_back(hash.get());
    }
    hash.update(bytes.substr(strides * stride));
    m_hex = hash.finish();
    m_states = std::move(states);
}

std::string Sha256Prefixes::hex_of(std::string_view bytes, std::span<const std::string_view> pieces) const
{
    std::size_t shared = 0;  // bytes at the start of the first piece whose state is kept
    std::size_t strides = 0;
    if (m_states && !pieces.empty() && pieces.front().data() == bytes.data() && pieces.front().size() <= bytes.size()) {
        strides = std::min(pieces.front().size() / stride, m_states->hashes.size());
        shared = strides * stride;
    }
    Hash hash = strides > 0 ? Hash(m_states->hashes[strides - 1].get()) : Hash();
    for (std::size_t i = 0; i < pieces.size(); ++i)
        hash.update(i == 0 ? pieces[i].substr(shared) : pieces[i]);
    return hash.finish();
}

}  // namespace fshosts
