// Public surface of src/privacy/ (the `tf.privacy` namespace): DP-SGD and the RDP accountant.
export { dpSgdFit, isPrivateTrainable, type PrivateTrainable, type DpSgdOptions, type PrivacyReport } from './dp-sgd.js';
export { computeRdp, epsilonFromRdp, dpSgdEpsilon, noiseForEpsilon, DEFAULT_ORDERS, type DpSgdSetting, type RdpConversion } from './rdp-accountant.js';
