// A pack that extends the built-in pack and has no `schema:` of its own keeps
// the built-in schema (the Python API's RulePack.from_yaml relies on it).
#include "core/pack/rule_pack.h"
#include "gtest/gtest.h"

namespace planlint {
namespace {

TEST(PackExtendsTest, ExtendingImpKeepsItsSchema) {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::FromYaml(
      "pack: org\nextends: imp\noverrides:\n  GLO001: { enabled: false }\n", "org.yaml");
  ASSERT_TRUE(pack.ok()) << pack.status().message();
  EXPECT_EQ((*pack)->name(), "org");
  EXPECT_EQ((*pack)->rules().size(), 74u);
  const CompiledRule* glo001 = (*pack)->FindRule("GLO001");
  ASSERT_NE(glo001, nullptr);
  EXPECT_FALSE(glo001->info.enabled);
}

}  // namespace
}  // namespace planlint
