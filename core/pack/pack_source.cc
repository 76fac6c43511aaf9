#include "core/pack/pack_source.h"
#include "core/util/strings.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "yaml-cpp/depthguard.h"
#include "yaml-cpp/yaml.h"

namespace planlint {

std::string PackProblem::ToString() const {
  return Cat(file, ":", line, ":", column, ": ", message);
}

const SpecValue* SpecValue::Find(std::string_view key) const {
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == key) return &items[i];
  }
  return nullptr;
}

void SpecValue::Set(const std::string& key, SpecValue value) {
  if (kind == Kind::kNull) kind = Kind::kMap;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == key) {
      items[i] = std::move(value);
      return;
    }
  }
  keys.push_back(key);
  items.push_back(std::move(value));
}

SpecValue SpecValueFromYaml(const YAML::Node& node) {
  SpecValue v;
  if (!node) return v;
  YAML::Mark m = node.Mark();
  v.line = m.line + 1;
  v.column = m.column + 1;
  if (node.IsScalar()) {
    v.kind = SpecValue::Kind::kScalar;
    v.scalar = node.Scalar();
    v.quoted = node.Tag() == "!";
  } else if (node.IsSequence()) {
    v.kind = SpecValue::Kind::kList;
    for (const YAML::Node& item : node) v.items.push_back(SpecValueFromYaml(item));
  } else if (node.IsMap()) {
    v.kind = SpecValue::Kind::kMap;
    for (const auto& kv : node) {
      v.keys.push_back(kv.first.IsScalar() ? kv.first.Scalar() : "");
      v.items.push_back(SpecValueFromYaml(kv.second));
    }
  }
  return v;
}

std::string YamlErrorMessage(const YAML::Exception& e) {
  if (dynamic_cast<const YAML::DeepRecursion*>(&e) != nullptr) {
    return "nested too deeply (the YAML reader stops at 500 levels of lists and mappings)";
  }
  return e.msg;
}

std::optional<YamlExpansionProblem> CheckYamlExpansion(const YAML::Node& root, size_t text_size) {
  // Written out, a file holds fewer nodes and scalar bytes than it has
  // bytes; aliases may repeat a part many times, but not without bound.
  constexpr int kMaxDepth = 1024;
  const size_t limit = std::max<size_t>(size_t{4} << 20, 16 * text_size);
  size_t seen = 0;
  std::vector<std::pair<YAML::Node, int>> stack;
  stack.emplace_back(root, 1);
  while (!stack.empty()) {
    auto [node, depth] = std::move(stack.back());
    stack.pop_back();
    if (!node) continue;
    auto problem = [&](std::string message) {
      YAML::Mark m = node.Mark();
      return YamlExpansionProblem{m.line + 1, m.column + 1, std::move(message)};
    };
    if (depth > kMaxDepth) {
      return problem(Cat("YAML: nested deeper than ", kMaxDepth,
                         " levels once its aliases are expanded (an alias inside the node it "
                         "names never ends)"));
    }
    seen += 1;
    if (node.IsScalar()) {
      seen += node.Scalar().size();
    } else if (node.IsSequence()) {
      for (const YAML::Node& item : node) stack.emplace_back(item, depth + 1);
    } else if (node.IsMap()) {
      for (const auto& kv : node) {
        stack.emplace_back(kv.first, depth + 1);
        stack.emplace_back(kv.second, depth + 1);
      }
    }
    if (seen > limit) {
      return problem(Cat("YAML: its aliases expand to more than ", limit,
                         " values and bytes (anchors repeated within anchors)"));
    }
  }
  return std::nullopt;
}

std::shared_ptr<const SourceLines> SourceLines::Static(std::string_view text) {
  auto lines = std::make_shared<SourceLines>();
  lines->text_ = text;
  return lines;
}

std::shared_ptr<const SourceLines> SourceLines::Owned(std::string text) {
  auto lines = std::make_shared<SourceLines>();
  lines->owned_ = std::move(text);
  lines->text_ = lines->owned_;
  return lines;
}

const std::vector<std::string_view>& SourceLines::lines() const {
  // A trailing '\n' gives a last, empty line.
  absl::call_once(split_once_, [this] {
    for (absl::string_view line : absl::StrSplit(Sv(text_), '\n')) lines_.push_back(Sv(line));
  });
  return lines_;
}

