// Selectors: the JSONPath (RFC 9535) subset that says which nodes a rule is
// about: `$`, `.name`, `['name']`, `[*]`, `.*`, `[n]`, and `..` descendants.
// Selectors see the typed view (wrong-typed values are invisible) until a
// `..` segment; from there on every value of the document is visited.
#ifndef PLANLINT_CORE_EXPR_SELECTOR_H_
#define PLANLINT_CORE_EXPR_SELECTOR_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/expr/context.h"
#include "core/expr/schema.h"

namespace planlint::expr {

class Selector {
 public:
  struct Segment {
    enum class Kind { kName, kIndex, kWildcard };
    Kind kind = Kind::kWildcard;
    bool descendant = false;  // `..` before it
    std::string name;
    int32_t key_id = -1;  // `name` in the pack's KeyTable (KeyRef::id)
    int64_t index = 0;
  };

  // Parses selector text; errors carry the byte offset (WithOffset).
  static absl::StatusOr<Selector> Parse(std::string_view text);

  // The nodes selected from `start` (a plan map/list value), deduplicated, in
  // document order. `*visited` (when given) is the number of nodes the
  // selection went through, for the cost meter.
  std::vector<Value> Select(EvalContext& ctx, const Value& start,
                            uint64_t* visited = nullptr) const;

  // Looks up the names of the segments in `keys` (adding them), so that
  // selection compares key ids.
  void ResolveKeys(KeyTable* keys);

  // The schema type of the selected nodes when the schema can tell (no `..`,
  // names all known), else nullptr.
  const SchemaType* StaticType(const Schema& schema) const;

  const std::string& text() const { return text_; }
  const std::vector<Segment>& segments() const { return segments_; }

 private:
  std::string text_;
  std::vector<Segment> segments_;
};

}  // namespace planlint::expr

#endif  // PLANLINT_CORE_EXPR_SELECTOR_H_
