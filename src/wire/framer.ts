/**
 * The record decoder: framing, the token switch, lenient resync.
 *
 * One {@link RecordDecoder} is reused across calls and chunks. Its hot loop
 * is a `switch` on the token id reading through one `DataView` per input
 * buffer and building each token as one object literal with every field set
 * at once, so that every token type keeps a single stable shape.
 *
 * Framing: a record is a header whose byte count ends in a trailer with
 * magic 0xb105 and the same byte count (fast path), or a lone file token.
 * A header whose frame does not check is walked token by token to its
 * trailer (slow path); what cannot be walked is reported once and skipped
 * to the next plausible record (a header whose trailer checks). Every scan
 * looks at each byte a bounded number of times, so decoding is linear in the
 * input.
 *
 * @module
 */

import type { HeaderToken, Token, TrailerToken } from "../spec/token-types";
import { addressText, ipv4Text, ipv6Text, uuidText } from "./addr";
import { type TextDecodeFn, textDecoderFor } from "./charset";
import type { DecodeOptions } from "./decode-options";
import {
  type BsmError,
  GarbageError,
  MalformedTokenError,
  RecordTooLargeError,
  TrailerMismatchError,
  TruncatedError,
  UnknownTokenError,
} from "./errors";
import type { RecordFrame } from "./frame";
import type { BsmRecord } from "./record";

const EMPTY = new Uint8Array(0);
const NO_WORDS = new Int32Array(0);
/** Word reads in {@link RecordDecoder.highIn} assume little-endian words. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type LatinSlice = (this: Uint8Array, start: number, end: number) => string;

/** Node's native latin1 slice, when there is one (not in browsers). */
const latin1Window: LatinSlice | null =
  typeof Buffer === "function" &&
  typeof (Buffer.prototype as unknown as { latin1Slice?: unknown }).latin1Slice === "function"
    ? (Buffer.prototype as unknown as { latin1Slice: LatinSlice }).latin1Slice
    : null;

/**
 * Bytes per latin1 window string. 64 KiB: a window costs ~7 us to make, and
 * larger ones only keep more memory alive per retained string (bench/run.ts,
 * "decodeRecords buffer" case).
 */
const STRING_WINDOW = 64 * 1024;

/** Why a token could not be read. */
const enum Fail {
  None = 0,
  /** A field runs past the end of the record (or of the input). */
  Overrun = 1,
  /** A field holds an impossible value (address type, unit size). */
  Invalid = 2,
  /** The id has no known layout. */
  Unknown = 3,
}

/** Result of {@link RecordDecoder.run}: stop because more input is needed. */
export const NEED_MORE = -1;

/** What {@link RecordDecoder.run} emits: records, or frames in frame mode. */
export type Emitted = BsmRecord | RecordFrame;

/** How a {@link RecordDecoder} emits records. */
export interface DecoderMode {
  /** Emit {@link RecordFrame}s (header fields and bytes, no tokens decoded). */
  frames: boolean;
  /**
   * Frame mode only: emit only header records whose event number `e` has
   * `events[e] !== 0` (file records are skipped too). Null: emit all.
   */
  events: Uint8Array | null;
  /**
   * Frame mode only: emit a damaged record (one whose frame does not check,
   * found by walking its tokens) as the full {@link BsmRecord} that walk
   * decoded, not as a frame: a consumer that prints frames from their
   * bytes then prints damaged records exactly as the record decoder does.
   * Default false.
   */
  damagedRecords?: boolean;
  /**
   * Frame mode only: give each frame its `bytes` (a view of the record, or
   * a copy with `copy`). False leaves every frame's `bytes` empty, for a
   * consumer that finds records by `offset` and `length` in memory of its
   * own: one view fewer per frame (reduce's loop; bench/run.ts, "reduce -m
   * AUE_EXECVE" case). Default true.
   */
  frameBytes?: boolean;
}

/** 1990-01-01: a file token found by resync must be dated after it. */
const FILE_EPOCH = 631152000;

/** Smallest header token (header32: 1+4+1+2+2+4+4) plus a trailer (7). */
const MIN_HEADER_RECORD = 18 + 7;

function isHeaderId(id: number): boolean {
  return id === 0x14 || id === 0x15 || id === 0x74 || id === 0x79;
}

/**
 * Decodes records from byte buffers. Stateful across {@link run} calls so a
 * stream can feed it chunk by chunk; see `decodeRecords` and
 * `decodeRecordStream` for the public entry points.
 */
export class RecordDecoder {
  private b: Uint8Array = EMPTY;
  private v: DataView = new DataView(EMPTY.buffer);
  private ab: ArrayBufferLike = EMPTY.buffer;
  private bo = 0;
  /** Window strings: see {@link str}. */
  private readonly windowed: boolean;
  private readonly latin1: boolean;
  private win = "";
  private winStart = 0;
  private winEnd = 0;
  /** The input's ArrayBuffer as 32-bit words, or empty (see {@link highIn}). */
  private w32: Int32Array = NO_WORDS;
  /** Global offset of `b[0]`. */
  private base = 0;
  private end = 0;
  private readonly text: TextDecodeFn;
  private readonly opts: DecodeOptions;

  /** Cursor of the token parser: end of the last token read. */
  private q = 0;
  private fail: Fail = Fail.None;
  /** Where the failing field is. */
  private failAt = 0;

  /**
   * Global offset up to which a failed walk has read tokens. A later walk
   * starting before it is not tried (see {@link walk}).
   */
  private walkedTo = -1;

  /** Global offset where the current damaged region began, or -1. */
  private resyncStart = -1;
  private resyncError: BsmError | null = null;

  /**
   * After {@link run} returns a stop position, the global offset the input
   * must reach before another call can make progress.
   */
  need = 0;
  /** Errors reported, lenient mode. */
  errorCount = 0;
  /** True when the last {@link run} stopped for want of input (not for a full batch). */
  stalled = false;
  /**
   * A {@link run} call returns once it has decoded this many bytes, so a
   * caller holds one batch of records at a time. 16 KiB: a batch's records
   * then die young; 256 KiB batches ran at 0.79x and 4 KiB ones at 0.97x
   * (bench/run.ts, "decodeRecords buffer" case).
   */
  batchBytes = 16 * 1024;

  private readonly frames: boolean;
  private readonly filter: Uint8Array | null;
  private readonly damagedRecords: boolean;
  private readonly frameBytes: boolean;

