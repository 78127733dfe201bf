// Public surface of src/preprocessing/: scalers, encoders, cleaning, splits, text, augmentation layers.
export {};
