#include "core/config/config.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <tuple>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/util/files.h"
#include "core/util/strings.h"
#include "rapidjson/document.h"
#include "re2/re2.h"

namespace planlint {

namespace fs = std::filesystem;

std::string FindConfigFile(const std::string& path) {
  std::error_code ec;
  fs::path abs = fs::absolute(path.empty() ? fs::path(".") : fs::path(path), ec).lexically_normal();
  if (ec) return "";
  fs::path dir = fs::is_directory(abs, ec) ? abs : abs.parent_path();
  while (true) {
    fs::path candidate = dir / kConfigFileName;
    if (fs::is_regular_file(candidate, ec)) {
      fs::path shown = fs::proximate(candidate, ec);
      return (ec || shown.empty() ? candidate : shown).generic_string();
    }
    if (fs::exists(dir / ".git", ec)) return "";
    fs::path parent = dir.parent_path();
    if (parent == dir || parent.empty()) return "";
    dir = parent;
  }
}

namespace {

constexpr const char* kKeys[] = {"extends",          "select",   "ignore",
                                 "per_path_ignores", "severity", "options",
                                 "pack_options",     "as_of",    "fail_on"};

class ConfigReader {
 public:
  ConfigReader(std::string file, std::vector<PackProblem>* problems)
      : file_(std::move(file)), problems_(problems) {}

  static ConfigMark MarkOf(const YAML::Node& node) {
    YAML::Mark m = node.Mark();
    if (m.line < 0) return {1, 1};
    return {m.line + 1, m.column + 1};
  }

  void Problem(const YAML::Node& node, std::string message) {
    ConfigMark m = MarkOf(node);
    problems_->push_back({file_, m.line, m.column, std::move(message)});
  }
  void Problem(ConfigMark m, std::string message) {
    problems_->push_back({file_, m.line, m.column, std::move(message)});
  }

  // A scalar's text, or a problem.
  std::optional<std::string> Scalar(const YAML::Node& node, std::string_view what) {
    if (!node.IsScalar()) {
      Problem(node, Cat(what, " must be text"));
      return std::nullopt;
    }
    return node.Scalar();
  }

  // One name, a comma-separated list of names, or a YAML list of names.
  std::vector<RuleRef> Refs(const YAML::Node& node, std::string_view what) {
    std::vector<RuleRef> out;
    auto add = [&](const YAML::Node& item) {
      std::optional<std::string> s = Scalar(item, Cat("each item of ", what));
      if (!s) return;
      for (absl::string_view part : absl::StrSplit(*s, ',', absl::SkipWhitespace())) {
        part = absl::StripAsciiWhitespace(part);
        out.push_back({std::string(part.data(), part.size()), MarkOf(item)});
      }
    };
    if (node.IsNull()) return out;
    if (node.IsSequence()) {
      for (const YAML::Node& item : node) add(item);
    } else if (node.IsScalar()) {
      add(node);
    } else {
      Problem(node, Cat(what, " must be a rule id, prefix or name, or a list of them"));
    }
    return out;
  }

  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::vector<PackProblem>* problems_;
};

std::string DirOf(const std::string& file) {
  fs::path parent = fs::path(file).parent_path();
  return parent.empty() ? "." : parent.generic_string();
}

// Glob -> RE2 pattern; nullopt when the glob is malformed.
std::optional<std::string> GlobToRegex(std::string pattern) {
  bool anchored = false;
  while (absl::StartsWith(pattern, "./")) pattern = pattern.substr(2);
  if (absl::StartsWith(pattern, "/")) {
    anchored = true;
    pattern = pattern.substr(1);
  }
  if (pattern.empty()) return std::nullopt;
  if (pattern.back() == '/') pattern += "**";
  if (!anchored && pattern.find('/') == std::string::npos) pattern = "**/" + pattern;
  std::string re;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '*') {
      if (i + 1 < pattern.size() && pattern[i + 1] == '*') {
        bool slash_before = i == 0 || pattern[i - 1] == '/';
        bool slash_after = i + 2 < pattern.size() && pattern[i + 2] == '/';
        if (slash_before && slash_after) {
          re += "(?:.*/)?";  // `**/`: any folders, none included
          i += 2;
        } else {
          re += ".*";
          i += 1;
        }
      } else {
        re += "[^/]*";
      }
    } else if (c == '?') {
      re += "[^/]";
    } else if (c == '[') {
      size_t close = pattern.find(']', i + 2);
      if (close == std::string::npos) return std::nullopt;
      std::string body = pattern.substr(i + 1, close - i - 1);
      std::string cls = "[";
      size_t start = 0;
      if (!body.empty() && (body[0] == '!' || body[0] == '^')) {
        cls += "^/";
        start = 1;
      }
      for (size_t k = start; k < body.size(); ++k) {
        char b = body[k];
        if (b == '\\' || b == '[' || b == ']' || (b == '^' && k == start)) cls += '\\';
        cls += b;
      }
      cls += "]";
      re += cls;
      i = close;
    } else {
      re += RE2::QuoteMeta(std::string(1, c));
    }
  }
  return re;
}

