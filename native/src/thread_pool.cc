// Persistent thread pool. Sized to the cores this process may run on (sched_getaffinity), overridable with
// TENSORFORGE_NUM_THREADS. The calling (JS) thread runs chunk 0 itself, so a pool of n threads starts n - 1
// workers. Workers spin briefly after each job (kernels arrive in bursts during training) and then sleep on a
// condition variable, so an idle process uses no CPU.
#include <sched.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include "common.h"

namespace tfn {
namespace {

int usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    int n = CPU_COUNT(&set);
    if (n > 0) return n;
  }
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? static_cast<int>(n) : 1;
}

int configured_threads() {
  const char* env = std::getenv("TENSORFORGE_NUM_THREADS");
  if (env != nullptr) {
    int n = std::atoi(env);
    if (n > 0) return n;
  }
  return usable_cores();
}

thread_local bool in_pool_thread = false;

// Tells the core this is a spin-wait (x86 PAUSE), which frees resources for the other hyper-thread and avoids the
// memory-order flush when the awaited value changes. A sched_yield costs about a microsecond of kernel time, so
// the spins below call it rarely: a worker caught inside it would start a short job late.
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

constexpr int kYieldEvery = 1024;                          // spins between sched_yield calls
constexpr auto kSpinFor = std::chrono::microseconds(300);  // how long an idle worker spins before sleeping

// Test hook, off unless TENSORFORGE_TEST_POOL_DELAY_US is set (read once): a pool worker sleeps that long between
// reading the claim word and trying to claim, which is where a late worker of one job meets the next job. Tests
// use it to make that interleaving happen on every run instead of by chance.
int64_t claim_delay_us() {
  const char* env = std::getenv("TENSORFORGE_TEST_POOL_DELAY_US");
  long long us = env != nullptr ? std::atoll(env) : 0;
  return us > 0 ? static_cast<int64_t>(us) : 0;
}

// One job at a time runs on the pool. Its chunks are claimed through one 64-bit word that holds the job's
// sequence number, its chunk count and the next unclaimed chunk:
//
//     [ seq : 32 | chunks : 16 | next : 16 ]
//
// A thread claims chunk `next` by a compare-and-swap of the whole word, so a claim can only succeed on the job
// whose number and bounds it read: a worker that read job N's word and was descheduled finds job N + 1's word
// different and its CAS fails (the old pool took the chunk index with fetch_add and compared it with the bounds
// afterwards, which let a late worker run a chunk of the next job twice). The job's plain fields (fn_, ctx_, n_)
// are written before the word is published (release) and read only by a thread that has claimed a chunk of that
// job (acquire), and the caller does not return, nor write the next job's fields, until `remaining_` says every
// claimed chunk has finished, which each thread signals as its last access to the job. So a job's context,
// usually on the caller's stack, outlives every thread that touches it. The sequence number wraps after 2^32 jobs;
// a stale word could pass the CAS only for a worker descheduled across a multiple of 2^32 jobs (hours of
// back-to-back jobs) that then finds the same chunk count and next index.
class Pool {
 public:
  explicit Pool(int n) : delay_us_(claim_delay_us()) { resize(n); }
  ~Pool() { stop(); }

  int size() const { return size_.load(std::memory_order_relaxed); }

  // Waits for the job in flight (a set_num_threads from a worker_threads thread while the main thread computes).
  void resize(int n) {
    std::lock_guard<std::mutex> busy(run_mutex_);
    stop();
    size_.store(n < 1 ? 1 : n, std::memory_order_relaxed);
    quit_ = false;
    for (int i = 1; i < size(); ++i) workers_.emplace_back([this] { worker(); });
  }

