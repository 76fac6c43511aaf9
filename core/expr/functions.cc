#include "core/expr/functions.h"
#include "core/util/strings.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "core/expr/inline_functions.h"
#include "core/expr/selector.h"
#include "core/expr/step_errors.h"
#include "core/expr/value_ops.h"
#include "core/text/date.h"
#include "core/text/unicode.h"
#include "re2/re2.h"

namespace planlint::expr {

Value NoOverload(EvalContext& ctx, std::string_view function, const Value* args, size_t n) {
  std::vector<std::string> types;
  for (size_t i = 0; i < n; ++i) types.push_back(std::string(TypeName(args[i])));
  return ctx.MakeError(Cat("no matching overload for '", function, "' applied to (",
                           absl::StrJoin(types, ", "), ")"));
}

Value PointerNotFromPlan(EvalContext& ctx) {
  return ctx.MakeError("pointer: the value does not come from the plan");
}

[[gnu::cold, gnu::noinline]] Value NotADate(EvalContext& ctx, const Value& v) {
  return ctx.MakeError(Cat("not a valid date: '", v.string(), "'"));
}

bool IsEmptyValue(EvalContext& ctx, const Value& v) {
  switch (v.kind) {
    case ValueKind::kAbsent:
    case ValueKind::kNull:
      return true;
    case ValueKind::kString:
      return text::Trim(v.string()).empty();
    case ValueKind::kList:
    case ValueKind::kMap:
      return ctx.Size(v) == 0;
    default:
      return false;
  }
}

Value FindAllMatches(EvalContext& ctx, const Value& s, const RE2& re, const MatchStarts& starts) {
  absl::InlinedVector<Value, 8> found;
  if (!s.is_string()) return ctx.MakeList(found);
  const std::string_view text = s.string();
  size_t pos = 0;
  re2::StringPiece match;
  while (pos <= text.size()) {
    if (!starts.Find(re, text, pos, &match)) break;
    if (!ctx.Charge(1)) return CostError(ctx);
    found.push_back(Value::String(std::string_view(match.data(), match.size())));
    size_t end = static_cast<size_t>(match.data() - text.data()) + match.size();
    if (match.empty()) {
      if (end >= text.size()) break;
      size_t i = end;
      text::DecodeUtf8(text, i);
      pos = i;
    } else {
      pos = end;
    }
  }
  return ctx.MakeList(found);
}

Value CompareValues(EvalContext& ctx, const Value* a, int want) {
  static constexpr std::string_view kNames[] = {"_<_", "_<=_", "_>_", "_>=_"};
  const int c = Order(a[0], a[1]);
  if (c == kUnordered) {
    // NaN compares false; anything else has no overload.
    if (a[0].is_number() && a[1].is_number()) return Value::Bool(false);
    return NoOverload(ctx, kNames[want], a, 2);
  }
  switch (want) {
    case 0:
      return Value::Bool(c < 0);
    case 1:
      return Value::Bool(c <= 0);
    case 2:
      return Value::Bool(c > 0);
    default:
      return Value::Bool(c >= 0);
  }
}

Value InValues(EvalContext& ctx, const Value* a) {
  const Value& elem = a[0];
  const Value& container = a[1];
  if (container.kind == ValueKind::kList) {
    // A linear search: a unit per item (set() makes a hash look-up).
    if (!ctx.Charge(ctx.Size(container))) return CostError(ctx);
    Value result = Value::Bool(false);
    const bool text = elem.kind == ValueKind::kString;
    for (const Value& item : ctx.Items(container)) {
      // A string against a string item: Equal's answer without the call.
      if (text && item.kind == ValueKind::kString) {
        if (item.string() == elem.string()) return Value::Bool(true);
        continue;
      }
      Value e = Equal(ctx, elem, item);
      if (e.is_bool() && e.b) return e;
      if (e.is_error()) result = e;
    }
    return result;
  }
  if (container.kind == ValueKind::kMap) {
    if (elem.kind == ValueKind::kString) {
      Value member;
      return Value::Bool(ctx.MemberInto(container, KeyRef{elem.string()}, &member));
    }
    if (!ctx.Charge(ctx.Size(container))) return CostError(ctx);
    std::vector<std::pair<Value, Value>> entries;
    ctx.Entries(container, &entries);
    for (const auto& [k, v] : entries) {
      if (EqualBool(ctx, elem, k)) return Value::Bool(true);
    }
    return Value::Bool(false);
  }
  return NoOverload(ctx, "@in", a, 2);
}

namespace {

using Args = const Value*;

// The cost of comparing aggregates: one unit per item or member.
bool ChargeAggregate(EvalContext& ctx, const Value& v) {
  if (v.kind != ValueKind::kList && v.kind != ValueKind::kMap) return true;
  return ctx.Charge(ctx.Size(v));
}

// ----- Operators -------------------------------------------------------------

Value NegFn(EvalContext& ctx, Args a, size_t n) {
  if (a[0].kind == ValueKind::kInt) {
    if (a[0].i == std::numeric_limits<int64_t>::min()) return ctx.MakeError("int overflow");
    return Value::Int(-a[0].i);
  }
  if (a[0].kind == ValueKind::kDouble) return Value::Double(-a[0].d);
  return NoOverload(ctx, "-_", a, n);
}

Value EqFn(EvalContext& ctx, Args a, size_t) {
  if (!ChargeAggregate(ctx, a[0])) return CostError(ctx);
  return Equal(ctx, a[0], a[1]);
}
Value NeFn(EvalContext& ctx, Args a, size_t) {
  if (!ChargeAggregate(ctx, a[0])) return CostError(ctx);
  Value e = Equal(ctx, a[0], a[1]);
  if (e.is_bool()) e.b = !e.b;
  return e;
}

Value AddFn(EvalContext& ctx, Args a, size_t n) {
  const Value& x = a[0];
  const Value& y = a[1];
  if (x.kind != y.kind) return NoOverload(ctx, "_+_", a, n);
  switch (x.kind) {
    case ValueKind::kInt: {
      int64_t r;
      if (__builtin_add_overflow(x.i, y.i, &r)) return ctx.MakeError("int overflow");
      return Value::Int(r);
    }
    case ValueKind::kUint: {
      uint64_t r;
      if (__builtin_add_overflow(x.u, y.u, &r)) return ctx.MakeError("uint overflow");
      return Value::Uint(r);
    }
    case ValueKind::kDouble:
      return Value::Double(x.d + y.d);
    case ValueKind::kString: {
      if (!ctx.Charge(x.str.size + y.str.size)) return CostError(ctx);
      return ctx.MakeString(Cat(x.string(), y.string()));
    }
    case ValueKind::kList: {
      auto p = ctx.Items(x);
      auto q = ctx.Items(y);
      if (!ctx.Charge(p.size() + q.size())) return CostError(ctx);
      std::vector<Value> items(p.begin(), p.end());
      items.insert(items.end(), q.begin(), q.end());
      return ctx.MakeList(items);
    }
    default:
      return NoOverload(ctx, "_+_", a, n);
  }
}

template <char kOp>
Value ArithFn(EvalContext& ctx, Args a, size_t n) {
  static constexpr char kName[] = {'_', kOp, '_', 0};
  const Value& x = a[0];
  const Value& y = a[1];
  if (x.kind != y.kind) return NoOverload(ctx, kName, a, n);
  if (x.kind == ValueKind::kInt) {
    int64_t r = 0;
    bool overflow = false;
    if constexpr (kOp == '-') overflow = __builtin_sub_overflow(x.i, y.i, &r);
    if constexpr (kOp == '*') overflow = __builtin_mul_overflow(x.i, y.i, &r);
    if constexpr (kOp == '/' || kOp == '%') {
      if (y.i == 0) return ctx.MakeError(kOp == '/' ? "division by zero" : "modulus by zero");
      if (x.i == std::numeric_limits<int64_t>::min() && y.i == -1) {
        overflow = true;
      } else {
        r = kOp == '/' ? x.i / y.i : x.i % y.i;
      }
    }
    if (overflow) return ctx.MakeError("int overflow");
    return Value::Int(r);
  }
  if (x.kind == ValueKind::kUint) {
    uint64_t r = 0;
    bool overflow = false;
    if constexpr (kOp == '-') overflow = __builtin_sub_overflow(x.u, y.u, &r);
    if constexpr (kOp == '*') overflow = __builtin_mul_overflow(x.u, y.u, &r);
    if constexpr (kOp == '/' || kOp == '%') {
      if (y.u == 0) return ctx.MakeError(kOp == '/' ? "division by zero" : "modulus by zero");
      r = kOp == '/' ? x.u / y.u : x.u % y.u;
    }
    if (overflow) return ctx.MakeError("uint overflow");
    return Value::Uint(r);
  }
  if (x.kind == ValueKind::kDouble && kOp != '%') {
    if constexpr (kOp == '-') return Value::Double(x.d - y.d);
    if constexpr (kOp == '*') return Value::Double(x.d * y.d);
    if constexpr (kOp == '/') return Value::Double(x.d / y.d);
  }
  return NoOverload(ctx, kName, a, n);
}

// ----- CEL standard functions ------------------------------------------------

Value SizeFn(EvalContext& ctx, Args a, size_t n) {
  switch (a[0].kind) {
    case ValueKind::kString:
      return Value::Int(static_cast<int64_t>(text::CountCodePoints(a[0].string())));
    case ValueKind::kList:
    case ValueKind::kMap:
      return Value::Int(static_cast<int64_t>(ctx.Size(a[0])));
    default:
      return NoOverload(ctx, "size", a, n);
  }
}

Value TypeFn(EvalContext&, Args a, size_t) {
  if (a[0].kind == ValueKind::kType) return Value::Type("type");
  return Value::Type(TypeName(a[0]));
}

// absl's Simple* parsers skip white space around the number; CEL's
// conversions (Go's strconv) do not.
bool HasOuterSpace(std::string_view s) {
  return !s.empty() && (absl::ascii_isspace(static_cast<unsigned char>(s.front())) ||
                        absl::ascii_isspace(static_cast<unsigned char>(s.back())));
}

Value IntFn(EvalContext& ctx, Args a, size_t n) {
  const Value& v = a[0];
  switch (v.kind) {
    case ValueKind::kInt:
      return v;
    case ValueKind::kUint:
      if (v.u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return ctx.MakeError("range error converting uint to int");
      }
      return Value::Int(static_cast<int64_t>(v.u));
    case ValueKind::kDouble:
      if (!std::isfinite(v.d) || v.d <= -9.223372036854775808e18 ||
          v.d >= 9.223372036854775807e18) {
        return ctx.MakeError("range error converting double to int");
      }
      return Value::Int(static_cast<int64_t>(v.d));
    case ValueKind::kString: {
      int64_t i;
      if (HasOuterSpace(v.string()) || !absl::SimpleAtoi(Sv(v.string()), &i)) {
        return ctx.MakeError("cannot convert string to int");
      }
      return Value::Int(i);
    }
    default:
      return NoOverload(ctx, "int", a, n);
  }
}

Value UintFn(EvalContext& ctx, Args a, size_t n) {
  const Value& v = a[0];
  switch (v.kind) {
    case ValueKind::kUint:
      return v;
    case ValueKind::kInt:
      if (v.i < 0) return ctx.MakeError("range error converting int to uint");
      return Value::Uint(static_cast<uint64_t>(v.i));
    case ValueKind::kDouble:
      if (!std::isfinite(v.d) || v.d < 0 || v.d >= 1.8446744073709552e19) {
        return ctx.MakeError("range error converting double to uint");
      }
      return Value::Uint(static_cast<uint64_t>(v.d));
    case ValueKind::kString: {
      uint64_t u;
      // As cel-go (strconv.ParseUint), no sign at all: "+1" is refused too.
      if (HasOuterSpace(v.string()) || v.string().starts_with('+') ||
          !absl::SimpleAtoi(Sv(v.string()), &u)) {
        return ctx.MakeError("cannot convert string to uint");
      }
      return Value::Uint(u);
    }
    default:
      return NoOverload(ctx, "uint", a, n);
  }
}

// "0x10": as in cel-go (strconv.ParseFloat), a hexadecimal number is a
// double only with its binary exponent ("0x1p4").
bool HexWithoutExponent(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  return s.size() > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
         s.find_first_of("pP") == std::string_view::npos;
}

Value DoubleFn(EvalContext& ctx, Args a, size_t n) {
  const Value& v = a[0];
  switch (v.kind) {
    case ValueKind::kDouble:
      return v;
    case ValueKind::kInt:
      return Value::Double(static_cast<double>(v.i));
    case ValueKind::kUint:
      return Value::Double(static_cast<double>(v.u));
    case ValueKind::kString: {
      double d;
      if (HasOuterSpace(v.string()) || HexWithoutExponent(v.string()) ||
          !absl::SimpleAtod(Sv(v.string()), &d)) {
        return ctx.MakeError("cannot convert string to double");
      }
      // Out of range ("1e400") is an error; only "inf"/"infinity" mean it.
      if (std::isinf(d) && !absl::StrContains(absl::AsciiStrToLower(Sv(v.string())), "inf")) {
        return ctx.MakeError("cannot convert string to double: out of range");
      }
      return Value::Double(d);
    }
    default:
      return NoOverload(ctx, "double", a, n);
  }
}

Value StringFn(EvalContext& ctx, Args a, size_t n) {
  const Value& v = a[0];
  switch (v.kind) {
    case ValueKind::kString:
      return v;
    case ValueKind::kInt:
    case ValueKind::kUint:
    case ValueKind::kDouble:
    case ValueKind::kBool:
    case ValueKind::kDate:
      return ctx.MakeString(Render(ctx, v));
    default:
      return NoOverload(ctx, "string", a, n);
  }
}

Value BoolFn(EvalContext& ctx, Args a, size_t n) {
  const Value& v = a[0];
  if (v.is_bool()) return v;
  if (v.is_string()) {
    std::string_view s = v.string();
    if (s == "true" || s == "True" || s == "TRUE" || s == "t" || s == "1") return Value::Bool(true);
    if (s == "false" || s == "False" || s == "FALSE" || s == "f" || s == "0")
      return Value::Bool(false);
    return ctx.MakeError("cannot convert string to bool");
  }
  return NoOverload(ctx, "bool", a, n);
}

template <int kWhich>
Value StringPredicateFn(EvalContext& ctx, Args a, size_t n) {
  static constexpr std::string_view kNames[] = {"contains", "startsWith", "endsWith"};
  if (!a[0].is_string() || !a[1].is_string()) return NoOverload(ctx, kNames[kWhich], a, n);
  std::string_view s = a[0].string();
  std::string_view t = a[1].string();
  if constexpr (kWhich == 0) return Value::Bool(s.find(t) != std::string_view::npos);
  if constexpr (kWhich == 1) return Value::Bool(s.substr(0, t.size()) == t);
  return Value::Bool(s.size() >= t.size() && s.substr(s.size() - t.size()) == t);
}

Value MatchesFn(EvalContext& ctx, Args a, size_t n) {
  if (!a[0].is_string() || !a[1].is_string()) return NoOverload(ctx, "matches", a, n);
  std::string error;
  const RE2* re = ctx.Regex(a[1].string(), &error);
  if (re == nullptr) return ctx.MakeError(Cat("invalid regular expression: ", error));
  if (!ctx.Charge(a[0].str.size / 16 + 1)) return CostError(ctx);
  return Value::Bool(RE2::PartialMatch(a[0].string(), *re));
}

Value LowerAsciiFn(EvalContext& ctx, Args a, size_t n) {
  if (!a[0].is_string()) return NoOverload(ctx, "lowerAscii", a, n);
  return ctx.MakeString(absl::AsciiStrToLower(Sv(a[0].string())));
}

Value UpperAsciiFn(EvalContext& ctx, Args a, size_t n) {
  if (!a[0].is_string()) return NoOverload(ctx, "upperAscii", a, n);
  return ctx.MakeString(absl::AsciiStrToUpper(Sv(a[0].string())));
}

// CEL's trim: Unicode White_Space at both ends.
bool IsCelSpace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

Value TrimFn(EvalContext& ctx, Args a, size_t n) {
  if (!a[0].is_string()) return NoOverload(ctx, "trim", a, n);
  std::string_view s = a[0].string();
  size_t begin = 0;
  while (begin < s.size()) {
    size_t i = begin;
    if (!IsCelSpace(text::DecodeUtf8(s, i))) break;
    begin = i;
  }
  size_t end = s.size();
  while (end > begin) {
    size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    size_t i = start;
    if (!IsCelSpace(text::DecodeUtf8(s, i))) break;
    end = start;
  }
  return Value::String(s.substr(begin, end - begin));
}

Value JoinFn(EvalContext& ctx, Args a, size_t n) {
  if (a[0].kind != ValueKind::kList || (n == 2 && !a[1].is_string()))
    return NoOverload(ctx, "join", a, n);
  std::string sep = n == 2 ? std::string(a[1].string()) : "";
  std::string out;
  bool first = true;
  for (const Value& item : ctx.Items(a[0])) {
    if (!item.is_string()) return ctx.MakeError("join: list items must be strings");
    if (!first) out += sep;
    first = false;
    out += item.string();
  }
  if (!ctx.Charge(out.size() / 16 + 1)) return CostError(ctx);
  return ctx.MakeString(out);
}

Value SplitFn(EvalContext& ctx, Args a, size_t n) {
  if (!a[0].is_string() || !a[1].is_string()) return NoOverload(ctx, "split", a, n);
  std::vector<Value> items;
  std::string_view s = a[0].string();
  std::string_view sep = a[1].string();
  if (sep.empty()) {
    size_t i = 0;
    while (i < s.size()) {
      size_t start = i;
      text::DecodeUtf8(s, i);
      items.push_back(Value::String(s.substr(start, i - start)));
    }
  } else {
    for (absl::string_view part : absl::StrSplit(Sv(s), Sv(sep)))
      items.push_back(Value::String(Sv(part)));
  }
  if (!ctx.Charge(items.size())) return CostError(ctx);
  return ctx.MakeList(items);
}

Value ReplaceFn(EvalContext& ctx, Args a, size_t n) {
  if (!a[0].is_string() || !a[1].is_string() || !a[2].is_string())
    return NoOverload(ctx, "replace", a, n);
  if (a[1].str.size == 0) return a[0];
  std::string out =
      absl::StrReplaceAll(Sv(a[0].string()), {{Sv(a[1].string()), Sv(a[2].string())}});
  if (!ctx.Charge(out.size() / 16 + 1)) return CostError(ctx);
  return ctx.MakeString(out);
}

Value FlattenFn(EvalContext& ctx, Args a, size_t n) {
  if (a[0].kind != ValueKind::kList) return NoOverload(ctx, "flatten", a, n);
  std::vector<Value> items;
  for (const Value& item : ctx.Items(a[0])) {
    if (item.kind == ValueKind::kList) {
      auto inner = ctx.Items(item);
      items.insert(items.end(), inner.begin(), inner.end());
    } else {
      items.push_back(item);
    }
  }
  if (!ctx.Charge(items.size())) return CostError(ctx);
  return ctx.MakeList(items);
}

// ----- Presence and JSON types -----------------------------------------------

std::string_view JsonTypeOf(const Value& v) {
  switch (v.kind) {
    case ValueKind::kAbsent:
      return "absent";
    case ValueKind::kNull:
      return "null";
    case ValueKind::kBool:
      return "boolean";
    case ValueKind::kInt:
    case ValueKind::kUint:
    case ValueKind::kDouble:
      return "number";
    case ValueKind::kString:
      return "string";
    case ValueKind::kList:
      return "array";
    case ValueKind::kMap:
      return "object";
    case ValueKind::kDate:
      return "date";
    case ValueKind::kType:
      return "type";
    case ValueKind::kError:
      return "error";
  }
  return "?";
}

Value JsonTypeFn(EvalContext&, Args a, size_t) { return Value::String(JsonTypeOf(a[0])); }

Value RawFn(EvalContext& ctx, Args a, size_t) {
  Value v = a[0];
  if (v.node == kNoNode || ctx.plan() == nullptr) return v;
  return ctx.NodeValue(v.node, true);
}

Value PointerFn(EvalContext& ctx, Args a, size_t) {
  if (a[0].node == kNoNode || ctx.plan() == nullptr) return PointerNotFromPlan(ctx);
  return Value::String(ctx.PointerOf(a[0].node));
}

Value KeyFn(EvalContext& ctx, Args a, size_t) {
  if (a[0].node == kNoNode || ctx.plan() == nullptr) {
    return ctx.MakeError("key: the value does not come from the plan");
  }
  return Value::String(ctx.plan()->key(a[0].node));
}

bool IsUnder(const Plan& plan, NodeId n, NodeId ancestor) {
  for (NodeId cur = n; cur != kNoNode; cur = plan.parent(cur)) {
    if (cur == ancestor) return true;
  }
  return false;
}

Value TypeErrorsFn(EvalContext& ctx, Args a, size_t) {
  std::vector<Value> records;
  if (ctx.plan() == nullptr || a[0].node == kNoNode) return ctx.MakeList(records);
  static const Value kKeys[] = {Value::String("node"), Value::String("expected"),
                                Value::String("found")};
  if (!ctx.Charge(ctx.typed_view().errors().size())) return CostError(ctx);
  for (const TypedView::TypeError& e : ctx.typed_view().errors()) {
    if (!IsUnder(*ctx.plan(), e.node, a[0].node)) continue;
    Value values[] = {ctx.NodeValue(e.node, true), ctx.MakeString(e.expected),
                      Value::String(JsonKindName(ctx.plan()->kind(e.node)))};
    records.push_back(ctx.MakeMap(kKeys, values));
  }
  return ctx.MakeList(records);
}

// ----- Text -------------------------------------------------------------------

// Runs text::CollapseTo/FoldCaseTo/NormalizeNameTo into `buffer` (grown,
// never shrunk, so that it is sized once per check) and returns the result.
std::string_view TransformInto(size_t (*to)(std::string_view, char*), std::string_view s,
                               std::string* buffer) {
  const size_t need = text::MaxTextSize(s.size());
  if (buffer->size() < need) buffer->resize(std::max(need, buffer->size() * 2));
  return std::string_view(buffer->data(), to(s, buffer->data()));
}

template <int kWhich>
Value TextFn(EvalContext& ctx, Args a, size_t n) {
  static constexpr std::string_view kNames[] = {"trimmed", "collapsed", "fold", "normName"};
  if (!a[0].is_string()) return NoOverload(ctx, kNames[kWhich], a, n);
  std::string_view s = a[0].string();
  if constexpr (kWhich == 0) {
    return Value::String(text::Trim(s));
  } else {
    static constexpr size_t (*kTo[])(std::string_view, char*) = {
        nullptr, text::CollapseTo, text::FoldCaseTo, text::NormalizeNameTo};
    const std::string_view out = TransformInto(kTo[kWhich], s, ctx.text_buffer());
    // Text is often in that form already: then no copy.
    if (out == s) return Value::String(s);
    return ctx.MakeString(out);
  }
}

Value AliasFn(EvalContext& ctx, Args a, size_t n) {
  if (!a[0].is_string() || a[1].kind != ValueKind::kMap) return NoOverload(ctx, "alias", a, n);
  // The input's normal form, copied once; each key's into the buffer.
  std::string* buffer = ctx.text_buffer();
  const std::string_view input = a[0].string();
  std::string_view norm = TransformInto(text::NormalizeNameTo, input, buffer);
  norm = norm == input ? input : ctx.Copy(norm);
  std::vector<std::pair<Value, Value>> entries;
  ctx.Entries(a[1], &entries);
  for (const auto& [k, v] : entries) {
    if (k.is_string() && v.is_string() &&
        TransformInto(text::NormalizeNameTo, k.string(), buffer) == norm) {
      return ctx.MakeString(TransformInto(text::NormalizeNameTo, v.string(), buffer));
    }
  }
  return Value::String(norm);
}

Value FindAllFn(EvalContext& ctx, Args a, size_t n) {
  if (!a[1].is_string()) return NoOverload(ctx, "findAll", a, n);
  if (!a[0].is_string()) return ctx.MakeList(std::span<const Value>());
  std::string error;
  const RE2* re = ctx.Regex(a[1].string(), &error);
  if (re == nullptr) return ctx.MakeError(Cat("invalid regular expression: ", error));
  return FindAllMatches(ctx, a[0], *re, MatchStarts());
}

Value ReReplaceFn(EvalContext& ctx, Args a, size_t n) {
  if (!a[0].is_string() || !a[1].is_string() || !a[2].is_string()) {
    return NoOverload(ctx, "reReplace", a, n);
  }
  std::string error;
  const RE2* re = ctx.Regex(a[1].string(), &error);
  if (re == nullptr) return ctx.MakeError(Cat("invalid regular expression: ", error));
  if (!re->CheckRewriteString(a[2].string(), &error)) {
    return ctx.MakeError(Cat("reReplace: ", error));
  }
  std::string out(a[0].string());
  RE2::GlobalReplace(&out, *re, a[2].string());
  if (!ctx.Charge(out.size() / 16 + 1)) return CostError(ctx);
  return ctx.MakeString(out);
}

Value QuoteRegexFn(EvalContext& ctx, Args a, size_t n) {
  if (!a[0].is_string()) return NoOverload(ctx, "quoteRegex", a, n);
  return ctx.MakeString(RE2::QuoteMeta(a[0].string()));
}

Value DigitsFn(EvalContext& ctx, Args a, size_t n) {
  if (!a[0].is_string()) return NoOverload(ctx, "digits", a, n);
  int64_t count = 0;
  for (char c : a[0].string()) count += (c >= '0' && c <= '9') ? 1 : 0;
  return Value::Int(count);
}

// ----- Dates --------------------------------------------------------------------

Value DaysFn(EvalContext& ctx, Args a, size_t n) {
  if (a[0].kind != ValueKind::kDate || a[1].kind != ValueKind::kDate)
    return NoOverload(ctx, "days", a, n);
  return Value::Int(int64_t{a[1].date} - a[0].date);
}

Value WorkdaysFn(EvalContext& ctx, Args a, size_t n) {
  if (a[0].kind != ValueKind::kDate || a[1].kind != ValueKind::kDate) {
    return NoOverload(ctx, "workdays", a, n);
  }
  return Value::Int(text::WorkingDays(a[0].date, a[1].date));
}

// addDays(d, n): the date n days after d (before it when n < 0); an error
// outside years 0001-9999.
Value AddDaysFn(EvalContext& ctx, Args a, size_t n) {
  if (a[0].kind != ValueKind::kDate || a[1].kind != ValueKind::kInt) {
    return NoOverload(ctx, "addDays", a, n);
  }
  static const int64_t kFirst = *text::MakeDate(1, 1, 1);
  static const int64_t kLast = *text::MakeDate(9999, 12, 31);
  int64_t day = int64_t{a[0].date} + a[1].i;
  if (a[1].i > kLast - kFirst || a[1].i < kFirst - kLast || day < kFirst || day > kLast) {
    return ctx.MakeError("addDays: the date falls outside years 0001-9999");
  }
  return Value::Date(static_cast<text::DayNumber>(day));
}

template <bool kMax>
Value ExtremeFn(EvalContext& ctx, Args a, size_t n) {
  std::string_view name = kMax ? "max" : "min";
  if (a[0].kind != ValueKind::kList) return NoOverload(ctx, name, a, n);
  auto items = ctx.Items(a[0]);
  if (items.empty()) return ctx.MakeError(Cat(name, " of an empty list"));
  if (!ctx.Charge(items.size())) return CostError(ctx);
  Value best = items[0];
  for (const Value& item : items.subspan(1)) {
    const int c = Order(item, best);
    if (c == kUnordered) return NoOverload(ctx, name, a, n);
    if (kMax ? c > 0 : c < 0) best = item;
  }
  return best;
}

// ----- The whole document -------------------------------------------------------

Value StringsFn(EvalContext& ctx, Args a, size_t) {
  std::vector<Value> out;
  if (a[0].is_string()) {
    out.push_back(a[0]);
  } else if (a[0].node != kNoNode && ctx.plan() != nullptr) {
    const Plan& plan = *ctx.plan();
    bool done = ctx.WalkVisible(a[0].node, [&](NodeId n) {
      if (plan.kind(n) == JsonKind::kString) out.push_back(ctx.NodeValue(n, true));
    });
    if (!done) return CostError(ctx);
  }
  return ctx.MakeList(out);
}

Value FindStringsFn(EvalContext& ctx, Args a, size_t n) {
  if (!a[1].is_string()) return NoOverload(ctx, "findStrings", a, n);
  std::string error;
  const RE2* re = ctx.Regex(a[1].string(), &error);
  if (re == nullptr) return ctx.MakeError(Cat("invalid regular expression: ", error));
  Value all = StringsFn(ctx, a, 1);
  if (all.is_error()) return all;
  std::vector<Value> out;
  for (const Value& s : ctx.Items(all)) {
    if (RE2::PartialMatch(s.string(), *re)) out.push_back(s);
  }
  return ctx.MakeList(out);
}

Value FieldsNamedFn(EvalContext& ctx, Args a, size_t n) {
  if (a[1].kind != ValueKind::kList) return NoOverload(ctx, "fieldsNamed", a, n);
  std::vector<Value> out;
  if (a[0].node == kNoNode || ctx.plan() == nullptr) return ctx.MakeList(out);
  // The names by key id where the pack's KeyTable knows them; a member
  // whose key it does not know is compared by text.
  absl::flat_hash_set<std::string_view> names;
  std::vector<uint8_t> wanted;
  const KeyTable* keys = ctx.keys();
  if (keys != nullptr) wanted.assign(keys->size() + 1, 0);
  for (const Value& name : ctx.Items(a[1])) {
    if (!name.is_string()) continue;
    names.insert(name.string());
    if (keys != nullptr) wanted[keys->Find(name.string())] = 1;
  }
  // A member whose key the table does not know (kUnknownKey) can only be
  // named by a name the table does not know either.
  const bool unknown_named = wanted.empty() || wanted[kUnknownKey] != 0;
  if (!wanted.empty()) wanted[kUnknownKey] = 0;
  const Plan& plan = *ctx.plan();
  auto wanted_id = [&](KeyId id, NodeId node) {
    if (id != kUnknownKey && id < wanted.size()) return wanted[id] != 0;
    if (id == kUnknownKey && !unknown_named) return false;
    return names.contains(plan.key(node));
  };
  // The root counts as a field when it is a member; every other node the
  // walk visits is a member of an object it visited before, so the members
  // are read object by object, by their ids side by side, instead of
  // looking up each node's parent and its id.
  const NodeId root = a[0].node;
  std::vector<NodeId> found;
  const NodeId root_parent = plan.parent(root);
  if (root_parent != kNoNode && plan.kind(root_parent) == JsonKind::kObject &&
      wanted_id(ctx.MemberKeyId(root), root)) {
    found.push_back(root);
  }
  const std::span<const KeyId> all_ids = ctx.AllMemberKeyIds();
  if (root == plan.root() && !unknown_named && !all_ids.empty()) {
    // The whole plan, and every name is one the table knows: the members
    // with a wanted id, read off the ids of all members at once (a shadowed
    // member's id, EvalContext::kShadowedKey, is past every id of the
    // table), less those inside a shadowed member, which the walk does not
    // enter (a member is inside one exactly when its object is). The cost
    // is the walk's.
    const std::span<const NodeId> all = plan.all_children();
    for (size_t j = 0; j < all.size(); ++j) {
      const KeyId id = all_ids[j];
      if (id != kUnknownKey && id < wanted.size() && wanted[id] != 0) found.push_back(all[j]);
    }
    std::vector<NodeId> hidden;
    const uint64_t visited = ctx.OutermostShadowed(root, &hidden);
    if (!ctx.ChargeEach(visited)) return CostError(ctx);
    if (!hidden.empty()) {
      std::erase_if(found, [&](NodeId m) {
        auto after = std::upper_bound(hidden.begin(), hidden.end(), m);
        return after != hidden.begin() && m < ctx.SubtreeEnd(*(after - 1));
      });
    }
  } else {
    bool done = ctx.WalkVisible(root, [&](NodeId node) {
      if (plan.kind(node) != JsonKind::kObject) return;
      const std::span<const NodeId> members = plan.children(node);
      const KeyId* ids = ctx.MemberKeyIds(node);
      for (size_t i = 0; i < members.size(); ++i) {
        // The common case first: a key the table knows. A shadowed member's
        // id (EvalContext::kShadowedKey) is past every id of the table.
        if (ids != nullptr && ids[i] != kUnknownKey && ids[i] < wanted.size()) {
          if (wanted[ids[i]] != 0) found.push_back(members[i]);
          continue;
        }
        const NodeId member = members[i];
        if (plan.shadowed(member)) continue;  // the walk does not visit it
        if (wanted_id(ids != nullptr ? ids[i] : kUnknownKey, member)) found.push_back(member);
      }
    });
    if (!done) return CostError(ctx);
  }
  // The walk's order (pre-order: node ids): a match nested in an earlier
  // member comes after the later members of its ancestor here.
  if (!std::is_sorted(found.begin(), found.end())) std::sort(found.begin(), found.end());
  out.reserve(found.size());
  for (NodeId node : found) out.push_back(ctx.NodeValue(node, true));
  return ctx.MakeList(out);
}

Value DuplicateKeysFn(EvalContext& ctx, Args a, size_t) {
  std::vector<Value> out;
  if (a[0].node == kNoNode || ctx.plan() == nullptr) return ctx.MakeList(out);
  const Plan& plan = *ctx.plan();
  static const Value kKeys[] = {Value::String("object"), Value::String("key")};
  // Every visible object: a member shadowed by an earlier duplicate key is
  // reported (at its object) but not looked into, as the rules see only the
  // first occurrence (plan-format.md) and no JSON Pointer names a node
  // inside a shadowed member. The cost is WalkVisible's (a unit per visible
  // node); the shadowed members it would skip, whose parents are the
  // visible objects holding them, come from the context's list of them.
  std::vector<NodeId> shadowed;
  const uint64_t visited = ctx.OutermostShadowed(a[0].node, &shadowed);
  if (!ctx.ChargeEach(visited)) return CostError(ctx);
  // By object in document order, then by member: what visiting each
  // object's members in turn gives.
  std::stable_sort(shadowed.begin(), shadowed.end(),
                   [&](NodeId x, NodeId y) { return plan.parent(x) < plan.parent(y); });
  for (NodeId child : shadowed) {
    Value values[] = {ctx.NodeValue(plan.parent(child), true), Value::String(plan.key(child))};
    out.push_back(ctx.MakeMap(kKeys, values));
  }
  return ctx.MakeList(out);
}

Value SelectFn(EvalContext& ctx, Args a, size_t n) {
  if (!a[1].is_string()) return NoOverload(ctx, "select", a, n);
  absl::StatusOr<Selector> sel = Selector::Parse(a[1].string());
  if (!sel.ok()) return ctx.MakeError(Sv(sel.status().message()));
  std::vector<Value> out;
  uint64_t visited = 0;
  if (a[0].node != kNoNode && ctx.plan() != nullptr) out = sel->Select(ctx, a[0], &visited);
  if (!ctx.Charge(visited + 1)) return CostError(ctx);
  return ctx.MakeList(out);
}

// ----- Lists, sets, graphs -----------------------------------------------------

Value SetFn(EvalContext& ctx, Args a, size_t n) {
  if (a[0].kind != ValueKind::kList) return NoOverload(ctx, "set", a, n);
  auto items = ctx.Items(a[0]);
  // The common case, strings only: the same map, with no hash set beside it.
  if (std::all_of(items.begin(), items.end(), [](const Value& v) { return v.is_string(); })) {
    Value set = ctx.MakeStringSet(items);
    if (!ctx.Charge(set.map->size)) return CostError(ctx);
    return set;
  }
  std::vector<Value> keys;
  keys.reserve(items.size());
  absl::flat_hash_set<ValueKey> seen;
  seen.reserve(items.size());
  for (const Value& item : items) {
    std::optional<ValueKey> key = KeyOf(ctx, item);
    if (!key) return ctx.MakeError(Cat("set: a ", TypeName(item), " cannot be a map key"));
    if (seen.insert(*key).second) keys.push_back(item);
  }
  std::vector<Value> values(keys.size(), Value::Bool(true));
  if (!ctx.Charge(keys.size())) return CostError(ctx);
  return ctx.MakeMap(keys, values);
}

Value DistinctFn(EvalContext& ctx, Args a, size_t n) {
  if (a[0].kind != ValueKind::kList) return NoOverload(ctx, "distinct", a, n);
  std::vector<Value> out;
  absl::flat_hash_set<ValueKey> seen;
  for (const Value& item : ctx.Items(a[0])) {
    std::optional<ValueKey> key = KeyOf(ctx, item);
    if (key) {
      if (seen.insert(*key).second) out.push_back(item);
      continue;
    }
    // Not hashable (a list or map): compared with each element kept.
    if (!ctx.Charge(out.size())) return CostError(ctx);
    bool dup = false;
    for (const Value& kept : out) dup = dup || EqualBool(ctx, kept, item);
    if (!dup) out.push_back(item);
  }
  if (!ctx.Charge(out.size())) return CostError(ctx);
  return ctx.MakeList(out);
}

Value PairwiseFn(EvalContext& ctx, Args a, size_t n) {
  if (a[0].kind != ValueKind::kList) return NoOverload(ctx, "pairwise", a, n);
  auto items = ctx.Items(a[0]);
  std::vector<Value> out;
  for (size_t i = 0; i + 1 < items.size(); ++i) out.push_back(ctx.MakeList(items.subspan(i, 2)));
  if (!ctx.Charge(out.size())) return CostError(ctx);
  return ctx.MakeList(out);
}

// peakOverlap(list, startField, finishField): the elements whose closed
// interval [start, finish] contains the busiest day (the day the most
// intervals share; the earliest such day on a tie), in list order. Fields hold
// dates or date strings; elements without two valid dates, or finishing
// before they start, take no part. A sweep: O(n log n).
Value PeakOverlapFn(EvalContext& ctx, Args a, size_t n) {
  if (a[0].kind != ValueKind::kList || !a[1].is_string() || !a[2].is_string()) {
    return NoOverload(ctx, "peakOverlap", a, n);
  }
  auto entries = ctx.Items(a[0]);
  if (!ctx.Charge(entries.size() + 1)) return CostError(ctx);
  auto day_of = [&](const Value& e, std::string_view field) -> std::optional<text::DayNumber> {
    std::optional<Value> v = ctx.Member(e, field);
    if (!v) return std::nullopt;
    if (v->kind == ValueKind::kDate) return v->date;
    text::DayNumber day;
    if (v->is_string() && ctx.ParseDate(*v, &day)) return day;
    return std::nullopt;
  };
  std::vector<std::pair<text::DayNumber, text::DayNumber>> spans(entries.size());
  std::vector<bool> valid(entries.size(), false);
  // Events: (day, +1 start / -1 end after the finish day).
  std::vector<std::pair<int64_t, int>> events;
  for (size_t i = 0; i < entries.size(); ++i) {
    std::optional<text::DayNumber> s = day_of(entries[i], a[1].string());
    std::optional<text::DayNumber> f = day_of(entries[i], a[2].string());
    if (!s || !f || *f < *s) continue;
    valid[i] = true;
    spans[i] = {*s, *f};
    events.push_back({*s, 1});
    events.push_back({int64_t{*f} + 1, -1});
  }
  if (events.empty()) return ctx.MakeList({});
  std::sort(events.begin(), events.end());  // ends (-1) sort before starts on the same day
  int active = 0, best = 0;
  int64_t best_day = 0;
  for (const auto& [day, delta] : events) {
    active += delta;
    if (active > best) {
      best = active;
      best_day = day;
    }
  }
  std::vector<Value> out;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (valid[i] && spans[i].first <= best_day && best_day <= spans[i].second) {
      out.push_back(entries[i]);
    }
  }
  return ctx.MakeList(out);
}

Value CyclesFn(EvalContext& ctx, Args a, size_t n) {
  if (a[0].kind != ValueKind::kList || !a[1].is_string() || !a[2].is_string()) {
    return NoOverload(ctx, "cycles", a, n);
  }
  auto entries = ctx.Items(a[0]);
  const uint32_t count = static_cast<uint32_t>(entries.size());
  if (!ctx.Charge(uint64_t{count} + 1)) return CostError(ctx);
  // Resolved to key ids once, so that reading them from every entry
  // compares ids.
  const KeyRef id_key = ctx.ValueKey(a[1].string());
  const KeyRef deps_key = ctx.ValueKey(a[2].string());
  // id -> first entry with it (present ids only, compared exactly).
  absl::flat_hash_map<std::string_view, uint32_t> first;
  first.reserve(count);
  std::vector<uint8_t> has_id(count, 0);
  Value field;
  for (uint32_t i = 0; i < count; ++i) {
    if (ctx.MemberInto(entries[i], id_key, &field) && field.is_string() &&
        !text::Trim(field.string()).empty()) {
      has_id[i] = 1;
      first.emplace(field.string(), i);
    }
  }
  // The edges of entry i: edges[edge_start[i] .. edge_start[i + 1]).
  std::vector<uint32_t> edge_start(count + 1, 0);
  std::vector<uint32_t> edges;
  std::vector<uint8_t> self_loop(count, 0);
  for (uint32_t i = 0; i < count; ++i) {
    edge_start[i] = static_cast<uint32_t>(edges.size());
    if (!has_id[i]) continue;
    if (!ctx.MemberInto(entries[i], deps_key, &field) || field.kind != ValueKind::kList) continue;
    for (const Value& d : ctx.Items(field)) {
      if (!d.is_string()) continue;
      auto it = first.find(d.string());
      if (it == first.end()) continue;
      edges.push_back(it->second);
      if (it->second == i) self_loop[i] = 1;
    }
  }
  edge_start[count] = static_cast<uint32_t>(edges.size());
  if (!ctx.Charge(count)) return CostError(ctx);
  // Tarjan's algorithm, iterative.
  std::vector<int> index(count, -1), low(count, 0), comp(count, -1);
  std::vector<uint8_t> on_stack(count, 0);
  std::vector<uint32_t> stack;
  std::vector<std::pair<uint32_t, uint32_t>> work;  // (node, next edge position)
  int next_index = 0;
  int comps = 0;
  for (uint32_t root = 0; root < count; ++root) {
    if (!has_id[root] || index[root] >= 0) continue;
    work.push_back({root, edge_start[root]});
    while (!work.empty()) {
      auto& [v, edge] = work.back();
      if (edge == edge_start[v] && index[v] < 0) {
        index[v] = low[v] = next_index++;
        stack.push_back(v);
        on_stack[v] = 1;
      }
      if (edge < edge_start[v + 1]) {
        uint32_t w = edges[edge++];
        if (index[w] < 0) {
          work.push_back({w, edge_start[w]});
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        while (true) {
          uint32_t w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          comp[w] = comps;
          if (w == v) break;
        }
        ++comps;
      }
      uint32_t done = v;
      work.pop_back();
      if (!work.empty()) low[work.back().first] = std::min(low[work.back().first], low[done]);
    }
  }
  // The components in order of their first entry, each with its entries in
  // list order, laid out one after the other.
  std::vector<uint32_t> size(comps, 0);
  std::vector<uint8_t> looped(comps, 0);
  std::vector<int> order;
  for (uint32_t i = 0; i < count; ++i) {
    if (comp[i] < 0) continue;
    if (size[comp[i]]++ == 0) order.push_back(comp[i]);
    if (self_loop[i]) looped[comp[i]] = 1;
  }
  std::vector<uint32_t> start(comps, 0);
  uint32_t total = 0;
  for (int c : order) {
    start[c] = total;
    total += size[c];
  }
  std::vector<Value> members(total);
  std::vector<uint32_t> filled(start);
  for (uint32_t i = 0; i < count; ++i) {
    if (comp[i] >= 0) members[filled[comp[i]]++] = entries[i];
  }
  std::vector<Value> out;
  for (int c : order) {
    if (size[c] > 1 || looped[c]) {
      out.push_back(ctx.MakeList(std::span<const Value>(members).subspan(start[c], size[c])));
    }
  }
  return ctx.MakeList(out);
}

Value SuppressedCountFn(EvalContext& ctx, Args a, size_t) {
  if (ctx.suppressed_counts == nullptr || a[0].node == kNoNode) return Value::Int(0);
  auto it = ctx.suppressed_counts->find(a[0].node);
  return Value::Int(it == ctx.suppressed_counts->end() ? 0 : it->second);
}

Value IsRuleFn(EvalContext& ctx, Args a, size_t) {
  return Value::Bool(a[0].is_string() && ctx.known_rules != nullptr &&
                     ctx.known_rules->contains(Sv(a[0].string())));
}

constexpr FunctionInfo kFunctions[] = {
    // Operators.
    {"!_", 1, 1, OneArg<NotFunction>},
    {"-_", 1, 1, NegFn},
    {"_==_", 2, 2, EqFn},
    {"_!=_", 2, 2, NeFn},
    {"_<_", 2, 2, TwoArgs<CompareFunction<0>>},
    {"_<=_", 2, 2, TwoArgs<CompareFunction<1>>},
    {"_>_", 2, 2, TwoArgs<CompareFunction<2>>},
    {"_>=_", 2, 2, TwoArgs<CompareFunction<3>>},
    {"@in", 2, 2, TwoArgs<InFunction>},
    {"_+_", 2, 2, AddFn},
    {"_-_", 2, 2, ArithFn<'-'>},
    {"_*_", 2, 2, ArithFn<'*'>},
    {"_/_", 2, 2, ArithFn<'/'>},
    {"_%_", 2, 2, ArithFn<'%'>},
    // CEL standard functions.
    {"size", 1, 1, SizeFn},
    {"type", 1, 1, TypeFn},
    {"int", 1, 1, IntFn},
    {"uint", 1, 1, UintFn},
    {"double", 1, 1, DoubleFn},
    {"string", 1, 1, StringFn},
    {"bool", 1, 1, BoolFn},
    {"contains", 2, 2, StringPredicateFn<0>},
    {"startsWith", 2, 2, StringPredicateFn<1>},
    {"endsWith", 2, 2, StringPredicateFn<2>},
    {"matches", 2, 2, MatchesFn},
    {"lowerAscii", 1, 1, LowerAsciiFn},
    {"upperAscii", 1, 1, UpperAsciiFn},
    {"trim", 1, 1, TrimFn},
    {"join", 1, 2, JoinFn},
    {"split", 2, 2, SplitFn},
    {"replace", 3, 3, ReplaceFn},
    {"flatten", 1, 1, FlattenFn},
    // Presence and JSON types.
    {"empty", 1, 1, OneArg<EmptinessFunction<false>>, true},
    {"present", 1, 1, OneArg<EmptinessFunction<true>>, true},
    {"jsonType", 1, 1, JsonTypeFn, true},
    {"isString", 1, 1, OneArg<IsKindFunction<ValueKind::kString>>, true},
    {"isNumber", 1, 1, OneArg<IsKindFunction<ValueKind::kDouble>>, true},
    {"isBool", 1, 1, OneArg<IsKindFunction<ValueKind::kBool>>, true},
    {"isList", 1, 1, OneArg<IsKindFunction<ValueKind::kList>>, true},
    {"isMap", 1, 1, OneArg<IsKindFunction<ValueKind::kMap>>, true},
    {"isNull", 1, 1, OneArg<IsKindFunction<ValueKind::kNull>>, true},
    {"raw", 1, 1, RawFn},
    {"pointer", 1, 1, PointerFn},
    {"key", 1, 1, KeyFn},
    {"typeErrors", 1, 1, TypeErrorsFn, false, false, false},
    // Text.
    {"trimmed", 1, 1, TextFn<0>},
    {"collapsed", 1, 1, TextFn<1>},
    {"fold", 1, 1, TextFn<2>},
    {"normName", 1, 1, TextFn<3>},
    {"alias", 2, 2, AliasFn},
    {"findAll", 2, 2, FindAllFn},
    {"reReplace", 3, 3, ReReplaceFn},
    {"quoteRegex", 1, 1, QuoteRegexFn},
    {"digits", 1, 1, DigitsFn},
    // Dates.
    {"isDate", 1, 1, OneArg<IsDateFunction>, true},
    {"date", 1, 1, OneArg<DateFunction>},
    {"days", 2, 2, DaysFn},
    {"workdays", 2, 2, WorkdaysFn},
    {"addDays", 2, 2, AddDaysFn},
    {"max", 1, 1, ExtremeFn<true>},
    {"min", 1, 1, ExtremeFn<false>},
    // The whole document.
    {"strings", 1, 1, StringsFn, false, false, false},
    {"findStrings", 2, 2, FindStringsFn, false, false, false},
    {"fieldsNamed", 2, 2, FieldsNamedFn, false, false, false},
    {"duplicateKeys", 1, 1, DuplicateKeysFn, false, false, false},
    {"select", 2, 2, SelectFn, false, false, false},
    // Lists, sets, graphs.
    {"set", 1, 1, SetFn},
    {"distinct", 1, 1, DistinctFn},
    {"pairwise", 1, 1, PairwiseFn},
    {"cycles", 3, 3, CyclesFn},
    {"peakOverlap", 3, 3, PeakOverlapFn},
    {"suppressedCount", 1, 1, SuppressedCountFn, false, false, false},
    {"isRule", 1, 1, IsRuleFn, true, false, false},
};

}  // namespace

const FunctionInfo* FindFunction(std::string_view name) {
  static const auto* index = [] {
    auto* m = new absl::flat_hash_map<std::string_view, const FunctionInfo*>();
    for (const FunctionInfo& f : kFunctions) (*m)[f.name] = &f;
    return m;
  }();
  auto it = index->find(name);
  return it == index->end() ? nullptr : it->second;
}

}  // namespace planlint::expr