bool RefMatches(const std::string& ref, const RuleInfo& rule) {
  return ref == rule.id || ref == rule.name ||
         (!ref.empty() && absl::StartsWith(rule.id, ref) &&
          absl::ascii_isalpha(static_cast<unsigned char>(ref.back())));
}

std::string KindOfJson(const rapidjson::Value& v) {
  if (v.IsArray()) return "a list";
  if (v.IsObject()) return "a mapping";
  if (v.IsBool()) return "true or false";
  if (v.IsNumber()) return "a number";
  if (v.IsString()) return "text";
  return "";
}

// Whether a YAML node can stand where JSON value `def` is the default.
bool SameShape(const rapidjson::Value& def, const YAML::Node& node) {
  if (def.IsNull() || node.IsNull()) return true;
  if (def.IsArray()) return node.IsSequence();
  if (def.IsObject()) return node.IsMap();
  if (!node.IsScalar()) return false;
  if (def.IsBool()) return node.Scalar() == "true" || node.Scalar() == "false";
  if (def.IsNumber()) {
    double d;
    return absl::SimpleAtod(node.Scalar(), &d);
  }
  return true;
}

}  // namespace

Config ParseConfig(const std::string& file, const std::string& text,
                   std::vector<PackProblem>* problems) {
  Config config;
  config.file = file;
  config.dir = DirOf(file);
  ConfigReader r(file, problems);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    r.Problem(ConfigMark{e.mark.line + 1, e.mark.column + 1}, Cat("YAML: ", YamlErrorMessage(e)));
    return config;
  }
  if (auto p = CheckYamlExpansion(root, text.size())) {
    r.Problem(ConfigMark{p->line, p->column}, p->message);
    return config;
  }
  if (root.IsNull()) return config;  // an empty file: all defaults
  if (!root.IsMap()) {
    r.Problem(root, "the configuration is a YAML mapping (select:, ignore:, ...)");
    return config;
  }
  std::set<std::string> allowed(std::begin(kKeys), std::end(kKeys));
  for (const auto& kv : root) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (!allowed.contains(key)) {
      r.Problem(kv.first, Cat("unknown key '", key, "' in the configuration (allowed: ",
                              absl::StrJoin(allowed, ", "), ")"));
    }
  }
  if (YAML::Node n = root["extends"]) {
    for (RuleRef& ref : r.Refs(n, "'extends'")) {
      if (ref.text == "imp") continue;  // the built-in pack is always the base
      std::string path = fs::path(ref.text).is_absolute()
                             ? ref.text
                             : (fs::path(config.dir) / ref.text).generic_string();
      if (absl::Status readable = CheckRegularFile(path); !readable.ok())
        r.Problem(ref.mark, Cat("cannot read rule pack '", path, "': ", readable.message()));
      config.extends.push_back(ref);
      config.extends_paths.push_back(path);
    }
  }
  if (YAML::Node n = root["select"]) config.select = r.Refs(n, "'select'");
  if (YAML::Node n = root["ignore"]) config.ignore = r.Refs(n, "'ignore'");
  if (YAML::Node n = root["per_path_ignores"]) {
    if (!n.IsMap()) {
      if (!n.IsNull()) r.Problem(n, "'per_path_ignores' must map glob patterns to rules");
    } else {
      for (const auto& kv : n) {
        std::optional<std::string> pattern = r.Scalar(kv.first, "a per-path pattern");
        if (!pattern) continue;
        if (!GlobToRegex(*pattern)) {
          r.Problem(kv.first, Cat("'", *pattern, "' is not a valid glob pattern"));
          continue;
        }
        PathIgnore ignore;
        ignore.pattern = *pattern;
        ignore.mark = ConfigReader::MarkOf(kv.first);
        ignore.rules = r.Refs(kv.second, Cat("the rules ignored under '", *pattern, "'"));
        config.per_path_ignores.push_back(std::move(ignore));
      }
    }
  }
  if (YAML::Node n = root["severity"]) {
    if (!n.IsMap()) {
      if (!n.IsNull()) r.Problem(n, "'severity' must map rules to error, warning or info");
    } else {
      for (const auto& kv : n) {
        std::optional<std::string> rule = r.Scalar(kv.first, "a rule");
        std::optional<std::string> sev = r.Scalar(kv.second, "a severity");
        if (!rule || !sev) continue;
        std::optional<Severity> parsed = ParseSeverity(*sev);
        if (!parsed) {
          r.Problem(kv.second, Cat("severity '", *sev, "' must be error, warning or info"));
          continue;
        }
        config.severity.push_back({{*rule, ConfigReader::MarkOf(kv.first)}, *parsed});
      }
    }
  }
  if (YAML::Node n = root["options"]) {
    if (!n.IsMap()) {
      if (!n.IsNull()) r.Problem(n, "'options' must map rule ids or names to their options");
    } else {
      for (const auto& kv : n) {
        std::optional<std::string> rule = r.Scalar(kv.first, "a rule");
        if (!rule) continue;
        if (!kv.second.IsMap()) {
          r.Problem(kv.second, Cat("the options of ", *rule, " must be a mapping (option: value)"));
          continue;
        }
        config.rule_options.push_back({{*rule, ConfigReader::MarkOf(kv.first)}, kv.second});
      }
    }
  }
  if (YAML::Node n = root["pack_options"]) {
    if (!n.IsMap() && !n.IsNull()) {
      r.Problem(n, "'pack_options' must be a mapping (option: value)");
    } else if (n.IsMap()) {
      config.pack_options = n;
    }
  }
  if (YAML::Node n = root["as_of"]) {
    if (std::optional<std::string> s = r.Scalar(n, "'as_of'")) {
      config.as_of = text::ParseDate(*s);
      if (!config.as_of) r.Problem(n, Cat("as_of '", *s, "' is not a date (YYYY-MM-DD)"));
    }
  }
  if (YAML::Node n = root["fail_on"]) {
    if (std::optional<std::string> s = r.Scalar(n, "'fail_on'")) {
      std::optional<Severity> sev = ParseSeverity(*s);
      if (sev)
        config.fail_on = *sev;
      else
        r.Problem(n, Cat("fail_on '", *s, "' must be error, warning or info"));
    }
  }
  return config;
}