bool SourceText::operator==(const SourceText& other) const {
  bool same_lines = lines == other.lines ||
                    (lines != nullptr && other.lines != nullptr && *lines == *other.lines);
  return text == other.text && file == other.file && line == other.line && column == other.column &&
         style == other.style && same_lines;
}

namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// The 1-based line and column of byte `offset` of a scalar that YAML folded:
// its text is the file's lines (from `column` on the first, from the first
// non-blank character on the others) joined by spaces or line breaks. Walks
// the file's lines matching them against the text; nullopt when the text
// does not follow the file (escapes in a quoted scalar).
std::optional<std::pair<int, int>> FoldedPosition(const SourceLines& lines, size_t first_line,
                                                  size_t first_column, std::string_view text,
                                                  size_t offset) {
  size_t pos = 0;  // in text
  for (size_t l = first_line; l < lines.size(); ++l) {
    std::string_view src = lines[l];
    bool first = l == first_line;
    size_t col = first_column;
    if (!first) {
      col = 0;
      while (col < src.size() && IsBlank(src[col])) ++col;
      if (col == src.size()) continue;  // a blank line: a line break in the text
      while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\n' || text[pos] == '\t'))
        ++pos;
      if (offset < pos) return std::make_pair(static_cast<int>(l) + 1, static_cast<int>(col) + 1);
    }
    std::string_view content = col < src.size() ? src.substr(col) : std::string_view();
    size_t n = 0;
    while (pos + n < text.size() && n < content.size() && text[pos + n] == content[n]) ++n;
    if (offset <= pos + n) {
      return std::make_pair(static_cast<int>(l) + 1, static_cast<int>(col + offset - pos) + 1);
    }
    if (n == 0 && !first) return std::nullopt;
    pos += n;
  }
  return std::nullopt;
}

}  // namespace

PackProblem SourceText::At(size_t offset, std::string message) const {
  PackProblem p{file, line, column, std::move(message)};
  if (offset > text.size()) offset = text.size();
  if (style != '|' && lines != nullptr && line >= 1 && column >= 1) {
    size_t quote = (style == '"' || style == '\'') ? 1 : 0;
    std::optional<std::pair<int, int>> pos =
        FoldedPosition(*lines, static_cast<size_t>(line - 1),
                       static_cast<size_t>(column - 1) + quote, text, offset);
    if (pos) {
      p.line = pos->first;
      p.column = pos->second;
      return p;
    }
  }
  size_t newlines = 0;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++newlines;
      line_start = i + 1;
    }
  }
  if (style == '|' || style == '>') {
    // `line`/`column` name the first content line and its indentation.
    p.line = line + static_cast<int>(newlines);
    p.column = column + static_cast<int>(offset - line_start);
  } else if (newlines == 0) {
    p.column = column + static_cast<int>(offset) + ((style == '"' || style == '\'') ? 1 : 0);
  } else {
    p.line = line + static_cast<int>(newlines);
    p.column = static_cast<int>(offset - line_start) + 1;
  }
  return p;
}

absl::Status ProblemsToStatus(const std::vector<PackProblem>& problems, std::string_view what) {
  if (problems.empty()) return absl::OkStatus();
  std::vector<std::string> lines;
  for (const PackProblem& p : problems) lines.push_back(p.ToString());
  return absl::InvalidArgumentError(Cat(what, " refused (", problems.size(),
                                        problems.size() == 1 ? " problem" : " problems", "):\n",
                                        absl::StrJoin(lines, "\n")));
}

namespace {

class Reader {
 public:
  Reader(std::string file, const std::string& text, std::vector<PackProblem>* problems)
      : file_(std::move(file)), problems_(problems) {
    lines_ = SourceLines::Owned(text);
  }

  void Problem(const YAML::Node& node, std::string message) {
    YAML::Mark m = node.Mark();
    problems_->push_back({file_, m.line + 1, m.column + 1, std::move(message)});
  }
  void Problem(int line, int column, std::string message) {
    problems_->push_back({file_, line, column, std::move(message)});
  }

