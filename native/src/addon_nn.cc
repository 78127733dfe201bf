// N-API entry points for convolution, pooling, optimizer updates and embeddings (see addon.cc).
#include "args.h"

namespace tfn {
namespace {

PoolGeom pool_geom(const Args& a, size_t i) {
  const double* v = a.f64(i, 12);
  PoolGeom p{};
  int64_t* f[] = {&p.batch, &p.in_h, &p.in_w, &p.chan, &p.out_h, &p.out_w, &p.f_h, &p.f_w,
                  &p.stride_h, &p.stride_w, &p.pad_top, &p.pad_left};
  for (int j = 0; j < 12; ++j) *f[j] = static_cast<int64_t>(v[j]);
  if (p.stride_h < 1 || p.stride_w < 1) a.fail(i, "has a stride below 1");
  return p;
}

// conv2d(x, w, y, geom, bias|null, act): y = act(conv(x, w) + bias).
Napi::Value Conv2D(const Napi::CallbackInfo& info) {
  Args a{info, "conv2d"};
  a.need_count(6);
  ConvGeom c = conv_geom(a, 3);
  const float* bias = a.is_null(4) ? nullptr : a.f32(4, c.out_c);
  int act = static_cast<int>(a.num(5));
  if (act < 0 || act >= kActCount) a.fail(5, "is not a known activation code");
  K().conv2d(c, a.f32(0, in_size(c)), a.f32(1, filter_size(c)), bias, act, a.f32(2, out_size(c)));
  return info.Env().Undefined();
}

const float* f32(const Args& a, size_t i, int64_t need) { return a.f32(i, need); }

// conv2dBackpropInput(dy, w, dx, geom)
Napi::Value Conv2DBackpropInput(const Napi::CallbackInfo& info) {
  return conv_entry(info, "conv2dBackpropInput", K().conv2d_backprop_input, f32, out_size, filter_size, in_size);
}

// conv2dBackpropFilter(x, dy, dw, geom)
Napi::Value Conv2DBackpropFilter(const Napi::CallbackInfo& info) {
  return conv_entry(info, "conv2dBackpropFilter", K().conv2d_backprop_filter, f32, in_size, out_size, filter_size);
}

// pool(op, x, y, geom)
Napi::Value Pool(const Napi::CallbackInfo& info) {
  Args a{info, "pool"};
  a.need_count(4);
  PoolGeom p = pool_geom(a, 3);
  int op = static_cast<int>(a.num(0));
  if (op < 0 || op >= kPoolCount) a.fail(0, "is not a known pool kind");
  K().pool(op, p, a.f32(1, p.batch * p.in_h * p.in_w * p.chan), a.f32(2, p.batch * p.out_h * p.out_w * p.chan));
  return info.Env().Undefined();
}

// poolGrad(op, x, dy, dx, geom)
Napi::Value PoolGrad(const Napi::CallbackInfo& info) {
  Args a{info, "poolGrad"};
  a.need_count(5);
  PoolGeom p = pool_geom(a, 4);
  int op = static_cast<int>(a.num(0));
  if (op < 0 || op >= kPoolCount) a.fail(0, "is not a known pool kind");
  int64_t in = p.batch * p.in_h * p.in_w * p.chan;
  K().pool_grad(op, p, a.f32(1, in), a.f32(2, p.batch * p.out_h * p.out_w * p.chan), a.f32(3, in));
  return info.Env().Undefined();
}

int64_t len_of(const Args& a, size_t i) {
  a.f32(i, 0);
  return a.length(i);
}

float fl(const Args& a, size_t i) { return static_cast<float>(a.num(i)); }

// sgd(p, g, po, lr)
Napi::Value Sgd(const Napi::CallbackInfo& info) {
  Args a{info, "sgd"};
  a.need_count(4);
  int64_t n = len_of(a, 2);
  K().sgd(a.f32(0, n), a.f32(1, n), a.f32(2, n), n, fl(a, 3));
  return info.Env().Undefined();
}

// momentum(p, g, acc, po, acco, lr, momentum, nesterov, kerasForm)
Napi::Value Momentum(const Napi::CallbackInfo& info) {
  Args a{info, "momentum"};
  a.need_count(9);
  int64_t n = len_of(a, 3);
  K().momentum(a.f32(0, n), a.f32(1, n), a.f32(2, n), a.f32(3, n), a.f32(4, n), n, fl(a, 5), fl(a, 6), a.flag(7),
               a.flag(8));
  return info.Env().Undefined();
}

// adam(p, g, m, v, po, mo, vo, lrT, beta1, beta2, eps, lrWd)
Napi::Value Adam(const Napi::CallbackInfo& info) {
  Args a{info, "adam"};
  a.need_count(12);
  int64_t n = len_of(a, 4);
  K().adam(a.f32(0, n), a.f32(1, n), a.f32(2, n), a.f32(3, n), a.f32(4, n), a.f32(5, n), a.f32(6, n), n, fl(a, 7),
           fl(a, 8), fl(a, 9), fl(a, 10), fl(a, 11));
  return info.Env().Undefined();
}

// rmsprop(p, g, ms, mom, mg, po, mso, momo, mgo, lr, rho, momentum, eps, centered)
Napi::Value RmsProp(const Napi::CallbackInfo& info) {
  Args a{info, "rmsprop"};
  a.need_count(14);
  int64_t n = len_of(a, 5);
  K().rmsprop(a.f32(0, n), a.f32(1, n), a.f32(2, n), a.f32(3, n), a.f32(4, n), a.f32(5, n), a.f32(6, n), a.f32(7, n),
              a.f32(8, n), n, fl(a, 9), fl(a, 10), fl(a, 11), fl(a, 12), a.flag(13));
  return info.Env().Undefined();
}

// adagrad(p, g, acc, po, acco, lr, eps)
Napi::Value Adagrad(const Napi::CallbackInfo& info) {
  Args a{info, "adagrad"};
  a.need_count(7);
  int64_t n = len_of(a, 3);
  K().adagrad(a.f32(0, n), a.f32(1, n), a.f32(2, n), a.f32(3, n), a.f32(4, n), n, fl(a, 5), fl(a, 6));
  return info.Env().Undefined();
}

// gatherRows(table, rows, cols, idx, out)
Napi::Value GatherRows(const Napi::CallbackInfo& info) {
  Args a{info, "gatherRows"};
  a.need_count(5);
  int64_t rows = a.i64(1), cols = a.i64(2);
  a.i32(3, 0);
  int64_t n = a.length(3);
  K().gather_rows(a.f32(0, rows * cols), rows, cols, a.i32(3, n), n, a.f32(4, n * cols));
  return info.Env().Undefined();
}

// scatterAddRows(src, cols, idx, out, rows): out[idx[i]] += src[i]
Napi::Value ScatterAddRows(const Napi::CallbackInfo& info) {
  Args a{info, "scatterAddRows"};
  a.need_count(5);
  int64_t cols = a.i64(1), rows = a.i64(4);
  a.i32(2, 0);
  int64_t n = a.length(2);
  K().scatter_add_rows(a.f32(0, n * cols), cols, a.i32(2, n), n, a.f32(3, rows * cols), rows);
  return info.Env().Undefined();
}

// lstmSequence(x, u, h0, c0, mask, hs, hT, cT, gates, cs, batch, steps, units, hard)
Napi::Value LstmSequence(const Napi::CallbackInfo& info) {
  Args a{info, "lstmSequence"};
  a.need_count(14);
  LstmArgs l{};
  l.batch = a.i64(10); l.steps = a.i64(11); l.units = a.i64(12); l.hard = a.flag(13);
  int64_t bt = l.batch * l.steps, bh = l.batch * l.units, g = 4 * l.units;
  l.x = a.f32(0, bt * g); l.u = a.f32(1, l.units * g); l.h0 = a.f32(2, bh); l.c0 = a.f32(3, bh); l.mask = a.f32(4, bt);
  l.hs = a.f32(5, bt * l.units); l.h_out = a.f32(6, bh); l.c_out = a.f32(7, bh); l.gates = a.f32(8, bt * g);
  l.cs = a.f32(9, bt * l.units);
  K().lstm_forward(l);
  return info.Env().Undefined();
}

// lstmSequenceGrad(u, h0, c0, mask, hs, cs, gates, dhs, dhT, dcT, dx, du, dh0, dc0, batch, steps, units, hard)
Napi::Value LstmSequenceGrad(const Napi::CallbackInfo& info) {
  Args a{info, "lstmSequenceGrad"};
  a.need_count(18);
  LstmGradArgs l{};
  l.batch = a.i64(14); l.steps = a.i64(15); l.units = a.i64(16); l.hard = a.flag(17);
  int64_t bt = l.batch * l.steps, bh = l.batch * l.units, g = 4 * l.units;
  l.u = a.f32(0, l.units * g); l.h0 = a.f32(1, bh); l.c0 = a.f32(2, bh); l.mask = a.f32(3, bt);
  l.hs = a.f32(4, bt * l.units); l.cs = a.f32(5, bt * l.units); l.gates = a.f32(6, bt * g); l.dhs = a.f32(7, bt * l.units);
  l.dh_t = a.f32(8, bh); l.dc_t = a.f32(9, bh);
  l.dx = a.f32(10, bt * g); l.du = a.f32(11, l.units * g); l.dh0 = a.f32(12, bh); l.dc0 = a.f32(13, bh);
  K().lstm_backward(l);
  return info.Env().Undefined();
}

}  // namespace

void register_nn(Napi::Env env, Napi::Object exports) {
  exports.Set("conv2d", Napi::Function::New(env, Conv2D));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, Conv2DBackpropInput));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, Conv2DBackpropFilter));
  exports.Set("pool", Napi::Function::New(env, Pool));
  exports.Set("poolGrad", Napi::Function::New(env, PoolGrad));
  exports.Set("sgd", Napi::Function::New(env, Sgd));
  exports.Set("momentum", Napi::Function::New(env, Momentum));
  exports.Set("adam", Napi::Function::New(env, Adam));
  exports.Set("rmsprop", Napi::Function::New(env, RmsProp));
  exports.Set("adagrad", Napi::Function::New(env, Adagrad));
  exports.Set("lstmSequence", Napi::Function::New(env, LstmSequence));
  exports.Set("lstmSequenceGrad", Napi::Function::New(env, LstmSequenceGrad));
  exports.Set("gatherRows", Napi::Function::New(env, GatherRows));
  exports.Set("scatterAddRows", Napi::Function::New(env, ScatterAddRows));
}

}  // namespace tfn
