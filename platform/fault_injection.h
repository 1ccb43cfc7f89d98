// Named crash points for the reliability tests. In a build with FSHOSTS_FAULT_INJECTION
// defined (test binaries only), reaching the point named by the environment variable
// FSHOSTS_FAULT_POINT kills the process with SIGKILL, exactly like a power cut or `kill -9`
// at that step (or, with FSHOSTS_FAULT_ACTION=throw, throws std::runtime_error there). In every other build the macro compiles to nothing.
#pragma once

#if defined(FSHOSTS_FAULT_INJECTION)
namespace fshosts::platform {
void fault_point(const char* name);  // throws only with FSHOSTS_FAULT_ACTION=throw
}  // namespace fshosts::platform
#define FSHOSTS_FAULT_POINT(name) ::fshosts::platform::fault_point(name)
#else
#define FSHOSTS_FAULT_POINT(name) ((void)0)
#endif
