#include "core/expr/value_ops.h"
#include "core/util/strings.h"

#include <charconv>
#include <cmath>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace planlint::expr {

std::string_view TypeName(const Value& v) {
  switch (v.kind) {
    case ValueKind::kAbsent:
      return "absent";
    case ValueKind::kNull:
      return "null_type";
    case ValueKind::kBool:
      return "bool";
    case ValueKind::kInt:
      return "int";
    case ValueKind::kUint:
      return "uint";
    case ValueKind::kDouble:
      return "double";
    case ValueKind::kString:
      return "string";
    case ValueKind::kList:
      return "list";
    case ValueKind::kMap:
      return "map";
    case ValueKind::kDate:
      return "date";
    case ValueKind::kType:
      return "type";
    case ValueKind::kError:
      return "error";
  }
  return "?";
}

namespace {

// Compares two numbers of any CEL numeric kinds exactly.
int CompareNumbers(const Value& a, const Value& b) {
  auto sign = [](auto x, auto y) { return x < y ? -1 : (x > y ? 1 : 0); };
  if (a.kind == ValueKind::kInt && b.kind == ValueKind::kInt) return sign(a.i, b.i);
  if (a.kind == ValueKind::kUint && b.kind == ValueKind::kUint) return sign(a.u, b.u);
  if (a.kind == ValueKind::kInt && b.kind == ValueKind::kUint) {
    return a.i < 0 ? -1 : sign(static_cast<uint64_t>(a.i), b.u);
  }
  if (a.kind == ValueKind::kUint && b.kind == ValueKind::kInt) {
    return b.i < 0 ? 1 : sign(a.u, static_cast<uint64_t>(b.i));
  }
  auto as_double = [](const Value& v) {
    return v.kind == ValueKind::kDouble ? v.d
           : v.kind == ValueKind::kInt  ? static_cast<double>(v.i)
                                        : static_cast<double>(v.u);
  };
  double x = as_double(a);
  double y = as_double(b);
  if (std::isnan(x) || std::isnan(y)) return 2;  // unordered
  // An int beyond 2^53 may round; compare the double to the exact integer.
  if (a.kind == ValueKind::kDouble && b.kind != ValueKind::kDouble) return -CompareNumbers(b, a);
  if (a.kind != ValueKind::kDouble && b.kind == ValueKind::kDouble) {
    // Outside [-2^63, 2^63) (int) or [0, 2^64) (uint) the double is beyond
    // every value of the integer type; inside, trunc(y) converts exactly.
    constexpr double kTwo63 = 9223372036854775808.0;
    constexpr double kTwo64 = 18446744073709551616.0;
    if (a.kind == ValueKind::kInt) {
      if (y >= kTwo63) return -1;
      if (y < -kTwo63) return 1;
    } else if (y >= kTwo64) {
      return -1;
    }
    if (a.kind == ValueKind::kInt) {
      double t = std::trunc(y);
      int64_t ti = static_cast<int64_t>(t);
      if (a.i != ti) return sign(a.i, ti);
      return sign(0.0, y - t);
    }
    if (y < 0) return 1;
    double t = std::trunc(y);
    uint64_t tu = static_cast<uint64_t>(t);
    if (a.u != tu) return sign(a.u, tu);
    return sign(0.0, y - t);
  }
  return sign(x, y);
}

}  // namespace

