// The HTML report: one self-contained file (inline CSS, JavaScript and SVG,
// no network). The page is audit_report.html, embedded in the binary; the
// audit's JSON goes into its data script tag and the page draws the charts,
// the heat map, the sortable table of plans and each plan's findings.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/audit/audit.h"

namespace planlint::audit {

namespace embedded {
const std::vector<std::pair<std::string_view, std::string_view>>& AuditAssets();
}  // namespace embedded

std::string FormatAuditHtml(const AuditResult& result, const Summary& summary) {
  return FormatAuditHtmlFromJson(FormatAuditJson(result, summary));
}

std::string FormatAuditHtmlFromJson(const std::string& json) {
  std::string_view page;
  for (const auto& [name, body] : embedded::AuditAssets()) {
    if (name == "audit_report.html") page = body;
  }
  // Inside <script>, "</script" or "<!--" in a plan's text could end or
  // derail the element: write every '<' as the JSON escape \u003c (it only
  // occurs inside strings) and the page's JSON.parse reads it back.
  std::string safe;
  safe.reserve(json.size());
  for (char c : json) {
    if (c == '<') {
      safe += "\\u003c";
    } else {
      safe += c;
    }
  }
  constexpr std::string_view kSlot = "__PLANLINT_AUDIT_DATA__";
  size_t at = page.find(kSlot);
  std::string out;
  out.reserve(page.size() + safe.size());
  out.append(page.substr(0, at));
  out.append(safe);
  out.append(page.substr(at + kSlot.size()));
  return out;
}

}  // namespace planlint::audit
