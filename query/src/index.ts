export * from './app.js';
export * from './runtime.js';
export * from './waterfall.js';
export * from './reader/trace-reader.js';
export * from './reader/trace-rows.js';
export * from './dto/span.js';
export * from './dto/genai.js';