  // A scalar as text with its location; a problem when it is not a scalar.
  std::optional<SourceText> Text(const YAML::Node& node, std::string_view what) {
    if (!node.IsScalar()) {
      Problem(node, Cat(what, " must be text"));
      return std::nullopt;
    }
    SourceText s;
    s.text = node.Scalar();
    s.file = file_;
    YAML::Mark m = node.Mark();
    s.line = m.line + 1;
    s.column = m.column + 1;
    s.lines = lines_;
    const SourceLines& lines = *lines_;
    char first = ' ';
    if (m.line >= 0 && static_cast<size_t>(m.line) < lines.size() &&
        static_cast<size_t>(m.column) < lines[m.line].size()) {
      first = lines[m.line][m.column];
    }
    if (first == '"' || first == '\'') {
      s.style = first;
    } else if (first == '|' || first == '>') {
      s.style = first;
      // Content starts on the next non-blank line, at its indentation.
      size_t l = m.line + 1;
      while (l < lines.size() && absl::StripAsciiWhitespace(Sv(lines[l])).empty()) ++l;
      s.line = static_cast<int>(l) + 1;
      size_t indent = 0;
      if (l < lines.size()) {
        while (indent < lines[l].size() && lines[l][indent] == ' ') ++indent;
      }
      s.column = static_cast<int>(indent) + 1;
    }
    return s;
  }

  std::string String(const YAML::Node& node, std::string_view what) {
    std::optional<SourceText> t = Text(node, what);
    return t ? t->text : "";
  }

  // One selector or a list of them.
  std::vector<SourceText> Selectors(const YAML::Node& node) {
    std::vector<SourceText> out;
    if (node.IsSequence()) {
      for (const YAML::Node& item : node) {
        if (auto t = Text(item, "a selector")) out.push_back(*t);
      }
    } else if (auto t = Text(node, "'for'")) {
      out.push_back(*t);
    }
    if (out.empty()) Problem(node, "'for' needs at least one selector");
    return out;
  }

  bool Bool(const YAML::Node& node, std::string_view what, bool fallback) {
    if (node.IsScalar()) {
      std::string s = node.Scalar();
      if (s == "true") return true;
      if (s == "false") return false;
    }
    Problem(node, Cat(what, " must be true or false"));
    return fallback;
  }

  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::shared_ptr<const SourceLines> lines_;
  std::vector<PackProblem>* problems_;
};

void CheckKeys(Reader& r, const YAML::Node& map, const std::set<std::string>& allowed,
               std::string_view what) {
  for (const auto& kv : map) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (!allowed.contains(key)) {
      r.Problem(kv.first, Cat("unknown key '", key, "' in ", what,
                              " (allowed: ", absl::StrJoin(allowed, ", "), ")"));
    }
  }
}

