// FSHOSTS_SKIP(reason): ends the current test case as skipped, so ctest reports it as "Skipped"
// (fshosts_add_test sets SKIP_REGULAR_EXPRESSION to the marker printed here), never as passed.
// As root, where CI runs and every precondition can be met, a skip is a failure instead.
#pragma once

#include "catch.h"

#include <unistd.h>

#include <iostream>

#define FSHOSTS_SKIP_MARKER "FSHOSTS-SKIPPED: "

#define FSHOSTS_SKIP(reason)                                                        \
    do {                                                                            \
        if (::geteuid() == 0)                                                       \
            FAIL("this case would be skipped, but as root it must run: " << reason); \
        std::cout << FSHOSTS_SKIP_MARKER << reason << std::endl;                    \
        return;                                                                     \
    } while (false)
