// POSIX implementation (Linux and macOS share it): dlopen/dlsym.
#include "platform/shared_library.h"

#include <dlfcn.h>

namespace fshosts::platform {

SharedLibrary load_shared_library(const std::string& name)
{
    SharedLibrary library;
    library.handle = ::dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (library.handle == nullptr) {
        const char* reason = ::dlerror();
        library.error = reason != nullptr ? reason : name + ": cannot be loaded";
    }
    return library;
}

void* find_symbol(const SharedLibrary& library, const char* name)
{
    return library.handle != nullptr ? ::dlsym(library.handle, name) : nullptr;
}

}  // namespace fshosts::platform
