#include "core/report/baseline.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "absl/strings/str_join.h"
#include "core/plan/plan_parser.h"
#include "core/util/strings.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace planlint {

namespace fs = std::filesystem;

std::string BaselinePath(const std::string& baseline_file, const std::string& plan) {
  std::error_code ec;
  fs::path dir = fs::absolute(baseline_file, ec).lexically_normal().parent_path();
  fs::path abs = fs::absolute(plan, ec).lexically_normal();
  fs::path rel = abs.lexically_relative(dir);
  return (rel.empty() ? abs : rel).generic_string();
}

Baseline MakeBaseline(const std::vector<PlanReport>& reports, const std::string& baseline_file) {
  Baseline b;
  for (const PlanReport& r : reports) {
    if (r.input_error) continue;
    std::string file = BaselinePath(baseline_file, r.file);
    for (const Finding& f : r.findings) {
      if (f.waived) continue;
      b.entries.push_back({file, f.rule, f.pointer, f.fingerprint, f.message});
    }
  }
  std::sort(b.entries.begin(), b.entries.end(), [](const BaselineEntry& x, const BaselineEntry& y) {
    return std::tie(x.file, x.rule, x.pointer, x.fingerprint, x.message) <
           std::tie(y.file, y.rule, y.pointer, y.fingerprint, y.message);
  });
  return b;
}

std::string BaselineToJson(const Baseline& baseline) {
  // One entry per line keeps diffs of a committed baseline readable.
  std::string out = "{\n  \"planlint_baseline\": 1,\n  \"entries\": [";
  for (size_t i = 0; i < baseline.entries.size(); ++i) {
    const BaselineEntry& e = baseline.entries[i];
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    auto str = [&](const char* key, std::string_view s) {
      w.Key(key);
      w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    };
    w.StartObject();
    str("file", e.file);
    str("rule", e.rule);
    str("pointer", e.pointer);
    str("fingerprint", e.fingerprint);
    str("message", e.message);
    w.EndObject();
    Append(&out, i == 0 ? "\n    " : ",\n    ",
           std::string_view(buffer.GetString(), buffer.GetSize()));
  }
  out += baseline.entries.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

absl::StatusOr<Baseline> ReadBaseline(const std::string& file) {
  PlanParser parser;
  absl::StatusOr<Plan> doc = ReadPlanFile(parser, file);
  if (!doc.ok()) {
    return absl::InvalidArgumentError(Cat("baseline refused: ", doc.status().message()));
  }
  const Plan& p = *doc;
  std::vector<std::string> problems;
  auto problem = [&](NodeId n, std::string message) {
    SourcePosition pos = p.PositionOf(n);
    problems.push_back(Cat(file, ":", pos.line, ":", pos.column, ": ", message));
  };
  Baseline b;
  NodeId version = p.FindMember(p.root(), "planlint_baseline");
  if (version == kNoNode) {
    problem(p.root(),
            "not a planlint baseline (no \"planlint_baseline\": 1; write one with `planlint "
            "baseline`)");
  } else if (p.kind(version) != JsonKind::kInt || p.int_value(version) != 1) {
    problem(version, "unsupported baseline version (this planlint reads version 1)");
  }
  NodeId entries = p.FindMember(p.root(), "entries");
  if (entries == kNoNode || p.kind(entries) != JsonKind::kArray) {
    problem(entries == kNoNode ? p.root() : entries, "\"entries\" must be an array");
  } else {
    for (NodeId item : p.children(entries)) {
      if (p.kind(item) != JsonKind::kObject) {
        problem(item, "a baseline entry must be an object");
        continue;
      }
      BaselineEntry e;
      bool ok = true;
      for (auto [key, out, required] :
           {std::tuple<const char*, std::string*, bool>{"file", &e.file, true},
            {"rule", &e.rule, true},
            {"pointer", &e.pointer, true},
            {"fingerprint", &e.fingerprint, true},
            {"message", &e.message, false}}) {
        NodeId v = p.FindMember(item, key);
        if (v == kNoNode) {
          if (required) {
            problem(item, Cat("a baseline entry needs \"", key, "\""));
            ok = false;
          }
        } else if (p.kind(v) != JsonKind::kString) {
          problem(v, Cat("\"", key, "\" must be a string"));
          ok = false;
        } else {
          *out = std::string(p.string(v));
        }
      }
      if (ok) b.entries.push_back(std::move(e));
    }
  }
  if (!problems.empty()) {
    return absl::InvalidArgumentError(Cat("baseline refused (", problems.size(),
                                          problems.size() == 1 ? " problem" : " problems", "):\n",
                                          absl::StrJoin(problems, "\n")));
  }
  return b;
}

BaselineSummary ApplyBaseline(const Baseline& baseline, const std::string& baseline_file,
                              std::vector<PlanReport>* reports) {
  BaselineSummary summary;
  summary.active = true;
  // Unused entries, by (file, rule, pointer, fingerprint) and by (file, rule, fingerprint).
  using Exact = std::tuple<std::string, std::string, std::string, std::string>;
  using Moved = std::tuple<std::string, std::string, std::string>;
  std::map<Exact, std::vector<size_t>> exact;
  std::map<Moved, std::vector<size_t>> moved;
  for (size_t i = 0; i < baseline.entries.size(); ++i) {
    const BaselineEntry& e = baseline.entries[i];
    exact[{e.file, e.rule, e.pointer, e.fingerprint}].push_back(i);
    moved[{e.file, e.rule, e.fingerprint}].push_back(i);
  }
  std::vector<bool> used(baseline.entries.size(), false);
  auto take = [&](std::vector<size_t>& candidates) -> bool {
    for (size_t i : candidates) {
      if (!used[i]) {
        used[i] = true;
        return true;
      }
    }
    return false;
  };
  std::set<std::string> checked;
  for (PlanReport& r : *reports) {
    if (r.input_error) continue;
    std::string file = BaselinePath(baseline_file, r.file);
    checked.insert(file);
    std::vector<bool> matched(r.findings.size(), false);
    // Exact matches first, so that a moved finding cannot take the entry of
    // one that stayed.
    for (size_t k = 0; k < r.findings.size(); ++k) {
      const Finding& f = r.findings[k];
      if (f.waived) continue;
      auto it = exact.find({file, f.rule, f.pointer, f.fingerprint});
      if (it != exact.end() && take(it->second)) matched[k] = true;
    }
    for (size_t k = 0; k < r.findings.size(); ++k) {
      const Finding& f = r.findings[k];
      if (f.waived || matched[k]) continue;
      auto it = moved.find({file, f.rule, f.fingerprint});
      if (it != moved.end() && take(it->second)) matched[k] = true;
    }
    std::vector<Finding> kept;
    for (size_t k = 0; k < r.findings.size(); ++k) {
      if (matched[k]) {
        ++summary.baselined;
      } else {
        kept.push_back(std::move(r.findings[k]));
      }
    }
    r.findings = std::move(kept);
  }
  for (size_t i = 0; i < baseline.entries.size(); ++i) {
    if (!used[i] && checked.contains(baseline.entries[i].file)) ++summary.fixed;
  }
  return summary;
}

}  // namespace planlint
