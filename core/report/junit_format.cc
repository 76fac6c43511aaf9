// JUnit XML, the test report format CI servers display: each plan is a test
// suite, each finding a failing test case, each waived finding a skipped
// one, and each rule that found nothing in the plan a passing one.
#include <set>
#include <string>
#include <string_view>
#include <vector>

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

// The counts a <testsuite> (and, summed, <testsuites>) carries.
struct Counts {
  size_t tests = 0, failures = 0, errors = 0, skipped = 0;
};

// The rules of `options` that found nothing in the report: each is a
// passing test case.
std::vector<const RuleInfo*> PassedRules(const PlanReport& r, const ReportOptions& options) {
  std::set<std::string_view> found;
  for (const Finding& f : r.findings) found.insert(f.rule);
  std::vector<const RuleInfo*> passed;
  for (const RuleInfo& rule : options.rules) {
    if (!found.contains(rule.id)) passed.push_back(&rule);
  }
  return passed;
}

Counts CountSuite(const PlanReport& r, size_t passed_rules) {
  Counts c;
  if (r.input_error) {
    c.tests = c.errors = 1;
    return c;
  }
  for (const Finding& f : r.findings) ++(f.waived ? c.skipped : c.failures);
  c.tests = r.findings.size() + passed_rules;
  if (c.tests == 0) c.tests = 1;  // the "planlint" case that passed
  return c;
}

void AppendCase(std::string* out, const PlanReport& r, std::string_view name,
                std::string_view body) {
  Append(out, "    <testcase classname=\"", Xml(r.file), "\" name=\"", Xml(name), "\" file=\"",
         Xml(r.file), "\"");
  if (body.empty()) {
    *out += "/>\n";
  } else {
    Append(out, ">", body, "</testcase>\n");
  }
}

// One plan's <testsuite>, written straight into the output.
void AppendSuite(std::string* out, const PlanReport& r, const Counts& c,
                 const std::vector<const RuleInfo*>& passed) {
  Append(out, "  <testsuite name=\"", Xml(r.file), "\" tests=\"", c.tests, "\" failures=\"",
         c.failures, "\" errors=\"", c.errors, "\" skipped=\"", c.skipped, "\">\n");
  if (r.input_error) {
    AppendCase(out, r, "input",
               Cat("<error type=\"input-error\" message=\"", Xml(r.error), "\">", Xml(r.error),
                   "</error>"));
  } else {
    for (const Finding& f : r.findings) {
      const std::string name = Cat(f.rule, " ", f.name, " at ", f.pointer.empty() ? "/" : f.pointer,
                                   " (", f.line, ":", f.column, ")");
      if (f.waived) {
        AppendCase(out, r, name, Cat("<skipped message=\"waived: ", Xml(f.message), "\"/>"));
      } else {
        const std::string where = Cat(f.file, ":", f.line, ":", f.column, ": ", f.rule, " ",
                                      SeverityName(f.severity), ": ", f.message);
        AppendCase(out, r, name,
                   Cat("<failure type=\"", SeverityName(f.severity), "\" message=\"",
                       Xml(f.message), "\">", Xml(where), "</failure>"));
      }
    }
    for (const RuleInfo* rule : passed) AppendCase(out, r, Cat(rule->id, " ", rule->name), "");
    if (r.findings.empty() && passed.empty()) AppendCase(out, r, "planlint", "");
  }
  if (!r.diagnostics.empty()) {
    std::string err;
    for (const Diagnostic& d : r.diagnostics) {
      Append(&err, d.rule, " could not be evaluated at '", d.pointer, "': ", d.message, "\n");
    }
    Append(out, "    <system-err>", Xml(err), "</system-err>\n");
  }
  *out += "  </testsuite>\n";
}

}  // namespace

// Two passes, so that the totals <testsuites> opens with are known before
// any suite is written and the output is built once, in place: a run with
// hundreds of thousands of findings holds one copy of it.
std::string FormatJunit(const std::vector<PlanReport>& reports, const ReportOptions& options) {
  Counts total;
  std::vector<std::vector<const RuleInfo*>> passed(reports.size());
  for (size_t i = 0; i < reports.size(); ++i) {
    if (!reports[i].input_error) passed[i] = PassedRules(reports[i], options);
    const Counts c = CountSuite(reports[i], passed[i].size());
    total.tests += c.tests;
    total.failures += c.failures;
    total.errors += c.errors;
    total.skipped += c.skipped;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  Append(&out, "<testsuites name=\"planlint\" tests=\"", total.tests, "\" failures=\"",
         total.failures, "\" errors=\"", total.errors, "\" skipped=\"", total.skipped, "\">\n");
  for (size_t i = 0; i < reports.size(); ++i) {
    AppendSuite(&out, reports[i], CountSuite(reports[i], passed[i].size()), passed[i]);
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace planlint
