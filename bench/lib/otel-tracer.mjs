// P1's loop instrumented with OpenTelemetry JS (the comparison of P4): API + SDK tracer
// (BasicTracerProvider, SimpleSpanProcessor, an exporter that drops everything), the
// AsyncLocalStorage context manager, the function as an active span and a span per await.
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";

const noopExporter = {
  export(_spans, done) {
    done({ code: 0 });
  },
  shutdown() {
    return Promise.resolve();
  },
};

export const contextManager = new AsyncLocalStorageContextManager();
context.setGlobalContextManager(contextManager);
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(noopExporter)] });
trace.setGlobalTracerProvider(provider);
const tracer = trace.getTracer("await-tree-bench");

export function enable() {
  contextManager.enable();
}

/** Back to no context manager work at all (an AsyncLocalStorage left enabled hooks every promise). */
export function disable() {
  contextManager.disable();
}

export function awaitLoop(n, p) {
  return tracer.startActiveSpan("awaitLoop", async (frame) => {
    try {
      let x = 0;
      for (let i = 0; i < n; i++) {
        const span = tracer.startSpan("await p");
        try {
          x = (x + (await p)) | 0;
        } finally {
          span.end();
        }
      }
      return x;
    } finally {
      frame.end();
    }
  });
}
