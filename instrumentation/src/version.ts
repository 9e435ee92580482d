export const PACKAGE_NAME = '@watchllm/instrumentation';
export const PACKAGE_VERSION = '0.1.0';
