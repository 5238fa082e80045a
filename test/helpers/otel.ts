/**
 * OpenTelemetry's SDK set up in memory for the observability tests: W3C `traceparent`
 * propagation, AsyncLocalStorage context (what a Node service registers), every span kept by an
 * InMemorySpanExporter, metrics collected on demand. Registered globally, as an application's
 * SDK is: the generated code only ever sees `@opentelemetry/api`.
 */
import * as api from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { MeterProvider, MetricReader, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";

/** A reader that exports nothing by itself: the test collects when it wants to look. */
class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

export interface InMemoryOtel {
  api: typeof api;
  spans(): ReadableSpan[];
  reset(): void;
  metrics(): Promise<ResourceMetrics>;
}

export function installInMemoryOtel(): InMemoryOtel {
  const exporter = new InMemorySpanExporter();
  const reader = new CollectingReader();
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  api.trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  api.metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  return {
    api,
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    metrics: async () => (await reader.collect()).resourceMetrics,
  };
}

/** The span with this name, exactly one. */
export function onlySpan(spans: ReadableSpan[], name: string): ReadableSpan {
  const found = spans.filter((span) => span.name === name);
  if (found.length !== 1) throw new Error(`expected one span named ${name}, found ${found.length}: ${spans.map((s) => s.name).join(", ")}`);
  return found[0]!;
}
