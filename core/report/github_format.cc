// GitHub Actions workflow commands: each line `::error file=...::message`
// becomes an annotation on the pull request's changed file.
#include "core/report/formats.h"
#include "core/report/summary.h"
#include "core/util/strings.h"

namespace planlint {

namespace {

// Workflow command escaping: data escapes %, CR and LF; property values
// also ':' and ','.
std::string Data(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string Property(std::string_view s) {
  std::string out;
  for (char c : Data(s)) {
    switch (c) {
      case ':':
        out += "%3A";
        break;
      case ',':
        out += "%2C";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string_view Command(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "notice";
  }
  return "error";
}

std::string Where(std::string file, int line, int column) {
  while (file.starts_with("./")) file = file.substr(2);
  std::string out = Cat("file=", Property(file));
  if (line > 0) Append(&out, ",line=", line);
  if (line > 0 && column > 0) Append(&out, ",col=", column);
  return out;
}

}  // namespace

std::string FormatGithub(const std::vector<PlanReport>& reports, const ReportOptions& options) {
  std::string out;
  for (const PlanReport& r : reports) {
    if (r.input_error) {
      Append(&out, "::error ", Where(r.file, r.error_line, r.error_column),
             ",title=", Property("input error"), "::", Data(r.error), "\n");
      continue;
    }
    for (const Finding& f : r.findings) {
      if (f.waived) {
        Append(&out, "::notice ", Where(f.file, f.line, f.column),
               ",title=", Property(Cat(f.rule, " (waived)")),
               "::", Data(Cat(f.message, " [waived]")), "\n");
      } else {
        Append(&out, "::", Command(f.severity), " ", Where(f.file, f.line, f.column),
               ",title=", Property(f.rule), "::", Data(f.message), "\n");
      }
    }
    for (const Diagnostic& d : r.diagnostics) {
      Append(&out, "::warning ", Where(d.file, 0, 0), ",title=", Property(d.rule),
             "::", Data(Cat(d.rule, " could not be evaluated at '", d.pointer, "': ", d.message)),
             "\n");
    }
  }
  if (options.statistics) {
    RunSummary s = Summarize(reports);
    for (const auto& [rule, count] : s.by_rule) Append(&out, "planlint: ", rule, " ", count, "\n");
  }
  Append(&out, SummaryLine(reports, options.baseline), "\n");
  return out;
}

}  // namespace planlint