  constructor(options: DecodeOptions, mode?: Readonly<DecoderMode>) {
    this.opts = options;
    this.frames = mode?.frames ?? false;
    this.filter = this.frames ? (mode?.events ?? null) : null;
    this.damagedRecords = this.frames && (mode?.damagedRecords ?? false);
    this.frameBytes = mode?.frameBytes ?? true;
    this.text = textDecoderFor(options.encoding);
    const enc = options.encoding.toLowerCase();
    this.latin1 = enc === "latin1" || enc === "iso-8859-1" || enc === "binary";
    this.windowed =
      latin1Window !== null && !options.copy && (this.latin1 || enc === "utf-8" || enc === "utf8");
  }

  /**
   * Decodes the records in `b[start, end)`, pushing them to `out`. `base` is
   * the global offset of `b[0]`; `final` says no input follows `end`.
   * Returns the position (in `b`) up to which input is consumed; when it is
   * less than `end`, {@link need} says how far input must reach first.
   */
  run(
    b: Uint8Array,
    start: number,
    end: number,
    base: number,
    final: boolean,
    out: Emitted[],
  ): number {
    if (b !== this.b) {
      this.b = b;
      this.v = new DataView(b.buffer, b.byteOffset, b.byteLength);
      this.ab = b.buffer;
      this.bo = b.byteOffset;
      this.w32 =
        LITTLE_ENDIAN && b.buffer.byteLength < 2 ** 31
          ? new Int32Array(b.buffer, 0, b.buffer.byteLength >>> 2)
          : NO_WORDS;
      this.winStart = this.winEnd = 0;
      this.win = "";
      this.nulFrom = this.nulTo = 0;
    }
    this.base = base;
    this.end = end;
    this.stalled = false;
    const stopAt = start + this.batchBytes;
    let p = start;
    while (p < end) {
      if (p >= stopAt) return p;
      if (this.resyncStart >= 0) {
        const c = this.scan(p, final);
        if (c < 0) {
          this.stalled = true;
          return this.scanStop;
        }
        if (c >= end) {
          // No record in what has arrived: the damaged region goes on into
          // the next chunk (closed below when this is the end of input).
          p = end;
          break;
        }
        this.endResync(c);
        p = c;
      }
      const r = this.record(p, final, out);
      if (r === NEED_MORE) {
        this.stalled = true;
        return p;
      }
      p = r;
    }
    if (final && this.resyncStart >= 0) this.endResync(end);
    this.need = base + end + 1;
    this.stalled = !final;
    return p;
  }

  // ---------------------------------------------------------------- errors

  private report(e: BsmError): void {
    e.withFile(this.opts.fileName);
    if (this.opts.strict && e.kind !== "unknown-token") throw e;
    this.errorCount++;
    this.opts.onError?.(e);
  }

  /** Starts skipping at `p` (in `b`) because of `e` (reported when the region closes). */
  private beginResync(p: number, e: BsmError): void {
    e.withFile(this.opts.fileName);
    if (this.opts.strict) throw e;
    this.resyncStart = this.base + p;
    this.resyncError = e;
  }

  private endResync(c: number): void {
    const skipped = this.base + c - this.resyncStart;
    const cause = this.resyncError;
    this.resyncStart = -1;
    this.resyncError = null;
    if (cause === null) return;
    // Re-create the error with the size of the region it cost.
    const Ctor = cause.constructor as new (
      d: string,
      i: ConstructorParameters<typeof GarbageError>[1],
    ) => BsmError;
    this.report(
      new Ctor(cause.detail, {
        offset: cause.offset,
        recordOffset: cause.recordOffset,
        tokenId: cause.tokenId,
        skipped,
      }),
    );
  }

  private scanStop = 0;

  /**
   * Looks for the next plausible record from `p`. Returns its position, or
   * -1 when more input is needed first (`scanStop` and `need` set).
   */
  private scan(p: number, final: boolean): number {
    const b = this.b;
    const end = this.end;
    const max = this.opts.maxRecordBytes;
    for (let c = p; c < end; c++) {
      const id = b[c];
      if (isHeaderId(id)) {
        if (c + 5 > end) {
          if (final) continue;
          this.scanStop = c;
          this.need = this.base + c + 5;
          return -1;
        }
        const size = this.v.getUint32(c + 1);
        if (size < MIN_HEADER_RECORD || size > max) continue;
        if (c + size > end) {
          if (final) continue;
          this.scanStop = c;
          this.need = this.base + c + size;
          return -1;
        }
        if (this.trailerChecks(c + size - 7, size)) return c;
      } else if (id === 0x11) {
        const r = this.fileEnd(c, final, false);
        if (r === NEED_MORE) {
          this.scanStop = c;
          return -1;
        }
        if (r > 0) return c;
      }
    }
    return end;
  }

  /**
   * 1 when a header whose trailer checks starts at `q`, 0 when not,
   * NEED_MORE (with {@link need} set) when more input is needed to tell.
   */
  private frameAt(q: number, final: boolean): number {
    const end = this.end;
    if (!isHeaderId(this.b[q])) return 0;
    if (q + 5 > end) {
      if (final) return 0;
      this.need = this.base + q + 5;
      return NEED_MORE;
    }
    const size = this.v.getUint32(q + 1);
    if (size < MIN_HEADER_RECORD || size > this.opts.maxRecordBytes) return 0;
    if (q + size > end) {
      if (final) return 0;
      this.need = this.base + q + size;
      return NEED_MORE;
    }
    return this.trailerChecks(q + size - 7, size) ? 1 : 0;
  }

  private trailerChecks(t: number, size: number): boolean {
    return (
      this.b[t] === 0x13 && this.v.getUint16(t + 1) === 0xb105 && this.v.getUint32(t + 3) === size
    );
  }

