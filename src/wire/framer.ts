/**
 * The framer: records located and checked in the input, lenient resync.
 *
 * One {@link RecordDecoder} is reused across calls and chunks. It finds
 * records and, unless it emits frames, reads their tokens with the
 * generated token reader it extends (src/gen/read-token.ts, itself a
 * src/wire/token-cursor.ts).
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

import { type LazyToken, REBASE } from "../gen/lazy-tokens";
import { TokenReader } from "../gen/read-token";
import type { HeaderToken, Token, TrailerToken } from "../gen/token-types";
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
import type { BsmRecord, RecordFrame } from "./record";
import { FAIL_OVERRUN, FAIL_UNKNOWN, TokenCursor } from "./token-cursor";

/** Result of {@link RecordDecoder.run}: stop because more input is needed. */
export const NEED_MORE = -1;

const EMPTY = new Uint8Array(0);

/**
 * What {@link RecordDecoder.run} emits: records, or in frame mode frames (a
 * damaged record's frame carrying its decoded record). The type parameter
 * of a {@link RecordDecoder} says which.
 */
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
   * Frame mode only: give the frame of a damaged record (one whose frame
   * does not check, found by walking its tokens) the {@link BsmRecord} that
   * walk decoded (`RecordFrame.record`), and emit it whatever `events`
   * says: a consumer that prints frames from their bytes then prints
   * damaged records exactly as the record decoder does.
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
export class RecordDecoder<T extends Emitted = Emitted> extends TokenReader {
  /** Global offset of `b[0]`. */
  private base = 0;
  private readonly opts: DecodeOptions;

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
  /**
   * Global offset up to which the decisions taken so far may have looked:
   * a record or region decided before it may depend on bytes, or on where
   * the input ended, up to here. A walk (damage) counts up to its limit,
   * a resync candidate or a file token up to its claimed end (and the byte
   * after); a record framed on the fast path only up to its own end, so
   * clean input never moves it (no cost on the hot path). A caller cutting the input
   * after a clean frame that ends at or after `reach` knows a decoder
   * started fresh there decides the rest as this one does (the parallel
   * `json` command's pieces, src/json/json-pieces.ts).
   */
  reach = 0;

  private readonly frames: boolean;
  private readonly filter: Uint8Array | null;
  private readonly damagedRecords: boolean;
  private readonly frameBytes: boolean;
  /** Records of lazy tokens (`DecodeOptions.lazy`; not in frame mode). */
  private readonly lazy: boolean;

  constructor(options: DecodeOptions, mode?: Readonly<DecoderMode>) {
    super(options);
    this.opts = options;
    this.frames = mode?.frames ?? false;
    this.filter = this.frames ? (mode?.events ?? null) : null;
    this.damagedRecords = this.frames && (mode?.damagedRecords ?? false);
    this.frameBytes = mode?.frameBytes ?? true;
    this.lazy = options.lazy && !this.frames;
  }

