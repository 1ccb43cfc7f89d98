// The --json shapes of `fshosts probe` and `fshosts verify` (docs/json.md). Separate from
// site_probe.h so that the GUI, which never includes JSON, can use the probes.
#pragma once

#include "probe/browser_pitfalls.h"
#include "probe/preview_verify.h"
#include "probe/site_probe.h"

#include <nlohmann/json.hpp>

namespace fshosts::probe {

// {"domain", "address", "http": {...}, "https": {...}, "findings": [...], "passed"}
nlohmann::json to_json(const SiteProbe& probe, const std::vector<Finding>& findings);
// {"names": [{"name", "address", "resolved", ...}], "passed"}
nlohmann::json to_json(const PreviewVerify& verify);
// [{"id", "certain", "where", "title", "message", "fix"}]
nlohmann::json to_json(const std::vector<Pitfall>& pitfalls);

}  // namespace fshosts::probe
