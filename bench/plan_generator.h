// Synthetic Implementation Management Plans in the `imp/1` format, for
// benchmarks and load tests.
//
// The plans read like the work of a real state department: every section of
// the template, prose built from word lists, a schedule of parallel
// workstreams linked by depends_on, a glossary defining the acronyms the
// prose uses, support inventories, risks and acceptance criteria. Most of the
// content is clean; a few problems are mixed in the way they turn up in real
// drafts (a template placeholder, a TBD, a missing field, a task that starts
// early, a pending criterion), so rules have something to report.
//
// Output is valid UTF-8 JSON, pretty-printed with a two-space indent (the
// smallest plans, below about 3 KB, are minified instead: only that way does
// an early draft fit in 2 KB). It depends only on the arguments: the
// generator uses its own PRNG (splitmix64), no standard distributions and no
// floating point, so a seed gives the same bytes on every platform.
#ifndef PLANLINT_BENCH_PLAN_GENERATOR_H_
#define PLANLINT_BENCH_PLAN_GENERATOR_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace planlint::bench {

// A plan of about `target_bytes`: within 15% from 2 KB to 1 MB (smaller
// targets get the smallest plan, about 2 KB). Below about 10 KB a plan is an
// earlier draft that lacks some recommended sections; above, it has every
// section and grows mainly through the arrays: schedule, risks, glossary,
// inventories, acceptance criteria.
std::string GeneratePlan(size_t target_bytes, uint64_t seed);

// Plan number `index` of a portfolio of many plans identified by `seed`.
// Sizes are mixed: mostly 5-40 KB, about one plan in ten 40-150 KB. Project
// managers, site locations, hardware ids and some system names are drawn from
// small pools shared by the portfolio, so the same person manages several
// plans and the same equipment shows up in more than one plan.
std::string GeneratePortfolioPlan(uint64_t index, uint64_t seed);

}  // namespace planlint::bench

#endif  // PLANLINT_BENCH_PLAN_GENERATOR_H_
