// poolCheck(jobs, seed): a self-test of the thread pool that runs `jobs` parallel_for calls of varied sizes and
// grains back to back, the pattern of a training step's small kernels, and counts every way a pool can fail:
// an item run twice or never (a chunk claimed twice or lost) and a chunk that runs after its parallel_for has
// returned (a late worker touching a finished job, whose context is gone). Each job's context lives in a heap
// table that outlives the run, so a late chunk is counted instead of corrupting the stack. Used by
// test/native/thread-pool.test.ts, also under ThreadSanitizer.
#include <atomic>
#include <memory>
#include <vector>

#include "args.h"

namespace tfn {
namespace {

struct JobRecord {
  std::atomic<bool> done{false};
  std::atomic<int64_t> late{0};
  std::atomic<float> sink{0};
  std::vector<std::atomic<int32_t>> hits;
  explicit JobRecord(int64_t n) : hits(static_cast<size_t>(n)) {}
};

void count_hits(void* ctx, int64_t begin, int64_t end) {
  auto* job = static_cast<JobRecord*>(ctx);
  if (job->done.load(std::memory_order_acquire)) job->late.fetch_add(1, std::memory_order_relaxed);
  for (int64_t i = begin; i < end; ++i) {
    // A little work per item, as in a real kernel, so the jobs last long enough for every thread to take part.
    float acc = static_cast<float>(i);
    for (int r = 0; r < 64; ++r) acc = acc * 0.999f + 1.0f;
    job->sink.store(acc, std::memory_order_relaxed);
    job->hits[static_cast<size_t>(i)].fetch_add(1, std::memory_order_relaxed);
  }
  // Still running when its parallel_for returned: the caller would have reused or freed the context.
  if (job->done.load(std::memory_order_acquire)) job->late.fetch_add(1, std::memory_order_relaxed);
}

// xorshift64*: reproducible sizes from the seed.
uint64_t next_random(uint64_t& s) {
  s ^= s >> 12;
  s ^= s << 25;
  s ^= s >> 27;
  return s * 2685821657736338717ULL;
}

Napi::Value PoolCheck(const Napi::CallbackInfo& info) {
  Args a{info, "poolCheck"};
  a.need_count(2);
  int64_t jobs = a.i64(0);
  uint64_t s = static_cast<uint64_t>(a.i64(1)) * 0x9E3779B97F4A7C15ULL + 1;
  std::vector<std::unique_ptr<JobRecord>> records;
  records.reserve(static_cast<size_t>(jobs));
  for (int64_t j = 0; j < jobs; ++j) {
    int64_t n = 2 + static_cast<int64_t>(next_random(s) % 300);
    int64_t grain = 1 + static_cast<int64_t>(next_random(s) % 8);
    records.push_back(std::make_unique<JobRecord>(n));
    JobRecord* job = records.back().get();
    parallel_for(n, grain, count_hits, job);
    job->done.store(true, std::memory_order_release);
  }
  int64_t wrong_items = 0, wrong_jobs = 0, late_chunks = 0;
  for (auto& job : records) {
    int64_t bad = 0;
    for (auto& h : job->hits) bad += h.load(std::memory_order_relaxed) != 1;
    wrong_items += bad;
    wrong_jobs += bad != 0;
  }
  for (auto& job : records) late_chunks += job->late.load(std::memory_order_relaxed);
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("jobs", static_cast<double>(jobs));
  o.Set("wrongItems", static_cast<double>(wrong_items));
  o.Set("wrongJobs", static_cast<double>(wrong_jobs));
  o.Set("lateChunks", static_cast<double>(late_chunks));
  return o;
}

}  // namespace

void register_pool_check(Napi::Env env, Napi::Object exports) {
  exports.Set("poolCheck", Napi::Function::New(env, PoolCheck));
}

}  // namespace tfn
