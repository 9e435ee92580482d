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
 * `noun` names the items ("log records"); `rejectedField` is the response's count field.
 */
export async function deliverWithPartialSuccess(
  counts: DecodedCounts,
  noun: string,
  rejectedField: string,
  deliver: () => Promise<void>,
): Promise<Record<string, unknown>> {
  const { accepted, rejected, reasons } = counts;
  if (accepted === 0 && rejected > 0) throw new OtlpDecodeError(`all ${rejected} ${noun} rejected: ${reasons.join('; ')}`);
  if (accepted > 0) await deliver();
  if (rejected === 0) return {};
  return { partialSuccess: { [rejectedField]: rejected, errorMessage: `${rejected} ${noun} rejected: ${reasons.join('; ')}` } };
}
