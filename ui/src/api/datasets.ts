// Writes to /api/v1/datasets, shared by the dataset pages and the span panel's "Add to dataset".

import type { DatasetItemDto, DatasetSummaryDto } from './types.js';
import { apiPost } from './client.js';

export const DATASETS_API = '/api/v1/datasets';

/** A dataset's own API path; `sub` is `items` or `compare`. */
export const datasetApi = (name: string, sub?: 'items' | 'compare') => `${DATASETS_API}/${encodeURIComponent(name)}${sub ? `/${sub}` : ''}`;

/** Creates the dataset, or updates the one of that name (the server upserts). */
export const createDataset = (body: { name: string; description?: string; metadata?: unknown }) => apiPost<DatasetSummaryDto>(DATASETS_API, body);

export const addDatasetItem = (name: string, body: { input: unknown; expectedOutput?: unknown; metadata?: unknown; sourceTraceId?: string; sourceObservationId?: string }) =>
  apiPost<DatasetItemDto>(datasetApi(name, 'items'), body);