Config ReadConfigFile(const std::string& file, std::vector<PackProblem>* problems) {
  absl::StatusOr<std::string> text = ReadRegularFile(file);
  if (!text.ok()) {
    problems->push_back(
        {file, 0, 0, Cat("cannot read the configuration file: ", text.status().message())});
    Config config;
    config.file = file;
    config.dir = DirOf(file);
    return config;
  }
  return ParseConfig(file, *text, problems);
}

absl::StatusOr<Config> LoadConfig(const std::string& file) {
  std::vector<PackProblem> problems;
  Config config = ReadConfigFile(file, &problems);
  if (!problems.empty()) return ConfigProblemsToStatus(std::move(problems));
  return config;
}

absl::Status ConfigProblemsToStatus(std::vector<PackProblem> problems) {
  std::stable_sort(problems.begin(), problems.end(),
                   [](const PackProblem& a, const PackProblem& b) {
                     return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
                   });
  return ProblemsToStatus(problems, "configuration");
}

void ApplyOverrides(const ConfigOverrides& o, Config* config) {
  auto refs = [](const std::vector<std::string>& names) {
    std::vector<RuleRef> out;
    for (const std::string& n : names) out.push_back({n, {}});
    return out;
  };
  if (o.rule_files) config->rule_files = *o.rule_files;
  if (o.select) {
    config->select = refs(*o.select);
    config->select_from_cli = true;
  }
  if (o.ignore) {
    config->ignore = refs(*o.ignore);
    config->ignore_from_cli = true;
  }
  if (o.as_of) {
    config->as_of = o.as_of;
    config->as_of_from_cli = true;
  }
  if (o.fail_on) {
    config->fail_on = *o.fail_on;
    config->fail_on_from_cli = true;
  }
}

