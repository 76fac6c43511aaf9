// Generated documentation stays in step with the pack it documents.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string RunCli(const std::string& args) {
  std::string command = std::string(PLANLINT_CLI_PATH) + " " + args;
  FILE* pipe = popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  std::string out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) out.append(buffer, n);
  EXPECT_EQ(pclose(pipe), 0) << command;
  return out;
}

TEST(GeneratedDocs, RulesMarkdownIsUpToDate) {
  std::string generated = RunCli("rules --format markdown");
  std::string committed = ReadFile(std::string(PLANLINT_SOURCE_DIR) + "/docs/rules.md");
  EXPECT_FALSE(generated.empty());
  EXPECT_EQ(committed, generated)
      << "docs/rules.md is stale: run `build/cli/planlint rules --format markdown > docs/rules.md`";
}

}  // namespace
