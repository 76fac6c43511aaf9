// The built-in `imp` pack travels inside the binary twice:
//  - its YAML files (cmake/EmbedFiles.cmake, BuiltinRuleFiles()), for the
//    lines that error positions are computed from and for whoever wants the
//    source;
//  - its PackSpec, read from that YAML at build time by the same ReadPackSpec
//    (tools/precompile_pack.cc) and serialized (core/pack/pack_spec_codec.h).
// A process decodes the PackSpec instead of parsing the YAML with yaml-cpp,
// which took most of its start-up time.
#ifndef PLANLINT_CORE_PACK_BUILTIN_PACK_H_
#define PLANLINT_CORE_PACK_BUILTIN_PACK_H_

#include <vector>

#include "core/pack/pack_source.h"

namespace planlint {

// The built-in pack's main file, as its positions name it.
inline constexpr char kBuiltinPackFile[] = "rules/imp/pack.yaml";

// The built-in pack's PackSpec, decoded once per process and kept. Appends
// the problems found reading it (none, unless the pack is broken).
const PackSpec& BuiltinPackSpec(std::vector<PackProblem>* problems);

// Decodes the precompiled PackSpec afresh (what BuiltinPackSpec does once).
PackSpec DecodeBuiltinPackSpec(std::vector<PackProblem>* problems);

// Reads the embedded YAML with yaml-cpp, as the build step does: what the
// precompiled PackSpec must equal (tests) and what it saves (benchmarks).
PackSpec ReadBuiltinPackYaml(std::vector<PackProblem>* problems);

}  // namespace planlint

#endif  // PLANLINT_CORE_PACK_BUILTIN_PACK_H_
