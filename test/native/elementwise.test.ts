import * as tf from '../../src/index.js';
import { nativeDescribe, parity, rnd } from './parity.js';

const pairs: [number[], number[]][] = [
  [[], []], [[0], [0]], [[1], [1]], [[37], [37]], [[5, 33], [33]], [[5, 33], [5, 1]], [[33], []], [[], [7, 3]],
  [[4, 1, 6], [1, 5, 1]], [[2, 3, 4, 5], [3, 1, 5]], [[3, 1], [1, 1]], [[2, 0, 3], [3]],
];

const binary: [string, string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
  ['add', 'Add', tf.add], ['sub', 'Sub', tf.sub], ['mul', 'Multiply', tf.mul], ['div', 'RealDiv', tf.div],
  ['maximum', 'Maximum', tf.maximum], ['minimum', 'Minimum', tf.minimum], ['squaredDifference', 'SquaredDifference', tf.squaredDifference],
];

const unary: [string, string, (x: tf.Tensor) => tf.Tensor, { scale?: number; offset?: number }][] = [
  ['neg', 'Neg', tf.neg, {}], ['relu', 'Relu', tf.relu, {}], ['exp', 'Exp', tf.exp, { scale: 30 }], ['log', 'Log', tf.log, { offset: 2 }],
  ['tanh', 'Tanh', tf.tanh, { scale: 3 }], ['sigmoid', 'Sigmoid', tf.sigmoid, { scale: 20 }], ['sqrt', 'Sqrt', tf.sqrt, { offset: 1 }],
  ['rsqrt', 'Rsqrt', tf.rsqrt, { offset: 2 }], ['square', 'Square', tf.square, {}], ['abs', 'Abs', tf.abs, {}],
  ['reciprocal', 'Reciprocal', tf.reciprocal, {}], ['elu', 'Elu', tf.elu, {}], ['softplus', 'Softplus', tf.softplus, { scale: 10 }],
  ['log1p', 'Log1p', tf.log1p, { offset: 1 }], ['expm1', 'Expm1', tf.expm1, {}], ['sign', 'Sign', tf.sign, {}],
  ['floor', 'Floor', tf.floor, { scale: 5 }], ['ceil', 'Ceil', tf.ceil, { scale: 5 }],
];

nativeDescribe('native element-wise parity', () => {
  binary.forEach(([name, op, f], k) => {
    pairs.forEach(([sa, sb], i) => {
      parity(`${name} [${sa.join(',')}] with [${sb.join(',')}]`, [op], () => f(rnd(sa, 100 * k + i, { specials: true }), rnd(sb, 100 * k + i + 50)));
    });
  });
  unary.forEach(([name, op, f, opts], k) => {
    for (const n of [0, 1, 17, 1000]) {
      parity(`${name} on ${n} values with NaN/Inf`, [op], () => f(rnd([n], 7 * k + n, { ...opts, specials: true })));
    }
  });
  parity('exp over the whole float range (overflow, underflow, subnormals)', ['Exp'], () =>
    tf.exp(tf.tensor([-200, -104, -103.9, -100, -90, -87.4, -87.3, -20, -1e-7, 0, 1e-7, 1, 20, 88, 88.72, 88.73, 100], undefined, 'float32')));
  parity('tanh near 0, the 0.625 switch and saturation', ['Tanh'], () =>
    tf.tanh(tf.tensor([-20, -9, -0.7, -0.625, -0.6249, -1e-3, -1e-30, 0, 1e-30, 1e-3, 0.6249, 0.625, 0.7, 9, 20], undefined, 'float32')));
  const comparisons: [string, string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
    ['greater', 'Greater', tf.greater], ['greaterEqual', 'GreaterEqual', tf.greaterEqual], ['less', 'Less', tf.less],
    ['lessEqual', 'LessEqual', tf.lessEqual], ['equal', 'Equal', tf.equal], ['notEqual', 'NotEqual', tf.notEqual],
  ];
  comparisons.forEach(([name, op, f], k) => {
    const shapes: [number[], number[]][] = [[[0], [0]], [[1], []], [[37], [37]], [[5, 33], [33]], [[4, 1, 6], [1, 5, 1]]];
    for (const [sa, sb] of shapes) {
      // Rounded values make ties (equal elements) common.
      parity(`${name} [${sa.join(',')}] with [${sb.join(',')}]`, [op], () =>
        f(tf.round(rnd(sa, k, { specials: true, scale: 2 })), tf.round(rnd(sb, k + 9, { scale: 2 }))));
    }
  });
  parity('cast bool to float32, int32 to float32 and float32 to bool', ['Cast'], () => {
    const x = rnd([67], 4, { specials: true });
    return [tf.cast(tf.greater(x, 0), 'float32'), tf.cast(tf.tensor([-3, 0, 7, 2147483647], [4], 'int32'), 'float32'), tf.cast(tf.cast(x, 'bool'), 'float32')];
  });
  parity('where on equal shapes (the elu gradient)', ['Select'], () => {
    const x = rnd([5, 13], 6, { specials: true });
    return tf.where(tf.greater(x, 0), x, rnd([5, 13], 7));
  });
  parity('clipByValue', ['ClipByValue'], () => tf.clipByValue(rnd([5, 7], 3, { specials: true }), -0.5, 0.75));
});
