// The planned go-live date of a preview (apply --until, stored in the block: text/managed_block.h):
// today's date on this computer, how many days are left, and what status says about it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fshosts {

// Today on this computer's clock, in its time zone: YYYY-MM-DD.
std::string local_date_today();

// Days from `today` to `date` (both YYYY-MM-DD, as normalize_date writes them): 0 on the day,
// negative once it has passed. nullopt when either is not such a date.
std::optional<int> days_until(std::string_view date, std::string_view today);

// Once the go-live date has passed the preview is overdue: the DNS switch should have happened,
// and the line is to be reverted. On the day itself it is not overdue yet.
bool go_live_passed(std::string_view date, std::string_view today);

// For status and the GUI (translated): "go-live 2026-12-24, in 21 days", "go-live today
// (2026-12-24)", "go-live 2026-12-20 passed 4 days ago: revert the preview".
std::string go_live_text(std::string_view date, std::string_view today);

}  // namespace fshosts
