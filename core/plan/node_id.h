// The number of a value in a Plan (document order, the root is 0).
#ifndef PLANLINT_CORE_PLAN_NODE_ID_H_
#define PLANLINT_CORE_PLAN_NODE_ID_H_

#include <cstdint>

namespace planlint {

using NodeId = uint32_t;
inline constexpr NodeId kNoNode = UINT32_MAX;

}  // namespace planlint

#endif  // PLANLINT_CORE_PLAN_NODE_ID_H_
