/**
 * `bsm-trail json [--format native|ecs|ocsf] [--schema] [file ...]`: one
 * JSON object per record, one per line (NDJSON); standard input when no
 * file is named.
 *
 * @module
 */

import type { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { decodeRecordStreamBatches } from "../io/stream";
import { JSON_FORMATS, JsonConverter, type JsonFormat } from "../json/convert";
import { NativeJsonWriter } from "../json/native-writer";
import { recordSchema } from "../json/schema";
import { appleEvents, type EventTable, loadEventTable, openbsmEvents } from "../tables/events";
import { type HostDb, loadHostDb } from "../tables/users";
import type { BsmError } from "../wire/errors";
import { trailInputs } from "./json-input";
import { Output, progressReporter } from "./output";
import { USAGE, UsageError } from "./usage";

/**
 * Characters of output gathered before each write to stdout: large writes,
 * as the praudit command's 256 KiB (bench/run.ts, "json" case).
 */
const JSON_FLUSH_CHARS = 1 << 18;

/** NDJSON lines gathered into large writes. */
class LineOutput {
  private parts: string[] = [];
  private chars = 0;
  constructor(private readonly stream: NodeJS.WritableStream) {}

  line(s: string): void {
    this.parts.push(s);
    this.chars += s.length + 1;
  }

  /** Writes out once enough is gathered (or always, with `force`); resolves when the stream has room. */
  flush(force = false): undefined | Promise<void> {
    if (this.chars === 0 || (!force && this.chars < JSON_FLUSH_CHARS)) return undefined;
    const ok = this.stream.write(`${this.parts.join("\n")}\n`);
    this.parts = [];
    this.chars = 0;
    return ok ? undefined : new Promise((res) => this.stream.once("drain", () => res()));
  }
}

/** The event table the options name (shared by json and export). */
export function eventTableOf(values: { events?: string; "apple-events"?: boolean }): EventTable {
  if (values.events) return loadEventTable(values.events);
  return values["apple-events"] ? appleEvents() : openbsmEvents();
}

/** User and group names when `--passwd` or `--group` is given, else none. */
export function hostDbOf(values: { passwd?: string; group?: string }): HostDb | null {
  if (values.passwd === undefined && values.group === undefined) return null;
  return loadHostDb({ passwd: values.passwd ?? "", group: values.group ?? "" });
}

/** Runs `bsm-trail json` with its arguments; resolves to the exit status. */
export async function jsonCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: "string", short: "f" },
      schema: { type: "boolean" },
      passwd: { type: "string" },
      group: { type: "string" },
      events: { type: "string" },
      "apple-events": { type: "boolean" },
      "process-context": { type: "boolean" },
      "no-process-context": { type: "boolean" },
      strict: { type: "boolean" },
      progress: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.schema) {
    process.stdout.write(`${JSON.stringify(recordSchema(), null, 2)}\n`);
    return 0;
  }
  const format = (values.format ?? "native") as JsonFormat;
  if (!JSON_FORMATS.includes(format)) {
    throw new UsageError(`--format must be native, ecs or ocsf, not ${values.format}`);
  }
  if (values["process-context"] && values["no-process-context"]) {
    throw new UsageError("--process-context and --no-process-context cannot be used together");
  }
  const events = eventTableOf(values);
  const hostDb = hostDbOf(values);
  const processContext = values["process-context"]
    ? true
    : values["no-process-context"]
      ? false
      : format !== "native";
  const out = new LineOutput(process.stdout);
  // The native format is written as bytes straight into one buffer (see
  // native-writer.ts); ECS and OCSF are built as objects and stringified.
  const bytes = new Output(process.stdout);
  const progress = progressReporter(!!values.progress);
  let status = 0;
  for (const input of trailInputs(positionals)) {
    const onError = (e: BsmError) => {
      status = 1;
      process.stderr.write(`bsm-trail: ${e.message}\n`);
    };
    const converter = new JsonConverter({
      format,
      events,
      hostDb,
      fileName: input.name,
      processContext,
    });
    try {
      const source = await input.open();
      const batches = decodeRecordStreamBatches(source as Readable, {
        strict: !!values.strict,
        onError,
        fileName: input.name ?? "(stdin)",
      });
      const writer = format === "native" ? new NativeJsonWriter(converter.native) : null;
      for await (const batch of batches) {
        let read = 0;
        if (writer !== null) {
          for (let i = 0; i < batch.length; i++) {
            writer.write(batch[i], bytes.w);
            read += batch[i].length;
          }
        } else {
          for (let i = 0; i < batch.length; i++) {
            const j = converter.convert(batch[i]);
            if (j !== null) out.line(JSON.stringify(j));
            read += batch[i].length;
          }
        }
        const wait = writer !== null ? bytes.maybeFlush() : out.flush();
        if (wait !== undefined) await wait;
        progress.tick(read);
      }
    } catch (e) {
      status = 1;
      const err = e as NodeJS.ErrnoException;
      const name = input.name ?? "(stdin)";
      process.stderr.write(`bsm-trail: ${err.code ? `${name}: ${err.message}` : err.message}\n`);
      if (values.strict) break;
    }
  }
  await out.flush(true);
  await bytes.flush();
  progress.done();
  return status;
}
