// A Bedrock runtime client for the stub LLM server, for the demo and tests (its own export, so the package's
// main entry never loads the AWS SDK).
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** Pointed at the stub's Bedrock endpoint: HTTP/1.1 (the SDK's default handler for this service is HTTP/2, which the stub does not speak), dummy credentials, no retries. */
export function stubBedrockClient(endpoint: string): BedrockRuntimeClient {
  return new BedrockRuntimeClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'stub', secretAccessKey: 'stub' }, requestHandler: new NodeHttpHandler(), maxAttempts: 1 });
}