PackSettings BaseSettings(const Config& config) {
  PackSettings s;
  if (!config.rule_files.empty()) {
    s.extra_packs.assign(config.rule_files.begin() + 1, config.rule_files.end());
  } else {
    s.extra_packs = config.extends_paths;
  }
  return s;
}

PackSettings SettingsFor(const Config& config, const RulePack& base) {
  PackSettings s = BaseSettings(config);
  for (const RuleRef& r : config.select) s.select.push_back(r.text);
  for (const RuleRef& r : config.ignore) s.ignore.push_back(r.text);
  for (const auto& [ref, sev] : config.severity) {
    // Prefixes name every rule they start; ids and names are matched exactly.
    for (const CompiledRule& rule : base.rules()) {
      if (RefMatches(ref.text, rule.info)) s.severity[rule.info.id] = sev;
    }
  }
  for (const auto& [ref, node] : config.rule_options) {
    if (const CompiledRule* rule = base.FindRule(ref.text)) {
      YAML::Node& merged = s.rule_options[rule->info.id];
      if (!merged) merged = YAML::Node(YAML::NodeType::Map);
      for (const auto& kv : node) merged[kv.first.Scalar()] = kv.second;
    }
  }
  if (config.pack_options && config.pack_options.IsMap()) s.options = config.pack_options;
  return s;
}

absl::StatusOr<std::shared_ptr<const RulePack>> LoadConfiguredPack(const Config& config,
                                                                   const PackSettings& settings) {
  if (!config.rule_files.empty()) return RulePack::FromFile(config.rule_files[0], settings);
  return RulePack::Builtin(settings);
}

void ValidateConfig(const Config& config, const RulePack& base,
                    std::vector<PackProblem>* problems) {
  ConfigReader r(config.file, problems);
  auto check_ref = [&](const RuleRef& ref, std::string_view where) {
    if (ref.mark.line == 0) return;  // from the command line: the pack compiler reports it
    for (const CompiledRule& rule : base.rules()) {
      if (RefMatches(ref.text, rule.info)) return;
    }
    r.Problem(ref.mark, Cat(where, " names no rule: '", ref.text,
                            "' (give a rule id, an id prefix such as SCH, or a rule name)"));
  };
  for (const RuleRef& ref : config.select) check_ref(ref, "'select'");
  for (const RuleRef& ref : config.ignore) check_ref(ref, "'ignore'");
  for (const PathIgnore& p : config.per_path_ignores) {
    for (const RuleRef& ref : p.rules)
      check_ref(ref, Cat("'per_path_ignores' for '", p.pattern, "'"));
  }
  for (const auto& [ref, sev] : config.severity) check_ref(ref, "'severity'");

  rapidjson::Document pack_options;
  pack_options.Parse(base.options_json().c_str());
  auto check_options = [&](const YAML::Node& given, const rapidjson::Value* own,
                           std::string_view whose) {
    for (const auto& kv : given) {
      std::string name = kv.first.IsScalar() ? kv.first.Scalar() : "";
      const rapidjson::Value* def = nullptr;
      if (own != nullptr && own->IsObject() && own->HasMember(name.c_str()))
        def = &(*own)[name.c_str()];
      if (def == nullptr && pack_options.IsObject() && pack_options.HasMember(name.c_str())) {
        def = &pack_options[name.c_str()];
      }
      if (def == nullptr) {
        std::vector<std::string> known;
        if (own != nullptr && own->IsObject()) {
          for (const auto& m : own->GetObject()) known.push_back(m.name.GetString());
        }
        if (pack_options.IsObject()) {
          for (const auto& m : pack_options.GetObject()) known.push_back(m.name.GetString());
        }
        r.Problem(kv.first, Cat(whose, " has no option '", name, "' (options: ",
                                known.empty() ? "none" : absl::StrJoin(known, ", "), ")"));
        continue;
      }
      if (!SameShape(*def, kv.second)) {
        r.Problem(kv.second, Cat("option '", name, "' of ", whose, " must be ", KindOfJson(*def)));
      }
    }
  };
  for (const auto& [ref, node] : config.rule_options) {
    const CompiledRule* rule = base.FindRule(ref.text);
    if (rule == nullptr) {
      r.Problem(ref.mark,
                Cat("'options' names no rule: '", ref.text, "' (give a rule id or name)"));
      continue;
    }
    rapidjson::Document own;
    own.Parse(rule->info.options_json.c_str());
    check_options(node, &own, Cat("rule ", rule->info.id));
  }
  if (config.pack_options && config.pack_options.IsMap()) {
    check_options(config.pack_options, nullptr, Cat("pack ", base.name()));
  }
}

