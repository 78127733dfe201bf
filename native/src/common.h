// Shared declarations of the Tensorforge native backend.
//
// The kernels are compiled three times (isa_avx512.cc, isa_avx2.cc, isa_base.cc), each translation unit with its
// own -m flags, and cpu.cc picks one table at load time from cpuid. Code in the ISA units therefore must not emit
// inline functions or template instantiations that other units could share (the linker would keep one copy,
// possibly the AVX-512 one, and an AVX2 machine would fault): everything there lives in an anonymous namespace
// and talks to the rest of the addon only through the plain function pointers below.
#pragma once
#include <cstddef>
#include <cstdint>

namespace tfn {

// ---- thread pool (thread_pool.cc, compiled without ISA flags) ----
using RangeFn = void (*)(void* ctx, int64_t begin, int64_t end);
// Splits [0, n) into at most 4 * num_threads() chunks of at least `grain` items and runs them on the persistent
// pool, the caller included. Runs inline when the range is small, the pool has one thread, or when called from a
// pool thread (no nested parallelism, so no oversubscription).
void parallel_for(int64_t n, int64_t grain, RangeFn fn, void* ctx);
int num_threads();
void set_num_threads(int n);

// Aligned scratch memory (64-byte alignment); freed with scratch_free.
float* scratch_alloc(size_t floats);
void scratch_free(float* p);

// ---- op codes: generated from ops.def (the codes stay inside the addon; TypeScript sees names) ----
enum BinaryOp : int {
#define TFN_BINARY(id, name) k##id,
#include "ops.def"
};
enum UnaryOp : int {
#define TFN_UNARY(id, name, attr1, attr2) k##id,
#include "ops.def"
};
enum CompareOp : int {
#define TFN_COMPARE(id, name) k##id,
#include "ops.def"
};
enum CastKind : int {
#define TFN_CAST(id, from, to) kCast##id,
#include "ops.def"
};
enum ActOp : int {
#define TFN_ACT(id, name) kAct##id,
#include "ops.def"
};
enum ReduceOp : int {
#define TFN_REDUCE(id, name) kRed##id,
#include "ops.def"
};
enum PoolOp : int {
#define TFN_POOL(id, name) kPool##id,
#include "ops.def"
};
constexpr int kBinaryCount = 0
#define TFN_BINARY(id, name) +1
#include "ops.def"
    ;
constexpr int kUnaryCount = 0
#define TFN_UNARY(id, name, attr1, attr2) +1
#include "ops.def"
    ;
constexpr int kCompareCount = 0
#define TFN_COMPARE(id, name) +1
#include "ops.def"
    ;
constexpr int kActCount = 0
#define TFN_ACT(id, name) +1
#include "ops.def"
    ;
constexpr int kReduceCount = 0
#define TFN_REDUCE(id, name) +1
#include "ops.def"
    ;
constexpr int kPoolCount = 0
#define TFN_POOL(id, name) +1
#include "ops.def"
    ;

// Row-major GEMM: C[m x n] (+)= op(A)[m x k] * op(B)[k x n], then optional bias (length n) and activation.
struct GemmArgs {
  bool trans_a, trans_b, accumulate;
  int64_t m, n, k;
  const float* a; int64_t lda;
  const float* b; int64_t ldb;
  float* c; int64_t ldc;
  const float* bias;  // may be null
  int act;  // ActOp
};

// Binary op over a collapsed broadcast: out has `rank` dims (rank <= 8, last is contiguous); sa/sb are the
// element strides of a and b (0 on broadcast dimensions).
struct BinaryArgs {
  int op, rank;
  int64_t shape[8], sa[8], sb[8];
  const float* a; const float* b; float* out;
};

// Convolution geometry, NHWC input/output and HWIO filter (TF layout).
struct ConvGeom {
  int64_t batch, in_h, in_w, in_c, out_h, out_w, out_c, f_h, f_w, stride_h, stride_w, dil_h, dil_w, pad_top, pad_left;
};

struct PoolGeom {
  int64_t batch, in_h, in_w, chan, out_h, out_w, f_h, f_w, stride_h, stride_w, pad_top, pad_left;
};

// Fused LSTM over a sequence (src/ops/rnn.ts): B rows, T steps, H units; `hard` selects hard-sigmoid gates.
struct LstmArgs {
  int64_t batch, steps, units;
  bool hard;
  const float *x, *u, *h0, *c0, *mask;
  float *hs, *h_out, *c_out, *gates, *cs;
};

struct LstmGradArgs {
  int64_t batch, steps, units;
  bool hard;
  const float *u, *h0, *c0, *mask, *hs, *cs, *gates, *dhs, *dh_t, *dc_t;
  float *dx, *du, *dh0, *dc0;
};

// One ISA's kernel table.
struct Kernels {
  const char* isa;
  int gemm_mr, gemm_nr;
  void (*gemm)(const GemmArgs&);
  void (*binary)(const BinaryArgs&);
  // Comparison with broadcasting (g.out unused) writing 0/1 bytes.
  void (*compare)(int op, const BinaryArgs& g, uint8_t* out);
  void (*cast)(int kind, const void* x, void* out, int64_t n);
  void (*select)(const uint8_t* cond, const float* a, const float* b, float* out, int64_t n);
  void (*unary)(int op, const float* x, float* out, int64_t n, float p1, float p2);
  // [outer, reduce, inner] reduction.
  void (*reduce)(int op, const float* x, float* out, int64_t outer, int64_t red, int64_t inner);
  void (*softmax)(const float* x, float* out, int64_t rows, int64_t cols, bool log);
  // dx = dy * f'(y) for fused activation backward, where y is the activation's output.
  void (*act_grad)(int act, const float* dy, const float* y, float* dx, int64_t n);
  // Softmax cross-entropy over rows: loss[r] = -sum labels*log softmax(logits); grad (may be null) = softmax - labels.
  void (*softmax_xent)(const float* logits, const float* labels, float* loss, float* grad, int64_t rows, int64_t cols);
  // Sparse labels: loss[r] = logsumexp(logits[r]) - logits[r][labels[r]], NaN for a label outside [0, cols).
  void (*sparse_xent)(const float* logits, const int32_t* labels, float* loss, int64_t rows, int64_t cols);
  // y = act(conv(x, w) + bias); bias may be null, act is an ActOp.
  void (*conv2d)(const ConvGeom&, const float* x, const float* w, const float* bias, int act, float* y);
  void (*conv2d_backprop_input)(const ConvGeom&, const float* dy, const float* w, float* dx);
  void (*conv2d_backprop_filter)(const ConvGeom&, const float* x, const float* dy, float* dw);
  void (*pool)(int op, const PoolGeom&, const float* x, float* y);
  void (*pool_grad)(int op, const PoolGeom&, const float* x, const float* dy, float* dx);
  // Optimizer updates write new values into the out arrays (which may alias the inputs).
  void (*sgd)(const float* p, const float* g, float* po, int64_t n, float lr);
  void (*momentum)(const float* p, const float* g, const float* acc, float* po, float* acco, int64_t n, float lr,
                   float momentum, bool nesterov, bool keras_form);
  void (*adam)(const float* p, const float* g, const float* m, const float* v, float* po, float* mo, float* vo,
               int64_t n, float lr_t, float beta1, float beta2, float eps, float lr_wd);
  void (*rmsprop)(const float* p, const float* g, const float* ms, const float* mom, const float* mg, float* po,
                  float* mso, float* momo, float* mgo, int64_t n, float lr, float rho, float momentum, float eps,
                  bool centered);
  void (*adagrad)(const float* p, const float* g, const float* acc, float* po, float* acco, int64_t n, float lr,
                  float eps);
  void (*lstm_forward)(const LstmArgs&);
  void (*lstm_backward)(const LstmGradArgs&);
  // out[i, :] = table[idx[i], :]; indices out of range give zeros.
  void (*gather_rows)(const float* table, int64_t rows, int64_t cols, const int32_t* idx, int64_t n, float* out);
  // out[idx[i], :] += src[i, :] (out must be zeroed or hold the base values).
  void (*scatter_add_rows)(const float* src, int64_t cols, const int32_t* idx, int64_t n, float* out, int64_t rows);
};

const Kernels* kernels_avx512();
const Kernels* kernels_avx2();
const Kernels* kernels_base();

// The table chosen for this CPU (or forced with TENSORFORGE_ISA=avx512|avx2|base).
const Kernels& active_kernels();
// Best ISA this CPU supports ('avx512', 'avx2' or 'base').
const char* cpu_isa_name();
// Switches the kernel table (tests compare every ISA the CPU supports); false when this CPU lacks it.
bool select_isa(const char* name);
// True when the CPU and OS run AVX-512 with the BF16 extension (vdpbf16ps); bf16.h's kernels use it.
bool cpu_has_avx512_bf16();

}  // namespace tfn
