// Rebuilds any preprocessor from its `toJSON()` output, so fitted pipelines can be saved with a model.
import { FormatError } from '../core/errors.js';
import { TableCleaner } from './cleaning.js';
import { ColumnTransformer, type FeatureTransformer } from './column-transformer.js';
import { LabelEncoder, OneHotEncoder, OrdinalEncoder } from './encoders.js';
import { SimpleImputer } from './imputer.js';
import type { PreprocessorJSON } from './matrix.js';
import { OutlierDetector } from './outliers.js';
import { MinMaxScaler, RobustScaler, StandardScaler } from './scalers.js';

/** Every preprocessor `preprocessorFromJSON` can rebuild. */
export type Preprocessor =
  | MinMaxScaler
  | StandardScaler
  | RobustScaler
  | OneHotEncoder
  | OrdinalEncoder
  | LabelEncoder
  | SimpleImputer
  | OutlierDetector
  | ColumnTransformer
  | TableCleaner;

/**
 * Rebuilds a preprocessor (with its fitted state) from `toJSON()` output or its JSON string.
 * @example const scaler = preprocessorFromJSON(JSON.parse(JSON.stringify(new StandardScaler().fit(x))));
 */
export function preprocessorFromJSON(input: PreprocessorJSON | string): Preprocessor {
  const json: PreprocessorJSON = typeof input === 'string' ? (JSON.parse(input) as PreprocessorJSON) : input;
  switch (json?.className) {
    case 'MinMaxScaler':
      return MinMaxScaler.fromJSON(json);
    case 'StandardScaler':
      return StandardScaler.fromJSON(json);
    case 'RobustScaler':
      return RobustScaler.fromJSON(json);
    case 'OneHotEncoder':
      return OneHotEncoder.fromJSON(json);
    case 'OrdinalEncoder':
      return OrdinalEncoder.fromJSON(json);
    case 'LabelEncoder':
      return LabelEncoder.fromJSON(json);
    case 'SimpleImputer':
      return SimpleImputer.fromJSON(json);
    case 'OutlierDetector':
      return OutlierDetector.fromJSON(json);
    case 'TableCleaner':
      return TableCleaner.fromJSON(json);
    case 'ColumnTransformer':
      return ColumnTransformer.fromJSON(json, (j) => preprocessorFromJSON(j) as FeatureTransformer);
    default:
      throw new FormatError(
        `preprocessorFromJSON: unknown className '${String(json?.className)}'; expected one of MinMaxScaler, StandardScaler, ` +
          'RobustScaler, OneHotEncoder, OrdinalEncoder, LabelEncoder, SimpleImputer, OutlierDetector, ColumnTransformer, TableCleaner.',
      );
  }
}
