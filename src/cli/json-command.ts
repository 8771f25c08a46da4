/**
 * `bsm-trail json [--format native|ecs|ocsf] [--schema] [reduce's options]
 * [file|dir ...]`: one JSON object per record, one per line (NDJSON), of
 * the records reduce's options select; every input of praudit (standard
 * input when no file is named, directories, `--merge`, `--follow`).
 *
 * @module
 */

import { type BatchDecoder, followTrailBatches, trailSetBatches } from "../api/trail-set";
import type { TrailInput } from "../io/trail-files";
import { JSON_FORMATS, JsonConverter, type JsonFormat } from "../json/convert";
import { NativeJsonWriter } from "../json/native-writer";
import { ProcessContext } from "../json/process-context";
import { recordSchema } from "../json/schema";
import { FramePrinter } from "../print/frame-printer";
import { type HostDb, loadHostDb } from "../tables/users";
import { BsmError } from "../wire/errors";
import type { RecordFrame } from "../wire/record";
import {
  type JsonFramesOptions,
  type JsonFramesSummary,
  jobsOf,
  writeFramesParallel,
} from "./json-frames";
import { type InputRecordOptions, inputRecords } from "./json-input";
import { interruptSignal, notice, Output, type Progress, progressReporter } from "./output";
import { parseSelectionArgs, type ReduceArgs } from "./reduce-command";
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

/** User and group names when `--passwd` or `--group` is given, else none. */
export function hostDbOf(values: { passwd?: string; group?: string }): HostDb | null {
  if (values.passwd === undefined && values.group === undefined) return null;
  return loadHostDb({ passwd: values.passwd ?? "", group: values.group ?? "" });
}

/** The long options `json` adds to reduce's (name → takes an argument); the json workers parse them again. */
export const JSON_LONG = {
  format: true,
  jobs: true,
  schema: false,
  "process-context": false,
  "no-process-context": false,
  progress: false,
  follow: false,
};

/** The options every record-writing command shares: inputs, damage, progress, idle flushing. */
export function inputOptions(
  args: ReduceArgs,
  progress: Progress,
  onIdle: () => void,
  fail: (e: BsmError) => void,
): InputRecordOptions {
  const follow = args.given.has("follow");
  if (follow && args.files.length !== 1)
    throw new UsageError("--follow takes one directory or trail");
  if (follow && args.merge) throw new UsageError("--follow and --merge cannot be used together");
  return {
    follow,
    merge: args.merge,
    selection: args.selects ? args.selection : null,
    strict: args.strict,
    onError: fail,
    onSkip: notice,
    onInputs: (inputs) => progress.expect(inputs),
    onRead: progress.tick,
    onIdle,
    signal: follow ? interruptSignal() : undefined,
  };
}

/**
 * The converter each input of `json` or `export` gets: the event table and
 * name files reduce's options read, and one process context for the whole
 * run (parents seen in one file serve the next), on unless
 * `--no-process-context`, or only with `--process-context` in native.
 */
export function convertersFor(
  args: ReduceArgs,
  format: JsonFormat,
): (input: Readonly<TrailInput>) => JsonConverter {
  const has = (name: string) => args.given.has(name);
  if (has("process-context") && has("no-process-context")) {
    throw new UsageError("--process-context and --no-process-context cannot be used together");
  }
  const processContext = has("process-context")
    ? true
    : has("no-process-context")
      ? false
      : format !== "native";
  const context = processContext ? new ProcessContext() : false;
  const events = args.selection.table;
  const hostDb = hostDbOf({
    passwd: optionValue(args, "passwd"),
    group: optionValue(args, "group"),
  });
  return (input) =>
    new JsonConverter({
      format,
      events,
      hostDb,
      fileName: input.path === "-" ? null : input.label,
      processContext: context,
    });
}

/** The value of a long option given once (the last one wins). */
export function optionValue(args: ReduceArgs, name: string): string | undefined {
  return args.given.get(name)?.at(-1);
}

/**
 * Where and how {@link jsonCommand} runs: its output streams, the size of
 * each read, and the parallel formatting's tuning (`jobs` overrides
 * `--jobs`). Pass a `Readonly<Partial<JsonRun>>`; tests use it in process.
 */
export interface JsonRun extends JsonFramesOptions {
  /**
   * Standard output.
   * @defaultValue `process.stdout`
   */
  stdout: NodeJS.WritableStream;
  /**
   * Standard error (error messages).
   * @defaultValue `process.stderr`
   */
  stderr: NodeJS.WritableStream;
  /**
   * Size of each read of an input.
   * @defaultValue `TRAIL_READ_BYTES` (256 KiB)
   */
  readBytes: number;
  /**
   * Told how the parallel path spread the work, when it ran.
   * @defaultValue undefined
   */
  onSpread: ((summary: Readonly<JsonFramesSummary>) => void) | undefined;
}

