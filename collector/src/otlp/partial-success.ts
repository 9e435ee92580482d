import { settle } from '../pipeline/settle.js';
import { OtlpDecodeError } from './errors.js';

export interface DecodedCounts {
  accepted: number;
  rejected: number;
  reasons: string[];
}

/**
 * The tail every signal handler shares: a request whose items were all bad is
 * refused (400 / INVALID_ARGUMENT), the good items are delivered, and rejected
 * ones are reported as OTLP partial success — never dropped silently.
 * `noun` names the items ("log records"); `rejectedField` is the response's count field;
 * `onRejected` hears how many items were rejected (they are not stored: the dropped counter).
 *
 * Not an async function (see settle.ts): `deliver`'s closure holds the decoded batch.
 */
export function deliverWithPartialSuccess(
  counts: DecodedCounts,
  noun: string,
  rejectedField: string,
  deliver: () => Promise<void>,
  onRejected?: (items: number) => void,
): Promise<Record<string, unknown>> {
  const { accepted, rejected, reasons } = counts;
  if (rejected > 0) onRejected?.(rejected);
  if (accepted === 0 && rejected > 0) return Promise.reject(new OtlpDecodeError(`all ${rejected} ${noun} rejected: ${reasons.join('; ')}`));
  const response = rejected === 0 ? {} : { partialSuccess: { [rejectedField]: rejected, errorMessage: `${rejected} ${noun} rejected: ${reasons.join('; ')}` } };
  if (accepted === 0) return Promise.resolve(response);
  return settle(deliver).then(() => response);
}

