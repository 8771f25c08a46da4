/**
 * `bsm-trail/testing`: the seeded trail generator, for tests and
 * benchmarks of code that reads audit trails. It writes realistic trails
 * (execve with arguments and environment, open/close with paths and
 * attributes, login/logout, socket connect/bind, setuid, some failures,
 * file tokens at both ends as auditd writes them) through the package's
 * own encoder: the same seed and options always give the same bytes.
 *
 * @example
 * ```ts
 * import { generateTrail } from "bsm-trail/testing";
 * const bytes = generateTrail({ seed: 1, records: 100 });
 * ```
 *
 * @packageDocumentation
 */

export {
  DEFAULT_START_TIME,
  type GenerateOptions,
  generateTrail,
  generateTrailChunks,
} from "./generator";
