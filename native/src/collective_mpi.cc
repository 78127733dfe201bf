// The collective addon (tensorforge_collective.node) on Open MPI: rank/size, in-place float32 sum-allreduce,
// byte broadcast and barrier for data-parallel training (src/models/data-parallel.ts). It is a separate addon
// from the kernels so that processes that never train on several ranks never load libmpi, and so that the kernel
// addon builds without MPI. binding.gyp compiles collective_none.cc instead when Open MPI's headers are missing.
//
// Hangs: MPI has no per-operation timeout. A watchdog thread ends this process (with a message naming the
// operation and rank) when one collective waits longer than the timeout; mpirun then sees a rank exit without
// MPI_Finalize and aborts the whole job, so a stuck or dead peer never leaves the others waiting forever.
#include <dlfcn.h>
#include <mpi.h>
#include <napi.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

namespace {

std::atomic<int64_t> g_deadline_ms{0};   // 0 = no collective in flight
std::atomic<const char*> g_op{""};
int64_t g_timeout_ms = 300000;
int g_rank = 0;
bool g_inited = false;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void watchdog() {
  for (;;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    int64_t d = g_deadline_ms.load();
    if (d != 0 && now_ms() > d) {
      std::fprintf(stderr,
                   "tensorforge: rank %d waited more than %.0f s in %s for the other ranks (a rank died or hangs); "
                   "ending this rank so that mpirun aborts the job.\n",
                   g_rank, static_cast<double>(g_timeout_ms) / 1000.0, g_op.load());
      std::fflush(stderr);
      _exit(75);
    }
  }
}

// RAII guard arming the watchdog around one collective.
struct Armed {
  explicit Armed(const char* op) {
    g_op.store(op);
    g_deadline_ms.store(now_ms() + g_timeout_ms);
  }
  ~Armed() { g_deadline_ms.store(0); }
};

void check(Napi::Env env, int rc, const char* what) {
  if (rc == MPI_SUCCESS) return;
  char msg[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(rc, msg, &len);
  throw Napi::Error::New(env, std::string("tensorforge collective ") + what + ": MPI error: " + std::string(msg, len));
}

void need_init(Napi::Env env, const char* fn) {
  if (!g_inited) throw Napi::Error::New(env, std::string("tensorforge collective ") + fn + ": call init() first");
}

// init(timeoutMs) -> { rank, size }. Open MPI loads its components with dlopen and they resolve libmpi's symbols
// globally; Node loads addons (and so libmpi) RTLD_LOCAL, so libmpi is promoted to RTLD_GLOBAL first.
Napi::Value Init(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() > 0 && info[0].IsNumber()) g_timeout_ms = info[0].As<Napi::Number>().Int64Value();
  if (!g_inited) {
    dlopen("libmpi.so.40", RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD);
    int provided = 0;
    check(env, MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "init");
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    g_inited = true;
    std::thread(watchdog).detach();
  }
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  Napi::Object o = Napi::Object::New(env);
  o.Set("rank", g_rank);
  o.Set("size", size);
  return o;
}

// allreduceSum(Float32Array): every rank's array becomes the element-wise sum over ranks (in place).
Napi::Value AllreduceSum(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  need_init(env, "allreduceSum");
  if (info.Length() < 1 || !info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
    throw Napi::TypeError::New(env, "tensorforge collective allreduceSum: argument 0 must be a Float32Array");
  Napi::Float32Array a = info[0].As<Napi::Float32Array>();
  Armed armed("allreduce");
  check(env, MPI_Allreduce(MPI_IN_PLACE, a.Data(), static_cast<int>(a.ElementLength()), MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD),
        "allreduceSum");
  return env.Undefined();
}

// broadcast(typedArray, root): the bytes of root's array replace every other rank's.
Napi::Value Broadcast(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  need_init(env, "broadcast");
  if (info.Length() < 2 || !info[0].IsTypedArray() || !info[1].IsNumber())
    throw Napi::TypeError::New(env, "tensorforge collective broadcast: expected (typedArray, root)");
  Napi::TypedArray a = info[0].As<Napi::TypedArray>();
  uint8_t* data = static_cast<uint8_t*>(a.ArrayBuffer().Data()) + a.ByteOffset();
  Armed armed("broadcast");
  check(env, MPI_Bcast(data, static_cast<int>(a.ByteLength()), MPI_BYTE, info[1].As<Napi::Number>().Int32Value(), MPI_COMM_WORLD),
        "broadcast");
  return env.Undefined();
}

Napi::Value Barrier(const Napi::CallbackInfo& info) {
  need_init(info.Env(), "barrier");
  Armed armed("barrier");
  check(info.Env(), MPI_Barrier(MPI_COMM_WORLD), "barrier");
  return info.Env().Undefined();
}

Napi::Value Finalize(const Napi::CallbackInfo& info) {
  if (g_inited) {
    int done = 0;
    MPI_Finalized(&done);
    if (!done) {
      Armed armed("finalize");
      MPI_Finalize();
    }
  }
  return info.Env().Undefined();
}

Napi::Object Init_(Napi::Env env, Napi::Object exports) {
  exports.Set("available", true);
  exports.Set("library", MPI_VERSION == 3 ? "Open MPI (MPI-3)" : "Open MPI");
  exports.Set("init", Napi::Function::New(env, Init));
  exports.Set("allreduceSum", Napi::Function::New(env, AllreduceSum));
  exports.Set("broadcast", Napi::Function::New(env, Broadcast));
  exports.Set("barrier", Napi::Function::New(env, Barrier));
  exports.Set("finalize", Napi::Function::New(env, Finalize));
  return exports;
}

}  // namespace

NODE_API_MODULE(tensorforge_collective, Init_)
