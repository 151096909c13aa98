// Loaded before telemetry starts (the recorder is a span processor): nothing here may import express or a store client at run time.
export * from './service-metrics.ts';
export * from './http-metrics.ts';
export * from './metrics-handler.ts';
export * from './store-call-recorder.ts';
export * from './socket-metrics.ts';
export * from './kafka-lag.ts';
