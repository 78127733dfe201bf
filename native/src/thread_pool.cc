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

class Pool {
 public:
  explicit Pool(int n) { resize(n); }
  ~Pool() { stop(); }

  int size() const { return size_; }

  void resize(int n) {
    stop();
    size_ = n < 1 ? 1 : n;
    quit_ = false;
    for (int i = 1; i < size_; ++i) workers_.emplace_back([this] { worker(); });
  }

  void run(int64_t n, int64_t grain, RangeFn fn, void* ctx) {
    // Several chunks per thread, claimed dynamically: a thread the OS deschedules mid-job (a busy machine) then
    // delays only its current small chunk while the others take the rest.
    int64_t chunks = grain > 0 ? (n + grain - 1) / grain : n;
    if (chunks > 4 * static_cast<int64_t>(size_)) chunks = 4 * static_cast<int64_t>(size_);
    if (chunks <= 1 || in_pool_thread) {
      fn(ctx, 0, n);
      return;
    }
    std::unique_lock<std::mutex> busy(run_mutex_, std::try_to_lock);
    if (!busy.owns_lock()) {  // another JS thread (worker_threads) is using the pool: run inline
      fn(ctx, 0, n);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      fn_ = fn;
      ctx_ = ctx;
      n_ = n;
      chunks_.store(chunks, std::memory_order_relaxed);
      remaining_.store(chunks, std::memory_order_relaxed);
      // Published last: a worker that claims a chunk (acquire) sees the job fields written above.
      next_.store(1, std::memory_order_release);
      generation_.fetch_add(1, std::memory_order_release);
    }
    cv_.notify_all();
    in_pool_thread = true;
    run_chunk(0);
    work_loop();
    in_pool_thread = false;
    // Wait for the chunks other threads took; they are short, so spin, yielding the core.
    for (int i = 1; remaining_.load(std::memory_order_acquire) != 0; ++i) {
      cpu_relax();
      if (i % kYieldEvery == 0) std::this_thread::yield();
    }
    // Late workers still looping over this job must find nothing to claim until the next job is published.
    next_.store(kClosed, std::memory_order_release);
  }

 private:
  void run_chunk(int64_t c) {
    int64_t chunks = chunks_.load(std::memory_order_relaxed);
    int64_t begin = n_ * c / chunks;
    int64_t end = n_ * (c + 1) / chunks;
    if (begin < end) fn_(ctx_, begin, end);
    remaining_.fetch_sub(1, std::memory_order_acq_rel);
  }

  void work_loop() {
    for (;;) {
      int64_t c = next_.fetch_add(1, std::memory_order_acq_rel);
      if (c >= chunks_.load(std::memory_order_relaxed)) return;
      run_chunk(c);
    }
  }

  void worker() {
    in_pool_thread = true;
    uint64_t seen = generation_.load(std::memory_order_acquire);
    for (;;) {
      // Spin a little before sleeping: consecutive kernels of a training step follow within microseconds.
      bool got = false;
      auto until = std::chrono::steady_clock::now() + kSpinFor;
      for (int i = 1;; ++i) {
        if (generation_.load(std::memory_order_acquire) != seen || quit_.load()) {
          got = true;
          break;
        }
        cpu_relax();
        if (i % 64 == 0 && std::chrono::steady_clock::now() > until) break;
        if (i % kYieldEvery == 0) std::this_thread::yield();
      }
      if (!got) {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen || quit_.load(); });
      }
      if (quit_.load()) return;
      // No lock here: the job fields are published by the release increment of generation_ (and each chunk claim
      // on next_ synchronises again), and taking the mutex would pull its cache line over from the calling thread
      // before every job, which is most of a short job's start-up latency.
      seen = generation_.load(std::memory_order_acquire);
      work_loop();
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

  int size_ = 1;
  std::vector<std::thread> workers_;
  std::mutex mutex_, run_mutex_;
  std::condition_variable cv_;
  std::atomic<bool> quit_{false};
  std::atomic<uint64_t> generation_{0};
  static constexpr int64_t kClosed = INT64_MAX / 2;
  std::atomic<int64_t> next_{kClosed}, remaining_{0}, chunks_{0};
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
