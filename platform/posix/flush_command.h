// Internal to platform/: runs one DNS-cache flush command and describes the outcome.
#pragma once

#include "platform/dns_flush.h"

#include <string>
#include <vector>

namespace fshosts::platform::detail {

// Runs `program args...` (absolute path, fixed PATH, 5 s timeout); a failure is a result, not an error.
FlushResult run_flush(const char* cache, const char* program, const std::vector<std::string>& args);

}  // namespace fshosts::platform::detail
