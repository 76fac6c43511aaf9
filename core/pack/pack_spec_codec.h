// A compact binary form of a PackSpec and of the problems found reading it.
// The built-in pack is read from its YAML once, at build time
// (tools/precompile_pack.cc), and a process decodes this form instead of
// running yaml-cpp at start-up (core/pack/builtin_pack.h).
//
// Everything a PackSpec holds round-trips: every text, file name, line and
// column, and the option and schema values. The one exception is
// SourceText::lines (the lines of a whole file), which the decoder asks its
// caller for by file name rather than storing the files a second time.
#ifndef PLANLINT_CORE_PACK_PACK_SPEC_CODEC_H_
#define PLANLINT_CORE_PACK_PACK_SPEC_CODEC_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "core/pack/pack_source.h"

namespace planlint {

std::string EncodePackSpec(const PackSpec& spec, const std::vector<PackProblem>& problems);

// The lines of a file a SourceText names, for SourceText::lines; nullptr
// when the file is unknown.
using FileLines = std::function<std::shared_ptr<const SourceLines>(const std::string& file)>;

// Decodes what EncodePackSpec wrote into `spec` and `problems` (appended);
// DataLoss when `data` is not such an encoding.
absl::Status DecodePackSpec(std::string_view data, const FileLines& lines, PackSpec* spec,
                            std::vector<PackProblem>* problems);

}  // namespace planlint

#endif  // PLANLINT_CORE_PACK_PACK_SPEC_CODEC_H_
