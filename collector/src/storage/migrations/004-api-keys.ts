import type { Migration } from '../schema.js';
import { API_KEYS_TABLE } from '../../auth/keys.js';

export const apiKeysMigration: Migration = {
  version: 4,
  name: 'API keys (hashed) per project',
  objects: [
    {
      kind: 'table',
      name: API_KEYS_TABLE,
      columns: [
        'KeyId String',
        'ProjectId LowCardinality(String)',
        'KeyHash String',
        'Prefix String',
        'Revoked UInt8',
        'CreatedAt DateTime64(3) DEFAULT now64(3)',
        'Version UInt64 DEFAULT 0',
      ],
      engine: 'ReplacingMergeTree',
      orderBy: '(KeyId, Version)',
    },
  ],
};