Value Equal(EvalContext& ctx, const Value& a, const Value& b) {
  if (a.is_error()) return a;
  if (b.is_error()) return b;
  if (a.is_number() && b.is_number()) return Value::Bool(CompareNumbers(a, b) == 0);
  if (a.kind != b.kind) return Value::Bool(false);
  switch (a.kind) {
    case ValueKind::kAbsent:
    case ValueKind::kNull:
      return Value::Bool(true);
    case ValueKind::kBool:
      return Value::Bool(a.b == b.b);
    case ValueKind::kString:
    case ValueKind::kType:
      return Value::Bool(a.string() == b.string());
    case ValueKind::kDate:
      return Value::Bool(a.date == b.date);
    case ValueKind::kList: {
      auto x = ctx.Items(a);
      auto y = ctx.Items(b);
      if (x.size() != y.size()) return Value::Bool(false);
      Value result = Value::Bool(true);
      for (size_t i = 0; i < x.size(); ++i) {
        Value e = Equal(ctx, x[i], y[i]);
        if (e.is_bool() && !e.b) return e;
        if (e.is_error()) result = e;
      }
      return result;
    }
    case ValueKind::kMap: {
      std::vector<std::pair<Value, Value>> x, y;
      ctx.Entries(a, &x);
      ctx.Entries(b, &y);
      if (x.size() != y.size()) return Value::Bool(false);
      Value result = Value::Bool(true);
      for (const auto& [k, v] : x) {
        bool found = false;
        for (const auto& [k2, v2] : y) {
          if (EqualBool(ctx, k, k2)) {
            found = true;
            Value e = Equal(ctx, v, v2);
            if (e.is_bool() && !e.b) return e;
            if (e.is_error()) result = e;
            break;
          }
        }
        if (!found) return Value::Bool(false);
      }
      return result;
    }
    default:
      return Value::Bool(false);
  }
}

bool EqualBool(EvalContext& ctx, const Value& a, const Value& b) {
  Value e = Equal(ctx, a, b);
  return e.is_bool() && e.b;
}

std::optional<int> Compare(const Value& a, const Value& b) {
  const int c = Order(a, b);
  if (c == kUnordered) return std::nullopt;
  return c;
}

int Order(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) return CompareNumbers(a, b);  // 2 for NaN
  if (a.kind != b.kind) return kUnordered;
  auto sign = [](auto x, auto y) { return x < y ? -1 : (x > y ? 1 : 0); };
  switch (a.kind) {
    case ValueKind::kString:
      return sign(a.string().compare(b.string()), 0);
    case ValueKind::kBool:
      return sign(a.b, b.b);
    case ValueKind::kDate:
      return sign(a.date, b.date);
    default:
      return kUnordered;
  }
}

std::optional<std::string> HashKey(EvalContext& ctx, const Value& v) {
  (void)ctx;
  switch (v.kind) {
    case ValueKind::kString:
      return Cat("s", v.string());
    case ValueKind::kBool:
      return v.b ? "bt" : "bf";
    case ValueKind::kNull:
      return "n";
    case ValueKind::kDate:
      return Cat("d", v.date);
    case ValueKind::kInt:
      return Cat("#", v.i);
    case ValueKind::kUint:
      return Cat("#", v.u);
    case ValueKind::kDouble: {
      if (v.d == std::trunc(v.d) && std::fabs(v.d) < 9.2e18) {
        return Cat("#", static_cast<int64_t>(v.d));
      }
      return Cat("#", FormatDouble(v.d));
    }
    default:
      return std::nullopt;
  }
}

std::optional<ValueKey> KeyOf(EvalContext& ctx, const Value& v) {
  using Tag = ValueKey::Tag;
  switch (v.kind) {
    case ValueKind::kString:
      return ValueKey{Tag::kString, 0, v.string()};
    case ValueKind::kBool:
      return ValueKey{Tag::kBool, v.b ? 1 : 0, {}};
    case ValueKind::kNull:
      return ValueKey{Tag::kNull, 0, {}};
    case ValueKind::kDate:
      return ValueKey{Tag::kDate, v.date, {}};
    case ValueKind::kInt:
      return ValueKey{Tag::kNumber, v.i, {}};
    case ValueKind::kUint:
      if (v.u <= static_cast<uint64_t>(INT64_MAX)) {
        return ValueKey{Tag::kNumber, static_cast<int64_t>(v.u), {}};
      }
      break;
    case ValueKind::kDouble:
      // HashKey's own test for a double it writes as an integer.
      if (v.d == std::trunc(v.d) && std::fabs(v.d) < 9.2e18) {
        return ValueKey{Tag::kNumber, static_cast<int64_t>(v.d), {}};
      }
      break;
    default:
      return std::nullopt;
  }
  // Rare: a uint above INT64_MAX or a double that is no small integer. Its
  // HashKey text, unless that text is how HashKey writes an int64 (as a
  // large integral double can be): then it is that number's key.
  std::string key = *HashKey(ctx, v);
  std::string_view digits = std::string_view(key).substr(1);  // after '#'
  int64_t i = 0;
  if (absl::SimpleAtoi(Sv(digits), &i) && Cat(i) == digits) return ValueKey{Tag::kNumber, i, {}};
  return ValueKey{Tag::kOther, 0, ctx.Copy(key)};
}

