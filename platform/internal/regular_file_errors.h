// Internal to platform/: the messages of platform/regular_file.h, shared by the POSIX and the
// Windows implementation.
#pragma once

#include "base/error.h"
#include "base/i18n.h"
#include "platform/regular_file.h"

#include <string>

namespace fshosts::platform::detail {

// `kind` is a translated description such as "a FIFO (named pipe)".
[[noreturn]] inline void fail_not_regular_file(const std::string& path, const char* kind)
{
    throw Error(ErrorKind::Io, trf("{0} is not a regular file but {1}. fshosts only reads and changes regular files; "
                                   "nothing was changed.",
                                   path, kind));
}

[[noreturn]] inline void fail_too_large_file(const std::string& path)
{
    throw Error(ErrorKind::Io, trf("{0} is larger than {1} MiB, the largest hosts file fshosts reads. Nothing was changed.",
                                   path, max_hosts_file_bytes >> 20));
}

}  // namespace fshosts::platform::detail
