/**
 * The vocabulary of the token table (src/spec/tokens.ts): what a field is on
 * the wire, and how praudit prints a field.
 *
 * This file and the table import nothing else: every other part of the
 * library derives from them (the generated code under src/gen/, the encoder,
 * the test reference decoder, the fuzz mutator).
 *
 * @module
 */

/**
 * What a field is on the wire. All integers are big-endian.
 *
 * | kind | bytes | token fields |
 * |---|---|---|
 * | `u8` `u16` `u32` | 1, 2, 4 | `name`: number |
 * | `u64` | 8 | `name`: bigint |
 * | `ipv4` | 4 | `name`: dotted quad, `nameBytes` |
 * | `ipv6` | 16 | `name`: RFC 5952 text, `nameBytes` |
 * | `addr` | 4 or 16, the value of the field named by `sizeFrom` | `name`, `nameBytes` |
 * | `string` | u16 n, then n bytes (libbsm counts the NUL in n) | `name`: text without the NUL, `nameBytes`: the n bytes |
 * | `bytes` | u16 n, then n bytes | `name`: Uint8Array |
 * | `strings` | u32 count, then count NUL-terminated strings | `name`: string[], `nameBytes`: each string's bytes without its NUL |
 * | `u32s` | u16 count, then count u32 | `name`: number[] |
 * | `units` | `unitCount << unitType` bytes (the fields named by `countFrom` and `sizeFrom`) | `name`: Uint8Array |
 * | `sunpath` | a path NUL-terminated within 104 bytes (NUL included), else 105 bytes | `name`, `nameBytes` |
 * | `uuid` | 16 | `name`: 8-4-4-4-12 lowercase hex, `nameBytes` |
 * | `rest` | everything up to the record's trailer (unknown tokens) | `name`: Uint8Array |
 */
export type FieldKind =
  | "u8"
  | "u16"
  | "u32"
  | "u64"
  | "ipv4"
  | "ipv6"
  | "addr"
  | "string"
  | "bytes"
  | "strings"
  | "u32s"
  | "units"
  | "sunpath"
  | "uuid"
  | "rest";

/** One field of a token, in wire order. */
export interface FieldLayout {
  /** The token object's field name (the text form for text kinds). */
  readonly name: string;
  /** How the field is laid out on the wire. */
  readonly kind: FieldKind;
  /**
   * `addr`: the field holding the address length (4 or 16). `units`: the
   * field holding the unit size code (0..3: 1, 2, 4, 8 bytes).
   */
  readonly sizeFrom?: string;
  /** `units`: the field holding the unit count. */
  readonly countFrom?: string;
  /** What the field means (TSDoc of the generated token interface). */
  readonly doc?: string;
}

/**
 * How praudit prints one field's value (text and XML alike; `-r` and `-s`
 * change some, as libbsm's print functions do).
 *
 * | format | prints | kinds |
 * |---|---|---|
 * | `dec` | unsigned decimal | integers |
 * | `i64` | signed decimal (`%lld`) | `u64` |
 * | `hex` | `0x` and lowercase hex | `u32`, `u64` |
 * | `althex` | `0`, or `0x` and lowercase hex (`%#x`) | integers |
 * | `oct` | octal | `u32` |
 * | `byte` | `0x` and two hex digits | `u8` |
 * | `user` `group` | the name (`-n`, `-r`: the number) | `u32` |
 * | `event` | the event name (`-s`: short; `-r`: the number) | `u16` |
 * | `status` | `success` / `failure : <strerror>` (`-r`: the number) | `u8` |
 * | `sec` | ctime text (`-r`: the number) | `u32`, `u64` |
 * | `msec` | ` + N msec` (`-r`: N) | `u32`, `u64` |
 * | `str` | the bytes without NULs (XML: escaped) | `string` |
 * | `cstr` | the bytes before the first NUL (XML: escaped) | `string`, `sunpath` |
 * | `addr` | the address text (`invalid` for an address type not 4 or 16) | `ipv4` `ipv6` `addr` `uuid` |
 * | `mem` | `0x` and hex of every byte, or nothing when empty | `bytes`, `rest` |
 * | `len` | the byte count | `bytes` |
 * | `ipc` | `Message IPC`, `Semaphore IPC`, `Shared Memory IPC` (`-r`: the number) | `u8` |
 * | `error` | `Error N` | `u32` |
 * | `privuse` | `successful use of priv` / `failed use of priv` | `u8` |
 * | `trunc` | text: `truncated` / `complete`; XML: `yes` / `no` | `u8` |
 * | `args` | each string up to its NUL, at most 128 (`AUDIT_MAX_ARGS`) | `strings` |
 * | `cstrs` | each string up to its NUL | `strings` |
 * | `groups` | each group's name | `u32s` |
 */
export type PrintFormat =
  | "dec"
  | "i64"
  | "hex"
  | "althex"
  | "oct"
  | "byte"
  | "user"
  | "group"
  | "event"
  | "status"
  | "sec"
  | "msec"
  | "str"
  | "cstr"
  | "addr"
  | "mem"
  | "len"
  | "ipc"
  | "error"
  | "privuse"
  | "trunc"
  | "args"
  | "cstrs"
  | "groups";

/**
 * How praudit prints a token.
 *
 * Text (`praudit`, `-l`, `-r`, `-s`, `-n`): the token's name (its id with
 * `-r`), then each of `text`'s fields, joined by the delimiter. `text`
 * holds `"format:field"` items; a list format prints one item per element.
 *
 * XML (`-x`): `xml` is a template: `{format:field}` is a value (escaped as
 * XML needs), `{format:field:element}` a list format's elements each inside
 * `<element>...</element>`, anything else literal text. A value inside a
 * tag (`<x a="{...}"`) is escaped as an attribute, elsewhere as character
 * data.
 */
export interface TokenPrint {
  /** praudit's name of the token in text modes. */
  readonly name: string;
  /** The fields printed after the name, in order: `"format:field"`. */
  readonly text: readonly string[];
  /**
   * With `-r`, a template (as {@link xml}, not escaped; `{id}` is the id)
   * printed instead of the name and fields: libbsm's slips.
   */
  readonly textRaw?: string;
  /** The XML template. */
  readonly xml: string;
  /**
   * A named printer (src/print/named-printers.ts) used instead of the text
   * and XML forms above, for printing no format describes.
   */
  readonly named?: "arbitrary";
  /**
   * An Apple token: printed as macOS's praudit prints it when the
   * `appleTokens` option is on (the default), else as OpenBSM's praudit
   * prints an id it does not know.
   */
  readonly apple?: boolean;
}

/** One row of the token table: everything about one token id. */
export interface TokenSpec {
  /** Token id byte. */
  readonly id: number;
  /** The token's `type`: its `AUT_*` name lowercased without `AUT_` (Apple's: their own). */
  readonly type: string;
  /** The `AUT_*` constant of the header that defines the id. */
  readonly aut: string;
  /** The TypeScript interface of decoded tokens (ids with the same fields share one). */
  readonly iface: string;
  /** What the token is (TSDoc of the interface). */
  readonly doc: string;
  /** Fields after the id byte, in wire order. */
  readonly fields: readonly FieldLayout[];
  /** How praudit prints it. */
  readonly print: TokenPrint;
  /** Where the layout is documented, for ids libbsm does not define. */
  readonly source?: string;
}
