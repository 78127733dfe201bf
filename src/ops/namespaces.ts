// TF.js's op namespaces for the spectral, signal and string families: tf.spectral.fft, tf.signal.stft,
// tf.string.stringSplit, ... (plain objects, as in TF.js).
import { frame, hammingWindow, hannWindow, stft } from './signal.js';
import { fft, ifft, irfft, rfft } from './spectral.js';
import { staticRegexReplace, stringNGrams, stringSplit, stringToHashBucketFast } from './strings.js';

/** Fourier transforms over the innermost axis. @example spectral.rfft(tensor1d([1, 2, 3])); */
export const spectral = { fft, ifft, rfft, irfft };

/** Framing, windows and the short-time Fourier transform. @example signal.hannWindow(4); */
export const signal = { frame, hannWindow, hammingWindow, stft };

/** Ops on string tensors. @example string.stringSplit(['a b'], ' '); */
export const string = { stringNGrams, stringSplit, stringToHashBucketFast, staticRegexReplace };
