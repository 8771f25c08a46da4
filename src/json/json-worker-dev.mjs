// Development entry of the json worker thread (tests and benchmarks run
// the TypeScript sources): registers tsx, then loads json-worker.ts. The
// published package runs dist/json-worker.js instead.
import { register } from "tsx/esm/api";

register();
await import("./json-worker");