  /**
   * End of a plausible file token at `p`: its name is NUL-terminated with no
   * NUL inside. 0 when implausible, NEED_MORE when more input is needed to
   * tell. Its milliseconds must be below 1000. `loose` is for a position
   * decoding reached by itself (the start, or right after a record): the
   * token alone decides. Otherwise (a resync candidate) the name must not
   * be empty, the time must be after 1990, and what follows must be the end
   * or another record: records carry file-token look-alikes (plaso-openbsm.bsm has
   * `11 00012345 000001a8 0005 "test\0"` inside a record at 89), and a
   * trail cut right after one must not turn it into a record.
   */
  private fileEnd(p: number, final: boolean, loose: boolean): number {
    const b = this.b;
    const end = this.end;
    if (p + 11 > end) {
      if (final) return 0;
      this.need = this.base + p + 11;
      return NEED_MORE;
    }
    const n = this.v.getUint16(p + 9);
    // Milliseconds are below 1000 in every file token (auditd writes
    // tv_usec / 1000): this also rejects a 0x11 that ends a damaged record
    // (a trailer byte count of 0x211) followed by the next record's header.
    if (this.v.getUint32(p + 5) >= 1000) return 0;
    if (!loose && (n === 0 || this.v.getUint32(p + 1) < FILE_EPOCH)) return 0;
    const e = p + 11 + n;
    if (e > end || (e === end && !final && !loose)) {
      if (final) return 0;
      this.need = this.base + e + (loose ? 0 : 1);
      return NEED_MORE;
    }
    if (n > 0 && (b[e - 1] !== 0 || !this.noNul(p + 11, e - 1))) return 0;
    if (!loose && e < end && !isHeaderId(b[e]) && b[e] !== 0x11) return 0;
    return e;
  }

  /** Start of the last {@link noNul} query. */
  private nulFrom = 0;
  /** `b[nulFrom, nulTo)` holds no NUL; `nulTo` is a NUL or where a search stopped. */
  private nulTo = 0;

  /**
   * True when `b[s, e)` holds no NUL. Queries come at increasing `s`, so one
   * forward cursor answers them all and each byte is looked at once: a
   * resync over thousands of file-token candidates with long names stays
   * linear.
   */
  private noNul(s: number, e: number): boolean {
    if (s < this.nulFrom || s > this.nulTo) this.nulTo = s;
    this.nulFrom = s;
    const b = this.b;
    let z = this.nulTo;
    while (z < e && b[z] !== 0) z++;
    this.nulTo = z;
    return z >= e;
  }

  // ---------------------------------------------------------------- records

  /** Decodes the record at `p`; returns the position after it, or NEED_MORE. */
  private record(p: number, final: boolean, out: Emitted[]): number {
    const b = this.b;
    const end = this.end;
    const id = b[p];
    if (isHeaderId(id)) {
      if (p + 5 > end) {
        if (!final) {
          this.need = this.base + p + 5;
          return NEED_MORE;
        }
        this.beginResync(p, this.truncated(p, p, id, "input ends inside a header"));
        return end;
      }
      const size = this.v.getUint32(p + 1);
      const plausible = size >= MIN_HEADER_RECORD && size <= this.opts.maxRecordBytes;
      if (plausible) {
        if (p + size <= end) {
          if (this.trailerChecks(p + size - 7, size)) {
            const r = this.framed(p, size, out);
            if (r > 0) return r;
          }
        } else if (!final) {
          this.need = this.base + p + size;
          return NEED_MORE;
        }
      }
      return this.walk(p, size, plausible, final, out);
    }
    if (id === 0x11) {
      const e = this.fileEnd(p, final, true);
      if (e === NEED_MORE) return NEED_MORE;
      if (e > 0) {
        this.q = p;
        const file = this.token(p, e);
        if (file !== null && file.type === "other_file32") {
          if (this.frames) {
            if (this.filter === null) {
              out.push({
                kind: "file",
                offset: this.base + p,
                length: e - p,
                event: 0,
                modifier: 0,
                version: 0,
                seconds: file.seconds,
                milliseconds: file.milliseconds,
                damaged: false,
                bytes: !this.frameBytes
                  ? EMPTY
                  : this.opts.copy
                    ? this.b.slice(p, e)
                    : this.view(p, e),
              });
            }
            return e;
          }
          out.push(
            this.finishRecord({
              kind: "file",
              offset: this.base + p,
              length: e - p,
              tokens: [file],
              header: null,
              file,
              event: 0,
              modifier: 0,
              version: 0,
              seconds: file.seconds,
              milliseconds: file.milliseconds,
              damaged: false,
            }),
          );
          return e;
        }
      }
      // Cut inside what reads as a file token (the same test as fileEnd's,
      // so a stream and a buffer agree).
      if (
        p + 11 > end ||
        (this.v.getUint32(p + 5) < 1000 && p + 11 + this.v.getUint16(p + 9) > end)
      ) {
        this.beginResync(p, this.truncated(p, p, id, "input ends inside a file token"));
        return p + 1;
      }
    }
    this.beginResync(
      p,
      new GarbageError(`no record starts here (byte 0x${id.toString(16).padStart(2, "0")})`, {
        offset: this.base + p,
        recordOffset: this.base + p,
        tokenId: -1,
      }),
    );
    return p + 1;
  }

  private truncated(at: number, rec: number, id: number, detail: string): BsmError {
    return new TruncatedError(detail, {
      offset: this.base + at,
      recordOffset: this.base + rec,
      tokenId: id,
    });
  }

  /**
   * Fast path: the frame checks (trailer at `p + size - 7`). Returns the
   * record's end, or 0 if the header itself does not read.
   */
  private framed(p: number, size: number, out: Emitted[]): number {
    if (this.frames) {
      const id = this.b[p];
      if (id === 0x15 || id === 0x79) {
        const at = this.v.getUint32(p + 10);
        if ((at !== 4 && at !== 16) || p + 14 + at + (id === 0x15 ? 8 : 16) > p + size - 7)
          return 0;
      } else if (id === 0x74 && size < 26 + 7) {
        // A header64 longer than its record: the record decoder walks it (as damage).
        return 0;
      }
      if (this.filter === null || this.filter[this.v.getUint16(p + 6)] !== 0) {
        out.push(this.headerFrame(p, size, false));
      }
      return p + size;
    }
    const t = p + size - 7;
    this.q = p;
    const header = this.token(p, t) as HeaderToken | null;
    if (header === null) return 0;
    const tokens: Token[] = [header];
    let damaged = false;
    let q = this.q;
    while (q < t) {
      const tok = this.token(q, t);
      if (tok === null) {
        damaged = this.fail !== Fail.Unknown;
        tokens.push(this.unknownRest(p, q, t));
        break;
      }
      tokens.push(tok);
      q = this.q;
    }
    const trailer: TrailerToken = { type: "trailer", id: 0x13, magic: 0xb105, count: size };
    tokens.push(trailer);
    const r = this.headerRecord(p, size, header, tokens, damaged);
    if (r !== null) out.push(r);
    return p + size;
  }

