// The project's model prices (/api/v1/model-prices): the list with the built-in catalog's, create and delete.

import type { ModelPriceDto } from './types.js';
import { apiDelete, apiPost } from './client.js';

export const MODEL_PRICES_API = '/api/v1/model-prices';

/** Creates a project model; an ApiError with the server's 400 message (naming the field) when it refuses. */
export const createModelPrice = (body: Record<string, unknown>) => apiPost<ModelPriceDto>(MODEL_PRICES_API, body);

export const deleteModelPrice = (id: string) => apiDelete(`${MODEL_PRICES_API}/${encodeURIComponent(id)}`);
