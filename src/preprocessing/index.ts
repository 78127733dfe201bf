// Public surface of src/preprocessing/ (tf.preprocessing): scalers, encoders, cleaning, splits, text.
export { MinMaxScaler, StandardScaler, RobustScaler } from './scalers.js';
export type { MinMaxScalerConfig, StandardScalerConfig, RobustScalerConfig } from './scalers.js';
export { OneHotEncoder, OrdinalEncoder, LabelEncoder, sortedCategories } from './encoders.js';
export type { HandleUnknown, OneHotEncoderConfig, OrdinalEncoderConfig } from './encoders.js';
export { SimpleImputer, isMissing, mostFrequent } from './imputer.js';
export type { ImputeStrategy, SimpleImputerConfig } from './imputer.js';
export { OutlierDetector } from './outliers.js';
export type { OutlierDetectorConfig } from './outliers.js';
export { CleaningReport, TableCleaner, dropDuplicates, dropMissing } from './cleaning.js';
export type { DroppedRows, TableCleanerConfig } from './cleaning.js';
export { ColumnTransformer } from './column-transformer.js';
export type { ColumnStep, FeatureTransformer } from './column-transformer.js';
export { trainTestSplit, kFold, stratifiedKFold } from './split.js';
export type { SplitOptions, Split, Fold } from './split.js';
export { preprocessorFromJSON } from './registry.js';
export type { Preprocessor } from './registry.js';
export type { Matrix, PreprocessorJSON } from './matrix.js';