  /** Reports why the token at `q` failed and keeps `[q, t)` as one `unknown` token. */
  private unknownRest(p: number, q: number, t: number): Token {
    const id = this.b[q];
    const init = {
      offset: this.base + (this.fail === Fail.Unknown ? q : this.failAt),
      recordOffset: this.base + p,
      tokenId: id,
    };
    if (this.fail === Fail.Unknown) {
      this.report(
        new UnknownTokenError(`token id has no known layout; ${t - q} bytes kept raw`, init),
      );
    } else {
      this.report(
        new MalformedTokenError(
          this.fail === Fail.Overrun
            ? `token runs past the record's trailer; ${t - q} bytes kept raw`
            : `token holds an impossible value; ${t - q} bytes kept raw`,
          init,
        ),
      );
    }
    return { type: "unknown", id, data: this.view(q + 1, t) };
  }

  /** A frame of the header record at `p` (its header already checked). */
  private headerFrame(p: number, length: number, damaged: boolean): RecordFrame {
    const b = this.b;
    const v = this.v;
    const id = b[p];
    const tp = id === 0x15 || id === 0x79 ? p + 14 + v.getUint32(p + 10) : p + 10;
    const wide = id === 0x74 || id === 0x79;
    return {
      kind: "header",
      offset: this.base + p,
      length,
      event: v.getUint16(p + 6),
      modifier: v.getUint16(p + 8),
      version: b[p + 5],
      seconds: wide ? v.getUint32(tp) * 4294967296 + v.getUint32(tp + 4) : v.getUint32(tp),
      milliseconds: wide
        ? v.getUint32(tp + 8) * 4294967296 + v.getUint32(tp + 12)
        : v.getUint32(tp + 4),
      damaged,
      bytes: !this.frameBytes
        ? EMPTY
        : this.opts.copy
          ? b.slice(p, p + length)
          : this.view(p, p + length),
    };
  }

  private headerRecord(
    p: number,
    length: number,
    header: HeaderToken,
    tokens: Token[],
    damaged: boolean,
  ): Emitted | null {
    if (this.frames && !(damaged && this.damagedRecords)) {
      return this.filter === null || this.filter[header.event] !== 0
        ? this.headerFrame(p, length, damaged)
        : null;
    }
    return this.finishRecord({
      kind: "header",
      offset: this.base + p,
      length,
      tokens,
      header,
      file: null,
      event: header.event,
      modifier: header.modifier,
      version: header.version,
      seconds: Number(header.seconds),
      milliseconds: Number(header.milliseconds),
      damaged,
    });
  }

  private finishRecord(r: BsmRecord): Emitted {
    return this.opts.copy ? detach(r, this.b, this.b.byteOffset + r.offset - this.base) : r;
  }

  /**
   * Slow path: the header's byte count does not frame a record. Walk the
   * tokens to a trailer; if that fails, report and resync.
   */
  private walk(
    p: number,
    size: number,
    plausible: boolean,
    final: boolean,
    out: Emitted[],
  ): number {
    const b = this.b;
    const end = this.end;
    const max = this.opts.maxRecordBytes;
    const limit = Math.min(end, p + max);
    const expected = plausible && p + size <= limit ? p + size - 7 : -1;
    const id = b[p];
    if (this.base + p < this.walkedTo) {
      // A failed walk already read tokens past here. Walking again could
      // re-read the same bytes once per record that resync finds inside
      // them (quadratic on hostile input: see test/fuzz "walk chain"), and
      // this record's frame does not check anyway: treat it as damage.
      this.beginResync(
        p,
        new MalformedTokenError(
          "byte count does not frame this record, inside a region already found damaged",
          { offset: this.base + p, recordOffset: this.base + p, tokenId: id },
        ),
      );
      return p + 1;
    }
    this.q = p;
    const header = this.token(p, limit) as HeaderToken | null;
    let failPos = this.failAt;
    /** Start of the token that failed; -1 when the walk stopped between tokens. */
    let failTok = p;
    let overran = this.fail === Fail.Overrun;
    if (header !== null) {
      const tokens: Token[] = [header];
      let q = this.q;
      for (;;) {
        if (q === expected) {
          const trailer = this.token(q, limit);
          const sound =
            trailer !== null &&
            trailer.type === "trailer" &&
            trailer.magic === 0xb105 &&
            trailer.count === size;
          // A trailer cut short (bytes deleted) or missing: when a record
          // whose frame checks starts within these 7 bytes, end this one
          // there rather than eat the start of that record.
          let next = 0;
          if (!sound) {
            for (let k = trailer !== null && trailer.type === "trailer" ? 1 : 0; k < 7; k++) {
              if (q + k >= end) break;
              next = this.frameAt(q + k, final);
              if (next === NEED_MORE) return NEED_MORE;
              if (next > 0) {
                next = q + k;
                break;
              }
            }
          }
          if (next > 0) {
            this.report(
              new TrailerMismatchError(
                `no trailer where the header's byte count ${size} puts it; the next record starts at ${this.base + next}`,
                { offset: this.base + q, recordOffset: this.base + p, tokenId: b[q] },
              ),
            );
            const r = this.headerRecord(p, next - p, header, tokens, true);
            if (r !== null) out.push(r);
            return next;
          }
          if (trailer !== null && trailer.type === "trailer") {
            tokens.push(trailer);
            this.report(
              new TrailerMismatchError(
                trailer.magic !== 0xb105
                  ? `trailer magic 0x${trailer.magic.toString(16)} instead of 0xb105`
                  : `trailer byte count ${trailer.count} but header says ${size}`,
                { offset: this.base + q, recordOffset: this.base + p, tokenId: 0x13 },
              ),
            );
          } else {
            this.report(
              new TrailerMismatchError(
                `no trailer where the header's byte count ${size} puts it; 7 bytes dropped`,
                { offset: this.base + q, recordOffset: this.base + p, tokenId: b[q] },
              ),
            );
          }
          const r = this.headerRecord(p, size, header, tokens, true);
          if (r !== null) out.push(r);
          return p + size;
        }
        if (q >= limit) {
          failPos = q;
          failTok = -1;
          overran = true;
          break;
        }
        const tok = this.token(q, limit);
        if (tok === null) {
          failPos = this.fail === Fail.Unknown ? q : this.failAt;
          failTok = q;
          overran = this.fail === Fail.Overrun;
          break;
        }
        tokens.push(tok);
        if (tok.type === "trailer") {
          const len = this.q - p;
          const checks =
            (tok.magic === 0xb105 ? 1 : 0) + (tok.count === len ? 1 : 0) + (size === len ? 1 : 0);
          if (checks >= 2) {
            const what: string[] = [];
            if (size !== len) what.push(`header byte count ${size}`);
            if (tok.count !== len) what.push(`trailer byte count ${tok.count}`);
            if (tok.magic !== 0xb105) what.push(`trailer magic 0x${tok.magic.toString(16)}`);
            this.report(
              new TrailerMismatchError(`record is ${len} bytes but ${what.join(", ")}`, {
                offset: this.base + (size !== len ? p + 1 : q),
                recordOffset: this.base + p,
                tokenId: size !== len ? id : 0x13,
              }),
            );
            const r = this.headerRecord(p, len, header, tokens, true);
            if (r !== null) out.push(r);
            return this.q;
          }
          failPos = q;
          failTok = q;
          overran = false;
          break;
        }
        q = this.q;
      }
    }
    // The walk failed.
    const hitEnd = overran && limit === end && end - p < max;
    if (hitEnd && !final) {
      // Ask for twice what we have, so re-walking stays linear overall.
      this.need = this.base + Math.min(p + max, p + 2 * (end - p) + 64);
      return NEED_MORE;
    }
    // The token being read (between tokens: the record's header).
    const tid = failTok < 0 ? id : b[failTok];
    // Bytes this walk read: to the failing token, or to the limit when it
    // stopped there or its failing token scans strings up to the limit.
    const readTo =
      failTok < 0 || (overran && (tid === 0x3c || tid === 0x3d || tid === 0xee || tid === 0xef))
        ? limit
        : failTok;
    if (this.base + readTo > this.walkedTo) this.walkedTo = this.base + readTo;
    const init = { offset: this.base + failPos, recordOffset: this.base + p, tokenId: tid };
    let err: BsmError;
    if (hitEnd) err = new TruncatedError("input ends inside this record", init);
    else if (!plausible && size > max)
      err = new RecordTooLargeError(
        `header claims ${size} bytes (maxRecordBytes ${max}) and no trailer ends it`,
        init,
      );
    else
      err = new MalformedTokenError(
        "record does not read through to a trailer (damaged token or byte count)",
        init,
      );
    this.beginResync(p, err);
    return p + 1;
  }

