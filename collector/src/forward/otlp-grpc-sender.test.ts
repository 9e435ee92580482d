import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportTraceServiceResponse, RpcRetryInfo, RpcStatus } from '../otlp/proto.js';
import { RETRY_INFO_TYPE_URL, SERVICE_NAMES } from '../receivers/otlp-grpc.js';
import { createGrpcSender, grpcTarget } from './otlp-grpc-sender.js';

type Answer = (call: grpc.ServerUnaryCall<Buffer, Buffer>, done: grpc.sendUnaryData<Buffer>) => void;
let answer: Answer;
const received: { payload: Buffer; team: grpc.MetadataValue[] }[] = [];
let server: grpc.Server;
let port: number;
const identity = (b: Buffer) => b;

beforeAll(async () => {
  server = new grpc.Server();
  server.addService(
    { Export: { path: `/${SERVICE_NAMES.traces}/Export`, requestStream: false, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity } },
    {
      Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, done: grpc.sendUnaryData<Buffer>) => {
        received.push({ payload: call.request, team: call.metadata.get('x-team') });
        answer(call, done);
      },
    },
  );
  port = await new Promise((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
});
afterAll(() => server.forceShutdown());

const sender = () => createGrpcSender(`127.0.0.1:${port}`, { tls: { insecure: true, ca_file: '', cert_file: '', key_file: '', insecure_skip_verify: false }, headers: { 'X-Team': 'llm' }, compression: 'gzip', timeoutMs: 2000 });
const statusWithRetry = (code: grpc.status, seconds: number) => {
  const metadata = new grpc.Metadata();
  const details = [{ typeUrl: RETRY_INFO_TYPE_URL, value: RpcRetryInfo.encode(RpcRetryInfo.fromObject({ retryDelay: { seconds, nanos: 500_000_000 } })).finish() }];
  metadata.set('grpc-status-details-bin', Buffer.from(RpcStatus.encode(RpcStatus.fromObject({ code, message: 'slow down', details })).finish()));
  return { code, details: 'slow down', metadata };
};

describe('createGrpcSender', () => {
  it('calls Export with the payload and the headers as metadata, reading a partial success', async () => {
    answer = (_c, done) => done(null, Buffer.from(ExportTraceServiceResponse.encode(ExportTraceServiceResponse.fromObject({ partialSuccess: { rejectedSpans: 1, errorMessage: 'old' } })).finish()));
    const s = sender();
    expect(await s.send('traces', Buffer.from('abc'))).toEqual({ kind: 'delivered', rejected: 1, message: 'old' });
    expect(received.at(-1)).toEqual({ payload: Buffer.from('abc'), team: ['llm'] });
    s.close();
  });

  it('retries UNAVAILABLE, and RESOURCE_EXHAUSTED only with RetryInfo (whose delay it keeps); INVALID_ARGUMENT is final', async () => {
    const s = sender();
    answer = (_c, done) => done(statusWithRetry(grpc.status.UNAVAILABLE, 2));
    expect(await s.send('traces', Buffer.from('x'))).toEqual({ kind: 'retry', afterMs: 2500, message: `127.0.0.1:${port}: UNAVAILABLE: slow down` });
    answer = (_c, done) => done(statusWithRetry(grpc.status.RESOURCE_EXHAUSTED, 1));
    expect(await s.send('traces', Buffer.from('x'))).toMatchObject({ kind: 'retry', afterMs: 1500 });
    answer = (_c, done) => done({ code: grpc.status.RESOURCE_EXHAUSTED, details: 'quota' });
    expect(await s.send('traces', Buffer.from('x'))).toMatchObject({ kind: 'failed' });
    answer = (_c, done) => done({ code: grpc.status.INVALID_ARGUMENT, details: 'bad span' });
    expect(await s.send('traces', Buffer.from('x'))).toEqual({ kind: 'failed', message: `127.0.0.1:${port}: INVALID_ARGUMENT: bad span` });
    s.close();
  });

  it('reads the contrib endpoint forms', () => {
    expect(grpcTarget('tempo:4317', { insecure: false })).toEqual({ address: 'tempo:4317', secure: true });
    expect(grpcTarget('tempo:4317', { insecure: true })).toEqual({ address: 'tempo:4317', secure: false });
    expect(grpcTarget('http://tempo:4317', { insecure: false })).toEqual({ address: 'tempo:4317', secure: false });
    expect(grpcTarget('https://tempo:4317/', { insecure: true })).toEqual({ address: 'tempo:4317', secure: true });
  });
});
