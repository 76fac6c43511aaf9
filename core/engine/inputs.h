// Turns the paths a user gives into the plan files to check: files as they
// are, folders searched (recursively, sorted) for *.json.
#ifndef PLANLINT_CORE_ENGINE_INPUTS_H_
#define PLANLINT_CORE_ENGINE_INPUTS_H_

#include <string>
#include <vector>

namespace planlint {

struct InputFiles {
  std::vector<std::string> files;
  // Paths that do not exist: each becomes an input error naming the path.
  std::vector<std::string> missing;
};

InputFiles ExpandInputs(const std::vector<std::string>& paths);

}  // namespace planlint

#endif  // PLANLINT_CORE_ENGINE_INPUTS_H_