  // ---------------------------------------------------------------- tokens

  /**
   * Reads the token at `q`, no field past `limit`. Returns it with `this.q`
   * at its end, or null with `this.fail` and `this.failAt` set.
   */
  private token(q: number, limit: number): Token | null {
    const b = this.b;
    const v = this.v;
    const id = b[q];
    const p = q + 1;
    switch (id) {
      case 0x11: {
        // other_file32: sec u32, msec u32, name u16-counted
        if (p + 10 > limit) return this.overrun(p);
        const n = v.getUint16(p + 8);
        const s = p + 10;
        if (s + n > limit) return this.overrun(p + 8);
        this.q = s + n;
        return {
          type: "other_file32",
          id,
          seconds: v.getUint32(p),
          milliseconds: v.getUint32(p + 4),
          name: this.str(s, s + n),
          nameBytes: this.view(s, s + n),
        };
      }
      case 0x13: {
        if (p + 6 > limit) return this.overrun(p);
        this.q = p + 6;
        return { type: "trailer", id, magic: v.getUint16(p), count: v.getUint32(p + 2) };
      }
      case 0x14: {
        if (p + 17 > limit) return this.overrun(p);
        this.q = p + 17;
        return {
          type: "header32",
          id,
          size: v.getUint32(p),
          version: b[p + 4],
          event: v.getUint16(p + 5),
          modifier: v.getUint16(p + 7),
          seconds: v.getUint32(p + 9),
          milliseconds: v.getUint32(p + 13),
        };
      }
      case 0x74: {
        if (p + 25 > limit) return this.overrun(p);
        this.q = p + 25;
        return {
          type: "header64",
          id,
          size: v.getUint32(p),
          version: b[p + 4],
          event: v.getUint16(p + 5),
          modifier: v.getUint16(p + 7),
          seconds: v.getBigUint64(p + 9),
          milliseconds: v.getBigUint64(p + 17),
        };
      }
      case 0x15:
      case 0x79: {
        if (p + 13 > limit) return this.overrun(p);
        const at = v.getUint32(p + 9);
        if (at !== 4 && at !== 16) return this.invalid(p + 9);
        const a = p + 13;
        const t = a + at;
        if (id === 0x15) {
          if (t + 8 > limit) return this.overrun(a);
          this.q = t + 8;
          return {
            type: "header32_ex",
            id,
            size: v.getUint32(p),
            version: b[p + 4],
            event: v.getUint16(p + 5),
            modifier: v.getUint16(p + 7),
            addressType: at,
            address: addressText(b, a, at),
            addressBytes: this.view(a, t),
            seconds: v.getUint32(t),
            milliseconds: v.getUint32(t + 4),
          };
        }
        if (t + 16 > limit) return this.overrun(a);
        this.q = t + 16;
        return {
          type: "header64_ex",
          id,
          size: v.getUint32(p),
          version: b[p + 4],
          event: v.getUint16(p + 5),
          modifier: v.getUint16(p + 7),
          addressType: at,
          address: addressText(b, a, at),
          addressBytes: this.view(a, t),
          seconds: v.getBigUint64(t),
          milliseconds: v.getBigUint64(t + 8),
        };
      }
      case 0x21: {
        // data: how-to-print u8, unit type u8, unit count u8, units
        if (p + 3 > limit) return this.overrun(p);
        const unitType = b[p + 1];
        if (unitType > 3) return this.invalid(p + 1);
        const n = b[p + 2] << unitType;
        const s = p + 3;
        if (s + n > limit) return this.overrun(s);
        this.q = s + n;
        return {
          type: "data",
          id,
          howToPrint: b[p],
          unitType,
          unitCount: b[p + 2],
          data: this.view(s, s + n),
        };
      }
      case 0x22: {
        if (p + 5 > limit) return this.overrun(p);
        this.q = p + 5;
        return { type: "ipc", id, ipcType: b[p], ipcId: v.getUint32(p + 1) };
      }
      case 0x23:
      case 0x28:
      case 0x60: {
        // path, text, zonename: u16-counted string
        if (p + 2 > limit) return this.overrun(p);
        const n = v.getUint16(p);
        const s = p + 2;
        if (s + n > limit) return this.overrun(p);
        this.q = s + n;
        const str = this.str(s, s + n);
        const raw = this.view(s, s + n);
        if (id === 0x23) return { type: "path", id, path: str, pathBytes: raw };
        if (id === 0x28) return { type: "text", id, text: str, textBytes: raw };
        return { type: "zonename", id, zone: str, zoneBytes: raw };
      }
      case 0x24:
      case 0x26: {
        if (p + 36 > limit) return this.overrun(p);
        this.q = p + 36;
        return {
          type: id === 0x24 ? "subject32" : "process32",
          id,
          auid: v.getUint32(p),
          euid: v.getUint32(p + 4),
          egid: v.getUint32(p + 8),
          ruid: v.getUint32(p + 12),
          rgid: v.getUint32(p + 16),
          pid: v.getUint32(p + 20),
          sid: v.getUint32(p + 24),
          port: v.getUint32(p + 28),
          address: ipv4Text(b, p + 32),
          addressBytes: this.view(p + 32, p + 36),
        };
      }
      case 0x75:
      case 0x77: {
        if (p + 40 > limit) return this.overrun(p);
        this.q = p + 40;
        return {
          type: id === 0x75 ? "subject64" : "process64",
          id,
          auid: v.getUint32(p),
          euid: v.getUint32(p + 4),
          egid: v.getUint32(p + 8),
          ruid: v.getUint32(p + 12),
          rgid: v.getUint32(p + 16),
          pid: v.getUint32(p + 20),
          sid: v.getUint32(p + 24),
          port: v.getBigUint64(p + 28),
          address: ipv4Text(b, p + 36),
          addressBytes: this.view(p + 36, p + 40),
        };
      }
      case 0x7a:
      case 0x7b: {
        if (p + 36 > limit) return this.overrun(p);
        const at = v.getUint32(p + 32);
        if (at !== 4 && at !== 16) return this.invalid(p + 32);
        const a = p + 36;
        if (a + at > limit) return this.overrun(a);
        this.q = a + at;
        return {
          type: id === 0x7a ? "subject32_ex" : "process32_ex",
          id,
          auid: v.getUint32(p),
          euid: v.getUint32(p + 4),
          egid: v.getUint32(p + 8),
          ruid: v.getUint32(p + 12),
          rgid: v.getUint32(p + 16),
          pid: v.getUint32(p + 20),
          sid: v.getUint32(p + 24),
          port: v.getUint32(p + 28),
          addressType: at,
          address: addressText(b, a, at),
          addressBytes: this.view(a, a + at),
        };
      }
      case 0x7c:
      case 0x7d: {
        if (p + 40 > limit) return this.overrun(p);
        const at = v.getUint32(p + 36);
        if (at !== 4 && at !== 16) return this.invalid(p + 36);
        const a = p + 40;
        if (a + at > limit) return this.overrun(a);
        this.q = a + at;
        return {
          type: id === 0x7c ? "subject64_ex" : "process64_ex",
          id,
          auid: v.getUint32(p),
          euid: v.getUint32(p + 4),
          egid: v.getUint32(p + 8),
          ruid: v.getUint32(p + 12),
          rgid: v.getUint32(p + 16),
          pid: v.getUint32(p + 20),
          sid: v.getUint32(p + 24),
          port: v.getBigUint64(p + 28),
          addressType: at,
          address: addressText(b, a, at),
          addressBytes: this.view(a, a + at),
        };
      }
      case 0x27: {
        if (p + 5 > limit) return this.overrun(p);
        this.q = p + 5;
        return { type: "return32", id, status: b[p], value: v.getUint32(p + 1) };
      }
      case 0x72: {
        if (p + 9 > limit) return this.overrun(p);
        this.q = p + 9;
        return { type: "return64", id, status: b[p], value: v.getBigUint64(p + 1) };
      }
      case 0x29: {
        if (p + 2 > limit) return this.overrun(p);
        const n = v.getUint16(p);
        if (p + 2 + n > limit) return this.overrun(p);
        this.q = p + 2 + n;
        return { type: "opaque", id, data: this.view(p + 2, p + 2 + n) };
      }
      case 0x2a: {
        if (p + 4 > limit) return this.overrun(p);
        this.q = p + 4;
        return {
          type: "in_addr",
          id,
          address: ipv4Text(b, p),
          addressBytes: this.view(p, p + 4),
        };
      }
      case 0x7e: {
        if (p + 4 > limit) return this.overrun(p);
        const at = v.getUint32(p);
        if (at !== 4 && at !== 16) return this.invalid(p);
        if (p + 4 + at > limit) return this.overrun(p + 4);
        this.q = p + 4 + at;
        return {
          type: "in_addr_ex",
          id,
          addressType: at,
          address: addressText(b, p + 4, at),
          addressBytes: this.view(p + 4, p + 4 + at),
        };
      }
      case 0x2b: {
        if (p + 20 > limit) return this.overrun(p);
        this.q = p + 20;
        return {
          type: "ip",
          id,
          version: b[p],
          tos: b[p + 1],
          length: v.getUint16(p + 2),
          ipId: v.getUint16(p + 4),
          fragmentOffset: v.getUint16(p + 6),
          ttl: b[p + 8],
          protocol: b[p + 9],
          checksum: v.getUint16(p + 10),
          source: ipv4Text(b, p + 12),
          sourceBytes: this.view(p + 12, p + 16),
          destination: ipv4Text(b, p + 16),
          destinationBytes: this.view(p + 16, p + 20),
        };
      }
      case 0x2c: {
        if (p + 2 > limit) return this.overrun(p);
        this.q = p + 2;
        return { type: "iport", id, port: v.getUint16(p) };
      }
      case 0x2d:
      case 0x71: {
        const w = id === 0x2d ? 4 : 8;
        if (p + 3 + w > limit) return this.overrun(p);
        const n = v.getUint16(p + 1 + w);
        const s = p + 3 + w;
        if (s + n > limit) return this.overrun(p + 1 + w);
        this.q = s + n;
        if (id === 0x2d) {
          return {
            type: "arg32",
            id,
            argNumber: b[p],
            value: v.getUint32(p + 1),
            description: this.str(s, s + n),
            descriptionBytes: this.view(s, s + n),
          };
        }
        return {
          type: "arg64",
          id,
          argNumber: b[p],
          value: v.getBigUint64(p + 1),
          description: this.str(s, s + n),
          descriptionBytes: this.view(s, s + n),
        };
      }
      case 0x2e: {
        if (p + 14 > limit) return this.overrun(p);
        this.q = p + 14;
        return {
          type: "socket",
          id,
          socketType: v.getUint16(p),
          localPort: v.getUint16(p + 2),
          localAddress: ipv4Text(b, p + 4),
          localAddressBytes: this.view(p + 4, p + 8),
          remotePort: v.getUint16(p + 8),
          remoteAddress: ipv4Text(b, p + 10),
          remoteAddressBytes: this.view(p + 10, p + 14),
        };
      }
      case 0x7f: {
        if (p + 8 > limit) return this.overrun(p);
        const at = v.getUint16(p + 4);
        if (at !== 4 && at !== 16) return this.invalid(p + 4);
        const la = p + 8;
        const rp = la + at;
        const ra = rp + 2;
        if (ra + at > limit) return this.overrun(la);
        this.q = ra + at;
        return {
          type: "socket_ex",
          id,
          domain: v.getUint16(p),
          socketType: v.getUint16(p + 2),
          addressType: at,
          localPort: v.getUint16(p + 6),
          localAddress: addressText(b, la, at),
          localAddressBytes: this.view(la, la + at),
          remotePort: v.getUint16(rp),
          remoteAddress: addressText(b, ra, at),
          remoteAddressBytes: this.view(ra, ra + at),
        };
      }
      case 0x2f: {
        if (p + 4 > limit) return this.overrun(p);
        this.q = p + 4;
        return { type: "seq", id, sequence: v.getUint32(p) };
      }
      case 0x32: {
        if (p + 28 > limit) return this.overrun(p);
        this.q = p + 28;
        return {
          type: "ipc_perm",
          id,
          uid: v.getUint32(p),
          gid: v.getUint32(p + 4),
          creatorUid: v.getUint32(p + 8),
          creatorGid: v.getUint32(p + 12),
          mode: v.getUint32(p + 16),
          sequence: v.getUint32(p + 20),
          key: v.getUint32(p + 24),
        };
      }
      case 0x38: {
        if (p + 2 > limit) return this.overrun(p);
        const n1 = v.getUint16(p);
        const s1 = p + 2;
        if (s1 + n1 + 2 > limit) return this.overrun(p);
        const n2 = v.getUint16(s1 + n1);
        const s2 = s1 + n1 + 2;
        if (s2 + n2 > limit) return this.overrun(s1 + n1);
        this.q = s2 + n2;
        return {
          type: "priv",
          id,
          setType: this.str(s1, s1 + n1),
          setTypeBytes: this.view(s1, s1 + n1),
          privileges: this.str(s2, s2 + n2),
          privilegesBytes: this.view(s2, s2 + n2),
        };
      }
      case 0x39: {
        if (p + 3 > limit) return this.overrun(p);
        const n = v.getUint16(p + 1);
        const s = p + 3;
        if (s + n > limit) return this.overrun(p + 1);
        this.q = s + n;
        return {
          type: "upriv",
          id,
          status: b[p],
          privilege: this.str(s, s + n),
          privilegeBytes: this.view(s, s + n),
        };
      }
      case 0x3b: {
        if (p + 2 > limit) return this.overrun(p);
        const n = v.getUint16(p);
        if (p + 2 + 4 * n > limit) return this.overrun(p);
        const groups: number[] = [];
        for (let i = 0; i < n; i++) groups.push(v.getUint32(p + 2 + 4 * i));
        this.q = p + 2 + 4 * n;
        return { type: "newgroups", id, groups };
      }
      case 0x3c:
      case 0x3d:
      case 0xee:
      case 0xef: {
        // u32 count, then count NUL-terminated strings
        if (p + 4 > limit) return this.overrun(p);
        const n = v.getUint32(p);
        const strings: string[] = [];
        const stringsBytes: Uint8Array[] = [];
        let s = p + 4;
        for (let i = 0; i < n; i++) {
          let e = s;
          while (e < limit && b[e] !== 0) e++;
          if (e >= limit) return this.overrun(s);
          strings.push(this.str(s, e));
          stringsBytes.push(this.view(s, e));
          s = e + 1;
        }
        this.q = s;
        if (id === 0x3c) return { type: "exec_args", id, strings, stringsBytes };
        if (id === 0x3d) return { type: "exec_env", id, strings, stringsBytes };
        if (id === 0xee) return { type: "krb5_principal", id, strings, stringsBytes };
        return { type: "cert_hash", id, strings, stringsBytes };
      }
      case 0x3e: {
        if (p + 28 > limit) return this.overrun(p);
        this.q = p + 28;
        return {
          type: "attr32",
          id,
          mode: v.getUint32(p),
          uid: v.getUint32(p + 4),
          gid: v.getUint32(p + 8),
          fsid: v.getUint32(p + 12),
          nodeId: v.getBigUint64(p + 16),
          device: v.getUint32(p + 24),
        };
      }
      case 0x73: {
        if (p + 32 > limit) return this.overrun(p);
        this.q = p + 32;
        return {
          type: "attr64",
          id,
          mode: v.getUint32(p),
          uid: v.getUint32(p + 4),
          gid: v.getUint32(p + 8),
          fsid: v.getUint32(p + 12),
          nodeId: v.getBigUint64(p + 16),
          device: v.getBigUint64(p + 24),
        };
      }
      case 0x52: {
        if (p + 8 > limit) return this.overrun(p);
        this.q = p + 8;
        return { type: "exit", id, status: v.getUint32(p), value: v.getUint32(p + 4) };
      }
      case 0x80: {
        if (p + 8 > limit) return this.overrun(p);
        this.q = p + 8;
        return {
          type: "sockinet32",
          id,
          family: v.getUint16(p),
          port: v.getUint16(p + 2),
          address: ipv4Text(b, p + 4),
          addressBytes: this.view(p + 4, p + 8),
        };
      }
      case 0x81: {
        if (p + 20 > limit) return this.overrun(p);
        this.q = p + 20;
        return {
          type: "sockinet128",
          id,
          family: v.getUint16(p),
          port: v.getUint16(p + 2),
          address: ipv6Text(b, p + 4),
          addressBytes: this.view(p + 4, p + 20),
        };
      }
      case 0x82: {
        // family u16; path NUL-terminated within 104 bytes, else 105 bytes
        // (libbsm's fetch_sock_unix_tok).
        if (p + 2 > limit) return this.overrun(p);
        const s = p + 2;
        let e = s;
        const stop = Math.min(limit, s + 104);
        while (e < stop && b[e] !== 0) e++;
        const n = e < s + 104 ? e - s + 1 : 105;
        if (s + n > limit) return this.overrun(s);
        this.q = s + n;
        return {
          type: "sockunix",
          id,
          family: v.getUint16(p),
          path: this.str(s, s + n),
          pathBytes: this.view(s, s + n),
        };
      }
      case 0x84:
      case 0x85: {
        if (p + 19 > limit) return this.overrun(p);
        const n = v.getUint16(p + 17);
        const s = p + 19;
        if (s + n > limit) return this.overrun(p + 17);
        this.q = s + n;
        return {
          type: id === 0x84 ? "arg_uuid" : "ret_uuid",
          id,
          number: b[p],
          uuid: uuidText(b, p + 1),
          uuidBytes: this.view(p + 1, p + 17),
          description: this.str(s, s + n),
          descriptionBytes: this.view(s, s + n),
        };
      }
      case 0xed: {
        // signer u32; u16 n + signing id; u8; u16 n + team id; u8; u16 n + cdhash
        if (p + 6 > limit) return this.overrun(p);
        const n1 = v.getUint16(p + 4);
        const s1 = p + 6;
        if (s1 + n1 + 3 > limit) return this.overrun(p + 4);
        const n2 = v.getUint16(s1 + n1 + 1);
        const s2 = s1 + n1 + 3;
        if (s2 + n2 + 3 > limit) return this.overrun(s1 + n1 + 1);
        const n3 = v.getUint16(s2 + n2 + 1);
        const s3 = s2 + n2 + 3;
        if (s3 + n3 > limit) return this.overrun(s2 + n2 + 1);
        this.q = s3 + n3;
        return {
          type: "identity",
          id,
          signerType: v.getUint32(p),
          signingId: this.str(s1, s1 + n1),
          signingIdBytes: this.view(s1, s1 + n1),
          signingIdTruncated: b[s1 + n1],
          teamId: this.str(s2, s2 + n2),
          teamIdBytes: this.view(s2, s2 + n2),
          teamIdTruncated: b[s2 + n2],
          cdhash: this.view(s3, s3 + n3),
        };
      }
      default:
        this.fail = Fail.Unknown;
        this.failAt = q;
        return null;
    }
  }