RuleSpec ReadRule(Reader& r, const YAML::Node& node) {
  RuleSpec rule;
  rule.file = r.file();
  rule.line = node.Mark().line + 1;
  rule.column = node.Mark().column + 1;
  if (!node.IsMap()) {
    r.Problem(node, "a rule must be a mapping");
    return rule;
  }
  CheckKeys(r, node,
            {"id", "name", "severity", "section", "summary", "description", "for", "let", "when",
             "assert", "each", "at", "message", "options", "waivable", "stage", "examples", "scope",
             "keep"},
            "a rule");
  auto text = [&](const char* key) -> std::string {
    if (!node[key]) return "";
    return r.String(node[key], Cat("'", key, "'"));
  };
  rule.id = text("id");
  rule.name = text("name");
  rule.severity = text("severity");
  auto mark = [&](const char* key, int* line, int* column) {
    if (!node[key]) return;
    *line = node[key].Mark().line + 1;
    *column = node[key].Mark().column + 1;
  };
  mark("id", &rule.id_line, &rule.id_column);
  mark("name", &rule.name_line, &rule.name_column);
  mark("severity", &rule.severity_line, &rule.severity_column);
  rule.section = text("section");
  rule.summary = text("summary");
  rule.description = text("description");
  rule.stage = text("stage");
  rule.scope = text("scope");
  if (node["keep"]) rule.keep = r.Text(node["keep"], "'keep'");
  if (rule.scope == "portfolio") {
    // A portfolio rule reads whole plans through `keep`, never a selector.
    if (node["for"]) {
      r.Problem(node["for"], Cat("rule ", rule.id,
                                 ": a portfolio rule has no 'for' (its 'keep' sees the plan)"));
    }
  } else if (node["for"]) {
    rule.selectors = r.Selectors(node["for"]);
  } else {
    r.Problem(node, Cat("rule ", rule.id, " has no 'for' selector"));
  }
  if (YAML::Node lets = node["let"]) {
    if (!lets.IsMap()) {
      r.Problem(lets, "'let' must map names to expressions");
    } else {
      for (const auto& kv : lets) {
        if (auto t = r.Text(kv.second, "a let binding"))
          rule.lets.push_back({kv.first.Scalar(), *t});
      }
    }
  }
  auto opt_text = [&](const char* key) -> std::optional<SourceText> {
    if (!node[key]) return std::nullopt;
    return r.Text(node[key], Cat("'", key, "'"));
  };
  rule.when = opt_text("when");
  rule.assert_expr = opt_text("assert");
  rule.each = opt_text("each");
  rule.at = opt_text("at");
  rule.message = opt_text("message");
  if (node["options"]) {
    rule.options = SpecValueFromYaml(node["options"]);
    if (!rule.options.IsMap()) r.Problem(node["options"], "'options' must be a mapping");
  }
  if (node["waivable"]) rule.waivable = r.Bool(node["waivable"], "'waivable'", true);
  if (YAML::Node ex = node["examples"]) {
    if (!ex.IsMap()) {
      r.Problem(ex, "'examples' must be a mapping with 'fail' and 'pass'");
    } else {
      CheckKeys(r, ex, {"fail", "pass"}, "'examples'");
      if (ex["fail"]) rule.example_fail = r.String(ex["fail"], "'fail'");
      if (ex["pass"]) rule.example_pass = r.String(ex["pass"], "'pass'");
    }
  }
  return rule;
}

void ReadFunctions(Reader& r, const YAML::Node& node, PackSpec* spec) {
  if (!node.IsMap()) {
    r.Problem(node, "'functions' must map 'name(params)' to expressions");
    return;
  }
  for (const auto& kv : node) {
    std::string head = kv.first.IsScalar() ? kv.first.Scalar() : "";
    FunctionSpec f;
    size_t open = head.find('(');
    if (open == std::string::npos || head.back() != ')') {
      r.Problem(kv.first, Cat("a function is declared as 'name(param, ...)', not '", head, "'"));
      continue;
    }
    f.name = std::string(absl::StripAsciiWhitespace(head.substr(0, open)));
    std::string params = head.substr(open + 1, head.size() - open - 2);
    for (absl::string_view p : absl::StrSplit(params, ',', absl::SkipWhitespace())) {
      f.params.push_back(std::string(absl::StripAsciiWhitespace(p)));
    }
    if (auto t = r.Text(kv.second, "a function body")) {
      f.body = *t;
      spec->functions.push_back(std::move(f));
    }
  }
}

