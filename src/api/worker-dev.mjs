// Development entry of the worker thread (tests and benchmarks run the
// TypeScript sources): registers tsx, then loads worker.ts. The published
// package runs dist/worker.js instead.
import { register } from "tsx/esm/api";

register();
await import("./worker");
