export type {
  AttrValue, Attributes, SpanInput, SpanEventInput, LogRecordInput, StepType, MessagePart, Message, GenAiRecord, GenAiDiagnostics,
} from './types.js';
export { STEP_TYPES } from './types.js';
export * from './attributes.js';
export { normalizeSpan, mergeLogRecords, type NormalizeOptions } from './normalize.js';
export { emptyRecord } from './record.js';
export {
  ATTR_WATCHLLM_EVALUATION_AUTHOR, ATTR_WATCHLLM_EVALUATION_CONFIG_ID, ATTR_WATCHLLM_EVALUATION_DATA_TYPE, ATTR_WATCHLLM_EVALUATION_ID, STORED_SCORE_DATA_TYPES, storedScoreDataType, type StoredScoreDataType, WATCHLLM_EVENT_EVALUATION_RETRACTED, evaluationOf, evaluationsOf, withoutRetracted, type Evaluation,
} from './evaluation.js';
export { normalizeProvider } from './provider.js';
export { normalizeFinishReason } from './messages/finish-reason.js';
export { createPriceBook, computeCost, type PriceBook, type CostResult } from './cost/price-book.js';
export { InvalidCustomPriceError, type CompiledCustomPrice, type CustomPrice, type PriceOverrides } from './cost/custom.js';
export {
  compileMatchPattern, compileModelPrice, modelPriceLookup, perMillion, ratesOfUsagePrices, MAX_MATCH_PATTERN_LENGTH, MODEL_USAGE_UNITS, USAGE_TYPES,
  type ModelPriceDefinition,
} from './cost/model-prices.js';
export { listCatalogModels, type CatalogModel } from './cost/catalog-models.js';
export { CATALOG_PRICE_VERSION } from './cost/catalog.js';
export { benchNormalize } from './bench.js';