std::string FormatDouble(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == std::trunc(d) && std::fabs(d) < 1e15) {
    return Cat(static_cast<int64_t>(d));
  }
  char buf[64];
  auto result = std::to_chars(buf, buf + sizeof(buf), d);
  return std::string(buf, result.ptr);
}

std::string Render(EvalContext& ctx, const Value& v) {
  switch (v.kind) {
    case ValueKind::kAbsent:
    case ValueKind::kNull:
      return "";
    case ValueKind::kBool:
      return v.b ? "true" : "false";
    case ValueKind::kInt:
      return Cat(v.i);
    case ValueKind::kUint:
      return Cat(v.u);
    case ValueKind::kDouble:
      return FormatDouble(v.d);
    case ValueKind::kString:
    case ValueKind::kType:
    case ValueKind::kError:
      return std::string(v.string());
    case ValueKind::kDate:
      return text::FormatDate(v.date);
    case ValueKind::kList: {
      std::vector<std::string> parts;
      for (const Value& item : ctx.Items(v)) parts.push_back(Render(ctx, item));
      return absl::StrJoin(parts, ", ");
    }
    case ValueKind::kMap:
      return ToJson(ctx, v);
  }
  return "";
}

std::string RenderForMessage(EvalContext& ctx, const Value& v) {
  std::string out = Render(ctx, v);
  if (out.size() <= kMessagePartLimit) return out;
  size_t code_points = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    if ((static_cast<unsigned char>(out[i]) & 0xC0) == 0x80) continue;
    if (code_points == kMessagePartLimit) {
      out.resize(i);
      out += "\u2026";
      break;
    }
    ++code_points;
  }
  return out;
}

namespace {
void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20) {
          Append(out, "\\u00", absl::Hex(c, absl::kZeroPad2));
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

void AppendJson(EvalContext& ctx, const Value& v, std::string* out, int depth) {
  if (depth > 200) {
    out->append("\"...\"");
    return;
  }
  switch (v.kind) {
    case ValueKind::kAbsent:
    case ValueKind::kNull:
      out->append("null");
      return;
    case ValueKind::kBool:
      out->append(v.b ? "true" : "false");
      return;
    case ValueKind::kInt:
      Append(out, v.i);
      return;
    case ValueKind::kUint:
      Append(out, v.u);
      return;
    case ValueKind::kDouble:
      if (std::isfinite(v.d)) {
        out->append(FormatDouble(v.d));
      } else {
        AppendJsonString(FormatDouble(v.d), out);
      }
      return;
    case ValueKind::kString:
      AppendJsonString(v.string(), out);
      return;
    case ValueKind::kType:
      AppendJsonString(v.string(), out);
      return;
    case ValueKind::kDate:
      AppendJsonString(text::FormatDate(v.date), out);
      return;
    case ValueKind::kError:
      out->append("{\"error\": ");
      AppendJsonString(v.string(), out);
      out->append("}");
      return;
    case ValueKind::kList: {
      out->push_back('[');
      bool first = true;
      for (const Value& item : ctx.Items(v)) {
        if (!first) out->append(", ");
        first = false;
        AppendJson(ctx, item, out, depth + 1);
      }
      out->push_back(']');
      return;
    }
    case ValueKind::kMap: {
      std::vector<std::pair<Value, Value>> entries;
      ctx.Entries(v, &entries);
      out->push_back('{');
      bool first = true;
      for (const auto& [k, val] : entries) {
        if (!first) out->append(", ");
        first = false;
        AppendJsonString(Render(ctx, k), out);
        out->append(": ");
        AppendJson(ctx, val, out, depth + 1);
      }
      out->push_back('}');
      return;
    }
  }
}
}  // namespace

std::string ToJson(EvalContext& ctx, const Value& v) {
  std::string out;
  AppendJson(ctx, v, &out, 0);
  return out;
}

}  // namespace planlint::expr
