// Windows: the heap. (Large pages there need the SeLockMemoryPrivilege, which users lack.)
#include "platform/byte_buffer.h"

#include <cstdlib>
#include <new>

namespace fshosts::platform::detail {

ByteBlock allocate_bytes(std::size_t size)
{
    void* p = std::malloc(size > 0 ? size : 1);
    if (p == nullptr)
        throw std::bad_alloc();
    return {static_cast<char*>(p), size, false};
}

void release_bytes(const ByteBlock& block) noexcept { std::free(block.data); }

}  // namespace fshosts::platform::detail