  /**
   * Decodes the records in `b[start, end)`, pushing them to `out`. `base` is
   * the global offset of `b[0]`; `final` says no input follows `end`.
   * Returns the position (in `b`) up to which input is consumed; when it is
   * less than `end`, {@link need} says how far input must reach first.
   */
  run(b: Uint8Array, start: number, end: number, base: number, final: boolean, out: T[]): number {
    if (this.input(b)) this.nulFrom = this.nulTo = 0;
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
          if (this.base + c + 5 > this.reach) this.reach = this.base + c + 5;
          if (final) continue;
          this.scanStop = c;
          this.need = this.base + c + 5;
          return -1;
        }
        const size = this.v.getUint32(c + 1);
        if (size < MIN_HEADER_RECORD || size > max) continue;
        if (this.base + c + size > this.reach) this.reach = this.base + c + size;
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
      if (this.base + q + 5 > this.reach) this.reach = this.base + q + 5;
      if (final) return 0;
      this.need = this.base + q + 5;
      return NEED_MORE;
    }
    const size = this.v.getUint32(q + 1);
    if (size < MIN_HEADER_RECORD || size > this.opts.maxRecordBytes) return 0;
    if (this.base + q + size > this.reach) this.reach = this.base + q + size;
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
    if (this.base + p + 11 > this.reach) this.reach = this.base + p + 11;
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
    // A resync candidate also looks at the byte after it.
    const looked = this.base + e + (loose ? 0 : 1);
    if (looked > this.reach) this.reach = looked;
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
                record: null,
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
        out.push(this.headerFrame(p, size, false, null));
      }
      return p + size;
    }
    const t = p + size - 7;
    this.q = p;
    const lazy = this.lazy;
    const header = (lazy ? this.lazyToken(p, t) : this.token(p, t)) as HeaderToken | null;
    if (header === null) return 0;
    const tokens: Token[] = [header];
    let damaged = false;
    let q = this.q;
    while (q < t) {
      const tok = lazy ? this.lazyToken(q, t) : this.token(q, t);
      if (tok === null) {
        damaged = this.fail !== FAIL_UNKNOWN;
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
      offset: this.base + (this.fail === FAIL_UNKNOWN ? q : this.failAt),
      recordOffset: this.base + p,
      tokenId: id,
    };
    if (this.fail === FAIL_UNKNOWN) {
      this.report(
        new UnknownTokenError(`token id has no known layout; ${t - q} bytes kept raw`, init),
      );
    } else {
      this.report(
        new MalformedTokenError(
          this.fail === FAIL_OVERRUN
            ? `token runs past the record's trailer; ${t - q} bytes kept raw`
            : `token holds an impossible value; ${t - q} bytes kept raw`,
          init,
        ),
      );
    }
    return { type: "unknown", id, data: this.view(q + 1, t) };
  }

  /** A frame of the header record at `p` (its header already checked). */
  private headerFrame(
    p: number,
    length: number,
    damaged: boolean,
    record: BsmRecord | null,
  ): RecordFrame {
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
      record,
    };
  }

  private headerRecord(
    p: number,
    length: number,
    header: HeaderToken,
    tokens: Token[],
    damaged: boolean,
  ): Emitted | null {
    const frames = this.frames;
    if (frames && !(damaged && this.damagedRecords)) {
      return this.filter === null || this.filter[header.event] !== 0
        ? this.headerFrame(p, length, damaged, null)
        : null;
    }
    const r = this.finishRecord({
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
    // A damaged record in frame mode: its frame, carrying what the walk decoded.
    return frames ? this.headerFrame(p, length, damaged, r) : r;
  }

  private finishRecord(r: BsmRecord): BsmRecord {
    return this.opts.copy
      ? detach(r, this.b, this.b.byteOffset + r.offset - this.base, this.opts)
      : r;
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
    // The walk's outcome may depend on anything up to its limit.
    if (this.base + limit > this.reach) this.reach = this.base + limit;
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
    let overran = this.fail === FAIL_OVERRUN;
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
          failPos = this.fail === FAIL_UNKNOWN ? q : this.failAt;
          failTok = q;
          overran = this.fail === FAIL_OVERRUN;
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
}

/**
 * Copies a record's bytes once and points every byte field of its tokens
 * into the copy (a lazy token: its reads).
 */
function detach(r: BsmRecord, b: Uint8Array, absStart: number, options: DecodeOptions): BsmRecord {
  const copy = b.slice(absStart - b.byteOffset, absStart - b.byteOffset + r.length);
  const remap = (x: Uint8Array): Uint8Array =>
    x.buffer === b.buffer
      ? copy.subarray(x.byteOffset - absStart, x.byteOffset - absStart + x.length)
      : x;
  let source: TokenCursor | null = null;
  for (const t of r.tokens) {
    if (REBASE in t) {
      source ??= TokenCursor.over(copy, options);
      (t as unknown as LazyToken)[REBASE](source, absStart - b.byteOffset);
      continue;
    }
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
