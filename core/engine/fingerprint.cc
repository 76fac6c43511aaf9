#include "core/engine/fingerprint.h"

#include <cstdint>
#include <cstdio>

#include "core/util/strings.h"

namespace planlint {
namespace {

class Fnv1a {
 public:
  Fnv1a() = default;
  explicit Fnv1a(uint64_t state) : hash_(state) {}
  void Add(std::string_view s) {
    for (char c : s) {
      hash_ ^= static_cast<unsigned char>(c);
      hash_ *= 0x100000001b3ULL;
    }
  }
  // A separator no UTF-8 text holds, so ("ab", "c") and ("a", "bc") differ.
  void Separator() { Add(std::string_view("\xff", 1)); }
  uint64_t value() const { return hash_; }

 private:
  uint64_t hash_ = 0xcbf29ce484222325ULL;
};

}  // namespace

uint64_t FingerprintValueState(const Plan& plan, NodeId node) {
  Fnv1a h;
  if (node == kNoNode || node >= plan.node_count()) {
    h.Add("none");
  } else {
    switch (plan.kind(node)) {
      case JsonKind::kNull:
        h.Add("null");
        break;
      case JsonKind::kBool:
        h.Add(plan.boolean(node) ? "true" : "false");
        break;
      case JsonKind::kInt:
        h.Add(Cat("number:", plan.int_value(node)));
        break;
      case JsonKind::kUint:
        h.Add(Cat("number:", plan.uint_value(node)));
        break;
      case JsonKind::kDouble: {
        char buf[40];
        std::snprintf(buf, sizeof(buf), "number:%.17g", plan.number(node));
        h.Add(buf);
        break;
      }
      case JsonKind::kString:
        h.Add("string:");
        h.Add(plan.string(node));
        break;
      case JsonKind::kArray:
        h.Add("array");
        break;
      case JsonKind::kObject:
        h.Add("object");
        break;
    }
  }
  return h.value();
}

std::string FingerprintFromState(uint64_t value_state, std::string_view message) {
  Fnv1a h(value_state);
  h.Separator();
  h.Add(message);
  // Sixteen lower-case hex digits.
  std::string out(16, '0');
  uint64_t v = h.value();
  for (int i = 15; i >= 0; --i, v >>= 4) out[i] = "0123456789abcdef"[v & 0xF];
  return out;
}

std::string FindingFingerprint(const Plan& plan, NodeId node, std::string_view message) {
  return FingerprintFromState(FingerprintValueState(plan, node), message);
}

}  // namespace planlint
