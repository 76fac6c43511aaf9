// A finding's fingerprint: what a baseline (report/baseline.h) recognises a
// finding by when the plan around it changes. It digests the offending
// value and the finding's message, never the line or column, so moving,
// re-indenting or reformatting the plan keeps it; changing the offending
// value or what the message says about it makes it a new finding.
#ifndef PLANLINT_CORE_ENGINE_FINGERPRINT_H_
#define PLANLINT_CORE_ENGINE_FINGERPRINT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/plan/plan.h"

namespace planlint {

// 16 lowercase hex digits (FNV-1a, 64 bits; stable across runs and
// machines). A scalar node contributes its kind and value; an object or
// array only its kind, so that editing a member elsewhere in a section does
// not renew findings about the section itself (those are told apart by the
// message, which names the missing field or role).
std::string FindingFingerprint(const Plan& plan, NodeId node, std::string_view message);

// The same in two steps, for many findings at one node (a long text with
// thousands of findings): the digest state after the node's value, which a
// caller can keep per node, and the fingerprint from that state.
uint64_t FingerprintValueState(const Plan& plan, NodeId node);
std::string FingerprintFromState(uint64_t value_state, std::string_view message);

}  // namespace planlint

#endif  // PLANLINT_CORE_ENGINE_FINGERPRINT_H_