  void run(int64_t n, int64_t grain, RangeFn fn, void* ctx) {
    // Several chunks per thread, claimed dynamically: a thread the OS deschedules mid-job (a busy machine) then
    // delays only its current small chunk while the others take the rest.
    int64_t chunks = grain > 0 ? (n + grain - 1) / grain : n;
    int64_t most = 4 * static_cast<int64_t>(size());
    if (chunks > most) chunks = most;
    if (chunks > static_cast<int64_t>(kFieldMask)) chunks = static_cast<int64_t>(kFieldMask);
    if (chunks <= 1 || in_pool_thread) {
      fn(ctx, 0, n);
      return;
    }
    std::unique_lock<std::mutex> busy(run_mutex_, std::try_to_lock);
    if (!busy.owns_lock()) {  // another JS thread (worker_threads) is using the pool: run inline
      fn(ctx, 0, n);
      return;
    }
    fn_ = fn;
    ctx_ = ctx;
    n_ = n;
    remaining_.store(chunks, std::memory_order_relaxed);
    seq_ = (seq_ + 1) & kSeqMask;
    // Chunk 0 is the caller's, so the word starts at next = 1. seq_cst pairs with the sleepers_ handshake below.
    state_.store(pack(seq_, static_cast<uint64_t>(chunks), 1), std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) > 0) {
      // A worker that counted itself a sleeper checks the word under mutex_ before it waits; taking mutex_ here
      // orders this notify after that check, so the wake-up cannot fall between its check and its wait.
      { std::lock_guard<std::mutex> lock(mutex_); }
      cv_.notify_all();
    }
    in_pool_thread = true;
    run_chunk(0, chunks);
    work_loop(false);
    in_pool_thread = false;
    // Wait for the chunks other threads took; they are short, so spin, yielding the core now and then.
    for (int i = 1; remaining_.load(std::memory_order_acquire) != 0; ++i) {
      cpu_relax();
      if (i % kYieldEvery == 0) std::this_thread::yield();
    }
  }

 private:
  static constexpr uint64_t kFieldMask = 0xffff;
  static constexpr uint64_t kSeqMask = 0xffffffff;
  static uint64_t pack(uint64_t seq, uint64_t chunks, uint64_t next) { return seq << 32 | chunks << 16 | next; }
  static uint64_t seq_of(uint64_t w) { return w >> 32; }
  static int64_t chunks_of(uint64_t w) { return static_cast<int64_t>(w >> 16 & kFieldMask); }
  static int64_t next_of(uint64_t w) { return static_cast<int64_t>(w & kFieldMask); }

  void run_chunk(int64_t c, int64_t chunks) {
    int64_t begin = n_ * c / chunks;
    int64_t end = n_ * (c + 1) / chunks;
    if (begin < end) fn_(ctx_, begin, end);
    // The last access to the job: after this the caller may return and reuse fn_, ctx_ and n_.
    remaining_.fetch_sub(1, std::memory_order_acq_rel);
  }

  // Claims and runs chunks of the published job until none is left; returns the sequence number of the last
  // word it saw, so a worker knows which job it has finished with.
  uint64_t work_loop(bool is_worker) {
    uint64_t w = state_.load(std::memory_order_acquire);
    for (;;) {
      if (is_worker && delay_us_ > 0) std::this_thread::sleep_for(std::chrono::microseconds(delay_us_));
      int64_t c = next_of(w), chunks = chunks_of(w);
      if (c >= chunks) return seq_of(w);
      if (state_.compare_exchange_weak(w, w + 1, std::memory_order_acq_rel, std::memory_order_acquire)) {
        run_chunk(c, chunks);
        w = state_.load(std::memory_order_acquire);
      }
    }
  }

  bool has_news(uint64_t seen) const {
    return seq_of(state_.load(std::memory_order_seq_cst)) != seen || quit_.load(std::memory_order_acquire);
  }

  void worker() {
    in_pool_thread = true;
    uint64_t seen = seq_of(state_.load(std::memory_order_acquire));
    for (;;) {
      // Spin a little before sleeping: consecutive kernels of a training step follow within microseconds.
      bool got = false;
      auto until = std::chrono::steady_clock::now() + kSpinFor;
      for (int i = 1;; ++i) {
        if (has_news(seen)) {
          got = true;
          break;
        }
        cpu_relax();
        if (i % 64 == 0 && std::chrono::steady_clock::now() > until) break;
        if (i % kYieldEvery == 0) std::this_thread::yield();
      }
      if (!got) {
        std::unique_lock<std::mutex> lock(mutex_);
        sleepers_.fetch_add(1, std::memory_order_seq_cst);
        cv_.wait(lock, [&] { return has_news(seen); });
        sleepers_.fetch_sub(1, std::memory_order_relaxed);
      }
      if (quit_.load(std::memory_order_acquire)) return;
      seen = work_loop(true);
    }
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      quit_ = true;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
  }

  const int64_t delay_us_;
  std::atomic<int> size_{1};
  std::vector<std::thread> workers_;
  std::mutex mutex_, run_mutex_;
  std::condition_variable cv_;
  std::atomic<bool> quit_{false};
  std::atomic<int> sleepers_{0};
  std::atomic<uint64_t> state_{0};  // seq 0, no chunks: nothing to claim
  std::atomic<int64_t> remaining_{0};
  uint64_t seq_ = 0;  // the caller's copy of the current sequence number (only the run_mutex_ holder touches it)
  RangeFn fn_ = nullptr;
  void* ctx_ = nullptr;
  int64_t n_ = 0;
};

Pool& pool() {
  // Leaked on purpose: joining threads from a static destructor at process exit can deadlock.
  static Pool* p = new Pool(configured_threads());
  return *p;
}

}  // namespace

void parallel_for(int64_t n, int64_t grain, RangeFn fn, void* ctx) {
  if (n <= 0) return;
  if (n <= grain) {
    fn(ctx, 0, n);
    return;
  }
  pool().run(n, grain, fn, ctx);
}

int num_threads() { return pool().size(); }

void set_num_threads(int n) { pool().resize(n); }

float* scratch_alloc(size_t floats) {
  size_t bytes = (floats * sizeof(float) + 63) & ~static_cast<size_t>(63);
  if (bytes == 0) bytes = 64;
  return static_cast<float*>(std::aligned_alloc(64, bytes));
}

void scratch_free(float* p) { std::free(p); }

}  // namespace tfn
