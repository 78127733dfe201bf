// Body shared by the ISA units: includes every kernel family and exports this unit's table as
// tfn::kernels_<TFN_ISA>(). The including file defines TFN_ISA, MR, NR and micro_kernel first, all inside
// `namespace tfn { namespace {`, which this file closes.
// One file per op family of src/ops/ (docs/NATIVE.md lists them); math.inc.h holds the shared scalar helpers.
#include "math.inc.h"
#include "gemm.inc.h"               // matmul.ts, fused.ts (GEMM with bias and activation epilogue)
#include "elementwise.inc.h"        // arithmetic.ts, binary-math.ts, elementwise-math.ts, activations.ts
#include "compare.inc.h"            // compare.ts, cast.ts
#include "activations.inc.h"        // activations.ts: softmax, log-softmax, activation gradients
#include "losses_fused.inc.h"       // losses-fused.ts
#include "reduction.inc.h"          // reduction.ts
#include "conv.inc.h"               // conv.ts, fused-conv.ts
#include "pool.inc.h"               // pool.ts
#include "optimizer_updates.inc.h"  // optimizer-updates.ts
#include "gather.inc.h"             // gather.ts (embedding rows)
#include "rnn.inc.h"                // rnn.ts (fused LSTM)

}  // namespace

#define TFN_CAT2(a, b) a##b
#define TFN_CAT(a, b) TFN_CAT2(a, b)
#define TFN_STR2(a) #a
#define TFN_STR(a) TFN_STR2(a)

const Kernels* TFN_CAT(kernels_, TFN_ISA)() {
  static const Kernels table = {
      TFN_STR(TFN_ISA), static_cast<int>(MR), static_cast<int>(NR), &gemm, &binary, &compare, &cast, &select, &unary, &reduce, &softmax,
      &act_grad, &softmax_xent, &sparse_xent, &conv2d, &conv2d_backprop_input, &conv2d_backprop_filter, &pool, &pool_grad, &sgd,
      &momentum, &adam, &rmsprop, &adagrad, &lstm_forward, &lstm_backward, &gather_rows, &scatter_add_rows,
  };
  return &table;
}

}  // namespace tfn
