// Public surface of src/datasets/ (tf.datasets): built-in datasets with local lookup and verified downloads.
export { mnist, fashionMnist, FASHION_MNIST_CLASSES } from './mnist.js';
export { datasetsCacheDir } from './idx-loader.js';
export type { LoadOptions, ImageDataset, ImageSplit } from './idx-loader.js';
export { downloadVerified, sha256 } from './download.js';
export { writeFileAtomic } from '../core/atomic-write.js';
