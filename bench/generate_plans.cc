// Writes synthetic plans for benchmarks and load tests.
//
//   planlint_generate_plans OUT_DIR COUNT [SEED]
//       writes COUNT portfolio plans (mixed sizes) as OUT_DIR/plan-NNNNN.json
//   planlint_generate_plans --size BYTES [SEED]
//       writes one plan of about BYTES bytes to standard output
//
// SEED defaults to 1. The same arguments always give the same files.
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <system_error>

#include "bench/plan_generator.h"

namespace {

constexpr char kUsage[] =
    "usage: planlint_generate_plans OUT_DIR COUNT [SEED]\n"
    "       planlint_generate_plans --size BYTES [SEED]\n";

bool ParseNumber(std::string_view text, uint64_t* value) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *value);
  return ec == std::errc() && ptr == end && !text.empty();
}

int Usage() {
  std::cerr << kUsage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) return Usage();
  uint64_t seed = 1;
  if (argc == 4 && !ParseNumber(argv[3], &seed)) return Usage();

  if (std::string_view(argv[1]) == "--size") {
    uint64_t bytes = 0;
    if (!ParseNumber(argv[2], &bytes)) return Usage();
    const std::string plan = planlint::bench::GeneratePlan(static_cast<size_t>(bytes), seed);
    std::cout.write(plan.data(), static_cast<std::streamsize>(plan.size()));
    std::cout.flush();
    return std::cout ? 0 : 1;
  }

  const std::filesystem::path dir = argv[1];
  uint64_t count = 0;
  if (!ParseNumber(argv[2], &count)) return Usage();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    std::cerr << "planlint_generate_plans: cannot create " << dir.string() << ": " << ec.message()
              << "\n";
    return 1;
  }
  uint64_t total = 0;
  for (uint64_t i = 0; i < count; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "plan-%05llu.json", static_cast<unsigned long long>(i + 1));
    const std::filesystem::path path = dir / name;
    const std::string plan = planlint::bench::GeneratePortfolioPlan(i, seed);
    std::ofstream out(path, std::ios::binary);
    out.write(plan.data(), static_cast<std::streamsize>(plan.size()));
    if (!out) {
      std::cerr << "planlint_generate_plans: cannot write " << path.string() << "\n";
      return 1;
    }
    total += plan.size();
  }
  std::cerr << "wrote " << count << " plans, " << total << " bytes, to " << dir.string() << "\n";
  return 0;
}
