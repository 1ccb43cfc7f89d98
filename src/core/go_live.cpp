#include "core/go_live.h"

#include "base/i18n.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace fshosts {
namespace {

std::optional<std::chrono::sys_days> parse(std::string_view date)
{
    unsigned y = 0, m = 0, d = 0;
    if (date.size() != 10 || date[4] != '-' || date[7] != '-')
        return std::nullopt;
    for (std::size_t i = 0; i < 10; ++i) {
        if (i == 4 || i == 7)
            continue;
        if (date[i] < '0' || date[i] > '9')
            return std::nullopt;
        const unsigned digit = static_cast<unsigned>(date[i] - '0');
        (i < 4 ? y : i < 7 ? m : d) = (i < 4 ? y : i < 7 ? m : d) * 10 + digit;
    }
    const std::chrono::year_month_day ymd{std::chrono::year(static_cast<int>(y)), std::chrono::month(m), std::chrono::day(d)};
    if (!ymd.ok())
        return std::nullopt;
    return std::chrono::sys_days(ymd);
}

}  // namespace

std::string local_date_today()
{
    // std::localtime shares one buffer: one caller at a time (the GUI asks from worker threads).
    static std::mutex mutex;
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    {
        const std::lock_guard<std::mutex> lock(mutex);
        if (const std::tm* t = std::localtime(&now))
            local = *t;
    }
    char out[32];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
    return out;
}

std::optional<int> days_until(std::string_view date, std::string_view today)
{
    const auto a = parse(date);
    const auto b = parse(today);
    if (!a || !b)
        return std::nullopt;
    return static_cast<int>((*a - *b).count());
}

bool go_live_passed(std::string_view date, std::string_view today)
{
    const std::optional<int> days = days_until(date, today);
    return days && *days < 0;
}

std::string go_live_text(std::string_view date, std::string_view today)
{
    const std::optional<int> days = days_until(date, today);
    if (!days)
        return trf("go-live {0}", date);
    if (*days == 0)
        return trf("go-live today ({0})", date);
    if (*days == 1)
        return trf("go-live {0}, tomorrow", date);
    if (*days > 1)
        // TRANSLATORS: {1} is a number of days, 2 or more.
        return trf("go-live {0}, in {1} days", date, *days);
    if (*days == -1)
        return trf("go-live {0} passed yesterday: revert the preview", date);
    // TRANSLATORS: {1} is a number of days, 2 or more.
    return trf("go-live {0} passed {1} days ago: revert the preview", date, -*days);
}

}  // namespace fshosts
