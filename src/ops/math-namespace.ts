// tf.math: TF.js keeps confusionMatrix in this namespace.
export { confusionMatrix } from './confusion-matrix.js';
