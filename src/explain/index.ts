// Public surface of src/explain/ (the `tf.explain` namespace): gradient attributions and Shapley values.
export { saliency, smoothGrad, integratedGradients, type ModelFn, type IntegratedGradients, type TargetOption } from './gradients.js';
export { exactShapley, kernelShap, globalImportance, type ShapValues, type ShapOptions, type GlobalImportance } from './shap.js';