/** `--jobs N`: a whole number of threads from 1, or undefined when not given. */
function jobsOption(args: ReduceArgs): number | undefined {
  const text = optionValue(args, "jobs");
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--jobs must be a whole number of threads from 1, not ${text}`);
  }
  return n;
}

/** Runs `bsm-trail json` with its arguments; resolves to the exit status. */
export async function jsonCommand(
  argv: string[],
  run?: Readonly<Partial<JsonRun>>,
): Promise<number> {
  const stdout = run?.stdout ?? process.stdout;
  const stderr = run?.stderr ?? process.stderr;
  const args = parseSelectionArgs(argv, JSON_LONG);
  const has = (name: string) => args.given.has(name);
  if (args.help) {
    stdout.write(USAGE);
    return 0;
  }
  if (has("schema")) {
    stdout.write(`${JSON.stringify(recordSchema(), null, 2)}\n`);
    return 0;
  }
  const jobs = jobsOf({ jobs: run?.jobs ?? jobsOption(args) });
  const formatText = optionValue(args, "format");
  const format = (formatText ?? "native") as JsonFormat;
  if (!JSON_FORMATS.includes(format)) {
    throw new UsageError(`--format must be native, ecs or ocsf, not ${formatText}`);
  }
  const newConverter = convertersFor(args, format);
  const out = new LineOutput(stdout);
  // The native format is written as bytes straight into one buffer (see
  // native-writer.ts); ECS and OCSF are built as objects and stringified.
  const bytes = new Output(stdout);
  const progress = progressReporter(has("progress"));
  let status = 0;
  const report = (message: string) => {
    status = 1;
    stderr.write(`bsm-trail: ${message}\n`);
  };
  const fail = (e: BsmError) => report(e.message);
  const converterFor = (input: Readonly<TrailInput>) => {
    const converter = newConverter(input);
    return {
      converter,
      writer: format === "native" ? new NativeJsonWriter(converter.native) : null,
    };
  };
  const onIdle = () => {
    void out.flush(true);
    void bytes.flush();
  };
  const options = {
    ...inputOptions(args, progress, onIdle, fail),
    ...(run?.readBytes === undefined ? {} : { readBytes: run.readBytes }),
  };
  if (format === "native" && !args.selects && !args.merge && !has("process-context")) {
    // Every record: frames written from their bytes (native-writer.ts, writeFrame).
    const writerFor = (input: Readonly<TrailInput>) =>
      new NativeJsonWriter(newConverter(input).native);
    try {
      if (jobs > 1 && !options.follow && !options.strict) {
        // On every core: pieces formatted by worker threads (json-frames.ts).
        const spread = await writeFramesParallel(
          args.files,
          argv,
          writerFor,
          bytes,
          stdout,
          report,
          options,
          { jobs, pieceBytes: run?.pieceBytes, capBytes: run?.capBytes },
        );
        run?.onSpread?.(spread);
      } else {
        await writeFrames(args.files, writerFor, bytes, options);
      }
    } catch (e) {
      if (!(e instanceof BsmError)) throw e;
      fail(e);
    }
    await bytes.flush();
    progress.done();
    return status;
  }
  try {
    for await (const batch of inputRecords(args.files, converterFor, options)) {
      for (let i = 0; i < batch.length; i++) {
        const { record, converter: c } = batch[i];
        if (c.writer !== null) c.writer.write(record, bytes.w);
        else {
          const j = c.converter.convert(record);
          if (j !== null) out.line(JSON.stringify(j));
        }
      }
      const wait = format === "native" ? bytes.maybeFlush() : out.flush();
      if (wait !== undefined) await wait;
    }
  } catch (e) {
    if (!(e instanceof BsmError)) throw e;
    fail(e);
  }
  await out.flush(true);
  await bytes.flush();
  progress.done();
  return status;
}

/**
 * The native format of every record of `paths` (no selection, no merge, no
 * process context): each input framed, each frame written from its bytes
 * by its input's writer, the rest decoded (FramePrinter), as `praudit -l`
 * prints (bench/run.ts, "json" case: 0.3x `praudit -l` decoding every
 * record, see bench/README.md).
 */
async function writeFrames(
  paths: readonly string[],
  writerFor: (input: Readonly<TrailInput>) => NativeJsonWriter,
  out: Output,
  o: Readonly<InputRecordOptions>,
): Promise<void> {
  const decode: BatchDecoder<FramesOf> = (chunks, options, input) =>
    tagFrames(new FramePrinter(writerFor(input), options), chunks);
  const batches = o.follow
    ? followTrailBatches(paths[0], decode, o)
    : trailSetBatches(paths, decode, o);
  for await (const batch of batches) {
    for (let i = 0; i < batch.length; i++) batch[i].printer.write(batch[i].frames, out.w);
    const wait = out.maybeFlush();
    if (wait !== undefined) await wait;
  }
}

/** A batch of frames of one input and the printer of that input (one item per batch). */
interface FramesOf {
  /** Header time of the batch's first frame (unused: frames are never merged here). */
  seconds: number;
  milliseconds: number;
  frames: RecordFrame[];
  printer: FramePrinter;
}

async function* tagFrames(
  printer: FramePrinter,
  chunks: AsyncIterable<Uint8Array>,
): AsyncGenerator<FramesOf[], void, undefined> {
  for await (const frames of printer.batches(chunks)) {
    if (frames.length > 0) {
      yield [{ seconds: frames[0].seconds, milliseconds: frames[0].milliseconds, frames, printer }];
    }
  }
}