void ReadInto(const std::string& file, const std::string& text, const PackFileReader& read,
              std::vector<PackProblem>* problems, PackSpec* spec, bool top, int depth) {
  Reader r(file, text, problems);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    r.Problem(e.mark.line + 1, e.mark.column + 1, Cat("YAML: ", YamlErrorMessage(e)));
    return;
  }
  if (auto p = CheckYamlExpansion(root, text.size())) {
    r.Problem(p->line, p->column, p->message);
    return;
  }
  if (!root.IsMap()) {
    r.Problem(1, 1, "a rule pack is a YAML mapping (pack:, rules:, ...)");
    return;
  }
  CheckKeys(
      r, root,
      top ? std::set<std::string>{"pack", "description", "extends", "include", "schema", "options",
                                  "functions", "suppressions", "rules", "overrides"}
          : std::set<std::string>{"rules", "functions", "options", "description"},
      top ? "a rule pack" : "an included file");
  if (top) {
    spec->file = file;
    if (root["pack"])
      spec->name = r.String(root["pack"], "'pack'");
    else
      r.Problem(1, 1, "the pack has no 'pack:' name");
    if (root["description"]) spec->description = r.String(root["description"], "'description'");
    // A pack whose 'extends' is not text extends nothing (not the pack's
    // own folder, as an empty name would).
    if (root["extends"]) {
      if (auto t = r.Text(root["extends"], "'extends'")) spec->extends = t->text;
    }
    if (root["schema"]) {
      spec->schema = SpecValueFromYaml(root["schema"]);
      spec->schema_file = file;
    }
  }
  if (YAML::Node options = root["options"]) {
    if (!options.IsMap()) {
      r.Problem(options, "'options' must be a mapping");
    } else {
      // Files merge key by key, a later value replacing an earlier one.
      for (const auto& kv : options) {
        spec->options.Set(kv.first.Scalar(), SpecValueFromYaml(kv.second));
      }
    }
  }
  if (root["functions"]) ReadFunctions(r, root["functions"], spec);
  if (YAML::Node sups = root["suppressions"]) {
    if (!sups.IsSequence()) r.Problem(sups, "'suppressions' must be a list");
    for (const YAML::Node& s : sups) {
      SuppressionSpec sup;
      CheckKeys(r, s, {"for", "when", "rule", "path"}, "a suppression");
      if (s["for"]) sup.selectors = r.Selectors(s["for"]);
      if (s["when"]) sup.when = r.Text(s["when"], "'when'");
      if (!s["rule"] || !s["path"]) {
        r.Problem(s, "a suppression needs 'for', 'rule' and 'path'");
        continue;
      }
      if (auto t = r.Text(s["rule"], "'rule'")) sup.rule = *t;
      if (auto t = r.Text(s["path"], "'path'")) sup.path = *t;
      spec->suppressions.push_back(std::move(sup));
    }
  }
  if (YAML::Node rules = root["rules"]) {
    if (!rules.IsSequence()) {
      r.Problem(rules, "'rules' must be a list");
    } else {
      for (const YAML::Node& rule : rules) {
        if (!rule.IsMap()) {
          r.Problem(rule, "a rule must be a mapping");
          continue;
        }
        spec->rules.push_back(ReadRule(r, rule));
      }
    }
  }
  if (YAML::Node overrides = root["overrides"]) {
    if (!overrides.IsMap()) r.Problem(overrides, "'overrides' must map rule ids to changes");
    for (const auto& kv : overrides) {
      OverrideSpec o;
      o.file = file;
      o.line = kv.first.Mark().line + 1;
      o.column = kv.first.Mark().column + 1;
      const YAML::Node& body = kv.second;
      if (!body.IsMap()) {
        r.Problem(body, "an override is a mapping (enabled, severity, options)");
        continue;
      }
      CheckKeys(r, body, {"enabled", "severity", "options"}, "an override");
      if (body["enabled"]) o.enabled = r.Bool(body["enabled"], "'enabled'", true);
      if (body["severity"]) o.severity = r.String(body["severity"], "'severity'");
      if (body["options"]) o.options = SpecValueFromYaml(body["options"]);
      spec->overrides[kv.first.Scalar()] = std::move(o);
    }
  }
  if (YAML::Node include = root["include"]) {
    if (!include.IsSequence()) r.Problem(include, "'include' must be a list of file names");
    for (const YAML::Node& inc : include) {
      std::string name = r.String(inc, "an included file name");
      if (name.empty()) continue;
      if (depth > 8) {
        r.Problem(inc, "includes nested too deeply");
        continue;
      }
      std::optional<std::string> body = read(name);
      if (!body) {
        r.Problem(inc, Cat("cannot read included file '", name, "'"));
        continue;
      }
      size_t slash = file.rfind('/');
      std::string label = slash == std::string::npos ? name : file.substr(0, slash + 1) + name;
      ReadInto(label, *body, read, problems, spec, false, depth + 1);
    }
  }
}

}  // namespace

PackSpec ReadPackSpec(const std::string& file, const std::string& text, const PackFileReader& read,
                      std::vector<PackProblem>* problems) {
  PackSpec spec;
  ReadInto(file, text, read, problems, &spec, true, 0);
  return spec;
}

}  // namespace planlint