bool GlobMatch(const std::string& pattern, const std::string& relative) {
  std::optional<std::string> re = GlobToRegex(pattern);
  if (!re) return false;
  RE2 compiled(*re);
  std::string path = relative;
  while (absl::StartsWith(path, "./")) path = path.substr(2);
  return compiled.ok() && RE2::FullMatch(path, compiled);
}

std::vector<std::string> PathIgnoresFor(const Config& config, const std::string& path) {
  std::vector<std::string> out;
  if (config.per_path_ignores.empty()) return out;
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec).lexically_normal();
  fs::path dir = fs::absolute(config.dir, ec).lexically_normal();
  std::string rel = abs.lexically_relative(dir).generic_string();
  for (const PathIgnore& p : config.per_path_ignores) {
    if (!GlobMatch(p.pattern, rel)) continue;
    for (const RuleRef& ref : p.rules) out.push_back(ref.text);
  }
  return out;
}

std::string DumpConfig(const Config& config, const std::string& path_for_ignores) {
  YAML::Emitter out;
  auto list = [&](const std::vector<RuleRef>& refs) {
    out << YAML::Flow << YAML::BeginSeq;
    for (const RuleRef& r : refs) out << r.text;
    out << YAML::EndSeq;
  };
  out << YAML::BeginMap;
  out << YAML::Key << "config_file" << YAML::Value;
  if (config.file.empty())
    out << YAML::Null;
  else
    out << config.file;
  out << YAML::Key << "root" << YAML::Value << config.dir;
  if (!config.rule_files.empty()) {
    out << YAML::Key << "rules" << YAML::Value << YAML::Flow << config.rule_files;
  } else {
    out << YAML::Key << "extends" << YAML::Value << YAML::Flow << YAML::BeginSeq << "imp";
    for (const std::string& p : config.extends_paths) out << p;
    out << YAML::EndSeq;
  }
  out << YAML::Key << "select" << YAML::Value;
  list(config.select);
  out << YAML::Key << "ignore" << YAML::Value;
  list(config.ignore);
  auto begin_map = [&](bool empty) {
    if (empty) out << YAML::Flow;
    out << YAML::BeginMap;
  };
  out << YAML::Key << "per_path_ignores" << YAML::Value;
  begin_map(config.per_path_ignores.empty());
  for (const PathIgnore& p : config.per_path_ignores) {
    out << YAML::Key << p.pattern << YAML::Value;
    list(p.rules);
  }
  out << YAML::EndMap;
  out << YAML::Key << "severity" << YAML::Value;
  begin_map(config.severity.empty());
  for (const auto& [ref, sev] : config.severity) {
    out << YAML::Key << ref.text << YAML::Value << std::string(SeverityName(sev));
  }
  out << YAML::EndMap;
  out << YAML::Key << "options" << YAML::Value;
  begin_map(config.rule_options.empty());
  for (const auto& [ref, node] : config.rule_options)
    out << YAML::Key << ref.text << YAML::Value << node;
  out << YAML::EndMap;
  out << YAML::Key << "pack_options" << YAML::Value;
  if (config.pack_options && config.pack_options.IsMap()) {
    out << config.pack_options;
  } else {
    out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
  }
  out << YAML::Key << "as_of" << YAML::Value;
  if (config.as_of)
    out << text::FormatDate(*config.as_of);
  else
    out << YAML::Null << YAML::Comment("today");
  out << YAML::Key << "fail_on" << YAML::Value << std::string(SeverityName(config.fail_on));
  if (!path_for_ignores.empty()) {
    std::vector<std::string> ignored = PathIgnoresFor(config, path_for_ignores);
    out << YAML::Key << "ignored_for_path" << YAML::Value << YAML::Flow << ignored;
  }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace planlint
