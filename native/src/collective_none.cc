// Built instead of collective_mpi.cc when Open MPI's development files were missing at build time: the addon
// loads, says it is unavailable, and src/backends/native/collective.ts turns that into an error with the fix.
#include <napi.h>

namespace {

Napi::Object Init_(Napi::Env env, Napi::Object exports) {
  exports.Set("available", false);
  exports.Set("reason", "the addon was built without Open MPI (mpi.h was not found)");
  return exports;
}

}  // namespace

NODE_API_MODULE(tensorforge_collective, Init_)
