// JUnit XML, the test report format CI servers display: each plan is a test
// suite, each finding a failing test case, each waived finding a skipped
// one, and each rule that found nothing in the plan a passing one.
#include <map>

#include "core/report/formats.h"
#include "core/report/summary.h"
#include "core/util/strings.h"

namespace planlint {

namespace {

// Text for an XML attribute or element: markup escaped, and characters XML
// 1.0 does not allow (C0 controls other than tab, LF, CR) replaced by U+FFFD.
std::string Xml(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\t':
        out += "&#9;";
        break;
      default:
        if (c < 0x20)
          out += "\xEF\xBF\xBD";
        else
          out.push_back(ch);
    }
  }
  return out;
}

struct Case {
  std::string name;
  std::string body;  // <failure>, <skipped/> or <error>; empty when it passed
  bool failure = false, skipped = false, error = false;
};

}  // namespace

std::string FormatJunit(const std::vector<PlanReport>& reports, const ReportOptions& options) {
  std::string suites;
  size_t total = 0, failures = 0, errors = 0, skipped = 0;
  for (const PlanReport& r : reports) {
    std::vector<Case> cases;
    if (r.input_error) {
      Case c;
      c.name = "input";
      c.error = true;
      c.body = Cat("<error type=\"input-error\" message=\"", Xml(r.error), "\">", Xml(r.error),
                   "</error>");
      cases.push_back(std::move(c));
    } else {
      std::map<std::string, int> found;
      for (const Finding& f : r.findings) {
        ++found[f.rule];
        Case c;
        c.name = Cat(f.rule, " ", f.name, " at ", f.pointer.empty() ? "/" : f.pointer, " (", f.line,
                     ":", f.column, ")");
        std::string where = Cat(f.file, ":", f.line, ":", f.column, ": ", f.rule, " ",
                                SeverityName(f.severity), ": ", f.message);
        if (f.waived) {
          c.skipped = true;
          c.body = Cat("<skipped message=\"waived: ", Xml(f.message), "\"/>");
        } else {
          c.failure = true;
          c.body = Cat("<failure type=\"", SeverityName(f.severity), "\" message=\"",
                       Xml(f.message), "\">", Xml(where), "</failure>");
        }
        cases.push_back(std::move(c));
      }
      for (const RuleInfo& rule : options.rules) {
        if (found.contains(rule.id)) continue;
        cases.push_back({Cat(rule.id, " ", rule.name), "", false, false, false});
      }
      if (cases.empty()) cases.push_back({"planlint", "", false, false, false});
    }
    size_t f = 0, e = 0, s = 0;
    for (const Case& c : cases) {
      f += c.failure;
      e += c.error;
      s += c.skipped;
    }
    total += cases.size();
    failures += f;
    errors += e;
    skipped += s;
    Append(&suites, "  <testsuite name=\"", Xml(r.file), "\" tests=\"", cases.size(),
           "\" failures=\"", f, "\" errors=\"", e, "\" skipped=\"", s, "\">\n");
    for (const Case& c : cases) {
      Append(&suites, "    <testcase classname=\"", Xml(r.file), "\" name=\"", Xml(c.name),
             "\" file=\"", Xml(r.file), "\"");
      if (c.body.empty()) {
        suites += "/>\n";
      } else {
        Append(&suites, ">", c.body, "</testcase>\n");
      }
    }
    if (!r.diagnostics.empty()) {
      std::string err;
      for (const Diagnostic& d : r.diagnostics) {
        Append(&err, d.rule, " could not be evaluated at '", d.pointer, "': ", d.message, "\n");
      }
      Append(&suites, "    <system-err>", Xml(err), "</system-err>\n");
    }
    suites += "  </testsuite>\n";
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  Append(&out, "<testsuites name=\"planlint\" tests=\"", total, "\" failures=\"", failures,
         "\" errors=\"", errors, "\" skipped=\"", skipped, "\">\n", suites, "</testsuites>\n");
  return out;
}

}  // namespace planlint
