// Buffers of 2 MiB and more are mapped anonymous memory; on Linux they ask for transparent huge
// pages (MADV_HUGEPAGE; honoured when THP is "madvise" or "always", ignored otherwise), so a
// 5 MB file costs 3 page faults instead of ~1,400. Smaller ones come from the heap.
#include "platform/byte_buffer.h"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

namespace fshosts::platform::detail {
namespace {
constexpr std::size_t huge_page = std::size_t{2} << 20;
}

ByteBlock allocate_bytes(std::size_t size)
{
    if (size >= huge_page) {
        const std::size_t capacity = (size + huge_page - 1) / huge_page * huge_page;
        void* p = ::mmap(nullptr, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p != MAP_FAILED) {
#ifdef MADV_HUGEPAGE
            (void)::madvise(p, capacity, MADV_HUGEPAGE);  // advice only: small pages work too
#endif
            return {static_cast<char*>(p), capacity, true};
        }
    }
    void* p = std::malloc(size > 0 ? size : 1);
    if (p == nullptr)
        throw std::bad_alloc();
    return {static_cast<char*>(p), size, false};
}

void release_bytes(const ByteBlock& block) noexcept
{
    if (block.data == nullptr)
        return;
    if (block.mapped)
        ::munmap(block.data, block.capacity);
    else
        std::free(block.data);
}

}  // namespace fshosts::platform::detail
