export {
  type FileError,
  type FilePosition,
  fileError,
  fileErrorsMax,
  formatFileError,
  formatFileErrors,
  sortFileErrors,
} from './file-error.js';
export { closestMatch, editDistance } from './suggest.js';
export {
  durationMsSchema,
  durationPattern,
  type Parsed,
  type Ratio,
  ratioFromDecimal,
  ratioSchema,
} from './values.js';
export {
  formatPath,
  type NonStringKey,
  type PathSegment,
  parseYamlSource,
  positionAt,
  type YamlDialect,
  type YamlSource,
  type YamlSourceResult,
  yamlTextLengthMax,
} from './yaml-source.js';
export {
  describeValue,
  didYouMean,
  explainIssue,
  type KeyWording,
  objectKeysAt,
  oneOf,
  type ValidationContext,
  type ValidationResult,
  validateValue,
} from './zod-errors.js';
