// Loading a shared library at run time, for what only some runs need (libcurl for the probes:
// linking it would make every run of the CLI and GUI load it and its ~35 dependencies). Linux and
// macOS (platform/posix/); the Windows build links libcurl statically and has no implementation.
#pragma once

#include <string>

namespace fshosts::platform {

// A loaded library. It stays loaded until the process ends: libraries such as libcurl and
// OpenSSL register exit handlers, and nothing is gained by unloading them.
struct SharedLibrary {
    void* handle = nullptr;  // nullptr: not loaded (see error)
    std::string error;       // why it could not be loaded, as the system's loader says it (English)
};

// Loads the library by its file name ("libcurl.so.4"), which the system's loader looks up in its
// usual places; callers pass a name fixed at build time, never a path from the environment. All
// its symbols are bound at once (a missing one fails here, not later) and kept local to it.
SharedLibrary load_shared_library(const std::string& name);

// The address of a function or variable of a loaded library; nullptr when it has none by that name.
void* find_symbol(const SharedLibrary& library, const char* name);

}  // namespace fshosts::platform