  /** A view of `b[s, e)` (cheaper to make than `subarray`). */
  private view(s: number, e: number): Uint8Array {
    return new Uint8Array(this.ab, this.bo + s, e - s);
  }

  /**
   * Text of a string field, without one trailing NUL. Fields of ASCII bytes
   * (nearly all of them) are substrings of one latin1 string made per
   * window of input; a field with a byte >= 0x80 is decoded on its own.
   * Windowing nearly doubled decode speed (bench/run.ts, "decodeRecords
   * buffer" case). Like byte views, such substrings keep their window alive;
   * `copy: true` turns windowing off.
   */
  private str(s: number, e: number): string {
    const b = this.b;
    if (e > s && b[e - 1] === 0) e--;
    if (!this.windowed) return this.text(b, s, e);
    if (s < this.winStart || e > this.winEnd) {
      this.winStart = s;
      this.winEnd = Math.min(this.end, Math.max(e, s + STRING_WINDOW));
      this.win = (latin1Window as LatinSlice).call(b, this.winStart, this.winEnd);
    }
    if (!this.latin1 && e > s && this.highIn(s, e)) return this.text(b, s, e);
    return this.win.substring(s - this.winStart, e - this.winStart);
  }

  /**
   * True when `b[s, e)` (not empty) holds a byte >= 0x80, read four bytes
   * at a time: +9% over a byte loop (bench/run.ts, "decodeRecords buffer"
   * case). Big-endian hosts and inputs in buffers of 2 GiB or more take the
   * byte loop.
   */
  private highIn(s: number, e: number): boolean {
    const a = this.bo + s;
    const z = this.bo + e;
    const w0 = a >> 2;
    const w1 = (z - 1) >> 2;
    const w = this.w32;
    if (w1 >= w.length) {
      const b = this.b;
      let o = 0;
      for (let i = s; i < e; i++) o |= b[i];
      return o >= 0x80;
    }
    // Leave out the bytes of the first and last words outside [s, e).
    const head = -1 << ((a & 3) << 3);
    const tail = -1 >>> (((4 - (z & 3)) & 3) << 3);
    if (w0 === w1) return (w[w0] & head & tail & 0x80808080) !== 0;
    let o = w[w0] & head;
    for (let i = w0 + 1; i < w1; i++) o |= w[i];
    o |= w[w1] & tail;
    return (o & 0x80808080) !== 0;
  }

  private overrun(at: number): null {
    this.fail = Fail.Overrun;
    this.failAt = at;
    return null;
  }

  private invalid(at: number): null {
    this.fail = Fail.Invalid;
    this.failAt = at;
    return null;
  }
}

/**
 * Copies a record's bytes once and points every byte field of its tokens
 * into the copy.
 */
function detach(r: BsmRecord, b: Uint8Array, absStart: number): BsmRecord {
  const copy = b.slice(absStart - b.byteOffset, absStart - b.byteOffset + r.length);
  const remap = (x: Uint8Array): Uint8Array =>
    x.buffer === b.buffer
      ? copy.subarray(x.byteOffset - absStart, x.byteOffset - absStart + x.length)
      : x;
  for (const t of r.tokens) {
    const o = t as unknown as Record<string, unknown>;
    for (const k in o) {
      const f = o[k];
      if (f instanceof Uint8Array) o[k] = remap(f);
      else if (Array.isArray(f) && f.length > 0 && f[0] instanceof Uint8Array)
        o[k] = (f as Uint8Array[]).map(remap);
    }
  }
  return r;
}
