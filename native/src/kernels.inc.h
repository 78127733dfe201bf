// Body shared by the ISA units: includes every kernel family and exports this unit's table as
// tfn::kernels_<TFN_ISA>(). The including file defines TFN_ISA, MR, NR and micro_kernel first, all inside
// `namespace tfn { namespace {`, which this file closes.
#include "math.inc.h"
#include "gemm.inc.h"
#include "elementwise.inc.h"
#include "reduce.inc.h"
#include "conv.inc.h"
#include "nn.inc.h"
#include "rnn.inc.h"

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
