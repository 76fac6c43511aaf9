#include "core/engine/inputs.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace planlint {

InputFiles ExpandInputs(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  InputFiles out;
  for (const std::string& path : paths) {
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
      out.missing.push_back(path);
      continue;
    }
    if (!fs::is_directory(st)) {
      out.files.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const fs::directory_entry& entry = *it;
      std::error_code fec;
      if (entry.is_regular_file(fec) && entry.path().extension() == ".json") {
        found.push_back(entry.path().string());
      }
    }
    std::sort(found.begin(), found.end());
    out.files.insert(out.files.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace planlint
