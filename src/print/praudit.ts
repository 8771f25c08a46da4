/**
 * Record framing, as OpenBSM's `bin/praudit/praudit.c` does it: each token
 * is followed by a newline, or with `-l` by the delimiter and a newline
 * after the record; `-x` wraps everything in `<?xml ...?><audit>` ...
 * `</audit>`.
 *
 * @module
 */

import { writeFrameText, writeTokenText } from "../gen/text-printer";
import type { Token } from "../gen/token-types";
import { xmlToken } from "../gen/xml-printer";
import type { BsmRecord, RecordFrame } from "../wire/record";
import { PrintContext } from "./context";
import { stopsRecord } from "./named-printers";
import { type PrauditOptions, resolvePrauditOptions } from "./praudit-options";
import { PrintBuffer } from "./print-buffer";
import { ascii } from "./put";

/** praudit's XML prolog (`au_print_xml_header`). */
const XML_HEADER = "<?xml version='1.0' ?>\n<audit>\n";
/** praudit's XML epilog (`au_print_xml_footer`). */
const XML_FOOTER = "</audit>\n";

/**
 * Prints records exactly as OpenBSM's `praudit` does (see
 * {@link PrauditOptions} for its flags).
 *
 * **Output is a byte string**: every char code is one output byte (0-255).
 * String fields are printed from their raw bytes (`...Bytes` views), never
 * from the decoded text, so any encoding comes out exactly as it was
 * written; names, event descriptions and the delimiter come out as UTF-8.
 * Write the result with `Buffer.from(s, "latin1")` or {@link prauditBytes};
 * do not write it as UTF-8.
 *
 * Times print in the local time zone (`TZ`), as praudit prints them, or
 * in the zone {@link PrauditOptions.timeZone} names (`"UTC"` for praudit
 * run with `TZ=UTC`).
 *
 * @example
 * ```ts
 * const p = new PrauditPrinter({ oneLine: true });
 * process.stdout.write(prauditBytes(p.header()));
 * for (const r of decodeRecords(bytes)) process.stdout.write(prauditBytes(p.record(r)));
 * process.stdout.write(prauditBytes(p.footer()));
 * ```
 */
export class PrauditPrinter {
  /** The options in effect, every default filled in. */
  readonly options: Readonly<PrauditOptions>;
  private readonly c: PrintContext;
  private readonly sep: string;
  private readonly xml: boolean;
  private readonly oneLine: boolean;
  /** The delimiter and the token separator as bytes. */
  private readonly del: Uint8Array;
  private readonly sepBytes: Uint8Array;
  /**
   * Whether {@link writeFrame} prints frames from their bytes: not with
   * `-r`, `-x`, or a delimiter of more than one byte (the conformance suite
   * checks this path in every other mode).
   */
  private readonly frames: boolean;
  /** Where {@link record} prints before taking the bytes as a string. */
  private readonly scratch = new PrintBuffer();

  constructor(options?: Readonly<Partial<PrauditOptions>>) {
    this.options = Object.freeze(resolvePrauditOptions(options));
    this.c = new PrintContext(this.options);
    this.xml = this.options.xml;
    this.oneLine = this.options.oneLine;
    this.sep = this.oneLine ? this.c.del : "\n";
    this.del = ascii(this.c.del);
    this.sepBytes = ascii(this.sep);
    this.frames = !this.xml && !this.options.raw && this.c.del.length === 1;
  }

  /** What praudit prints before the first record: the XML prolog with `-x`, else "". */
  header(): string {
    return this.xml ? XML_HEADER : "";
  }

  /** What praudit prints after the last record: `</audit>\n` with `-x`, else "". */
  footer(): string {
    return this.xml ? XML_FOOTER : "";
  }

  /**
   * One record: each token followed by a newline (or with `-l` by the
   * delimiter, and a newline after the record). Like praudit, stops at a
   * token libbsm cannot read (the rest of the record, trailer included, is
   * not printed).
   */
  record(r: BsmRecord): string {
    this.writeRecord(r, this.scratch);
    return this.scratch.take();
  }

  /**
   * {@link record} written into `w` as bytes: the fast way to print many
   * records (the CLI writes each record straight into its output buffer).
   */
  writeRecord(r: BsmRecord, w: PrintBuffer): void {
    const c = this.c;
    const tokens = r.tokens;
    const apple = c.appleTokens;
    if (this.xml) {
      const sep = this.sep;
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i];
        if (stopsRecord(t, apple)) break;
        w.str(xmlToken(c, t));
        w.str(sep);
      }
    } else {
      const d = this.del;
      const s = this.sepBytes;
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i];
        if (stopsRecord(t, apple)) break;
        writeTokenText(w, c, t, d);
        w.arr(s);
      }
    }
    if (this.oneLine) w.byte(0x0a);
  }

  /**
   * True when {@link writeFrame} can print frames from their bytes (one-byte
   * delimiter, neither `-r` nor `-x`).
   */
  get printsFrames(): boolean {
    return this.frames;
  }

  /**
   * {@link writeRecord} of a record frame, printed straight from its bytes
   * with no token decoded, when {@link printsFrames} and every token of the
   * record has a row of the token table without a named printer and reads
   * cleanly. Returns false, with nothing written, otherwise (a file record,
   * a damaged frame, another token): then decode the frame and print it
   * with {@link writeRecord}. The bytes are the same either way.
   */
  writeFrame(frame: RecordFrame, w: PrintBuffer): boolean {
    if (!this.frames || frame.kind !== "header" || frame.damaged) return false;
    if (!writeFrameText(w, this.c, frame.bytes, this.del, this.sepBytes)) return false;
    if (this.oneLine) w.byte(0x0a);
    return true;
  }

  /**
   * A lone token as libbsm prints it (`au_print_tok` / `au_print_tok_xml`)
   * followed by a newline, or with `-l` by the delimiter and a newline:
   * the form of the corpus's `*.bsmtok*` files.
   */
  token(t: Token): string {
    let body: string;
    if (this.xml) body = xmlToken(this.c, t);
    else {
      writeTokenText(this.scratch, this.c, t, this.del);
      body = this.scratch.take();
    }
    return this.oneLine ? `${body}${this.c.del}\n` : `${body}\n`;
  }

  /** Header, every record, footer: a whole praudit output. */
  print(records: Iterable<BsmRecord>): string {
    const w = this.scratch;
    w.str(this.header());
    for (const r of records) this.writeRecord(r, w);
    w.str(this.footer());
    return w.take();
  }
}

/**
 * praudit's whole output for `records` (a byte string: see
 * {@link PrauditPrinter}).
 *
 * @param records - decoded records, e.g. from `decodeRecords`
 * @param options - praudit's flags; see {@link PrauditOptions}
 */
export function prauditText(
  records: Iterable<BsmRecord>,
  options?: Readonly<Partial<PrauditOptions>>,
): string {
  return new PrauditPrinter(options).print(records);
}
