/**
 * fast-check arbitraries of token fields as the decoder gives them back
 * (text forms beside their bytes), and of whole tokens of any row of the
 * token table built from its fields' wire kinds alone.
 */

import fc from "fast-check";
import type { Token, TokenOf, TokenType } from "../src/gen/token-types";
import { type FieldLayout, layoutOf } from "../src/spec/layouts";
import { cstringBytes } from "../src/wire/token-builders";
import { ipText } from "./reference-decoder";

export const td = new TextDecoder("utf-8", { ignoreBOM: true });
/** The decoder's text form of a field's bytes: one trailing NUL dropped, UTF-8 (U+FFFD for bad bytes). */
export const textOf = (b: Uint8Array) =>
  td.decode(b.subarray(0, b.length > 0 && b[b.length - 1] === 0 ? b.length - 1 : b.length));

export const u8 = fc.integer({ min: 0, max: 0xff });
export const u16 = fc.integer({ min: 0, max: 0xffff });
export const u32 = fc.oneof(
  fc.integer({ min: 0, max: 0xffffffff }),
  fc.constantFrom(0, 1, 0xffffffff, 0x80000000),
);
export const u64 = fc.oneof(
  fc.bigInt({ min: 0n, max: 0xffffffffffffffffn }),
  fc.constantFrom(0n, 0xffffffffffffffffn),
);

/** A counted string: `{ text, bytes }` as the decoder would give them. */
export const counted = fc
  .oneof(
    fc.string({ unit: "binary", maxLength: 30 }).map(cstringBytes),
    fc.string({ unit: "grapheme", maxLength: 8 }).map(cstringBytes),
    fc.string({ maxLength: 40 }).map(cstringBytes),
    fc.uint8Array({ maxLength: 40 }),
  )
  .map((bytes) => ({ text: textOf(bytes), bytes }));

/** An item of a NUL-terminated string list (no NUL inside). */
export const listItem = fc
  .oneof(
    fc.string({ unit: "binary", maxLength: 20 }).map((s) => new TextEncoder().encode(s)),
    fc.string({ maxLength: 20 }).map((s) => new TextEncoder().encode(s)),
    fc.uint8Array({ maxLength: 20 }),
  )
  .map((b) => b.map((x) => x || 1))
  .map((bytes) => ({ text: td.decode(bytes), bytes }));

export const stringList = fc.array(listItem, { maxLength: 8 }).map((items) => ({
  strings: items.map((i) => i.text),
  stringsBytes: items.map((i) => i.bytes),
}));

export const bytes4 = fc.uint8Array({ minLength: 4, maxLength: 4 });
export const word = fc.oneof(fc.constantFrom(0, 0, 0, 1, 0xffff), u16);
export const bytes16 = fc.oneof(
  fc.uint8Array({ minLength: 16, maxLength: 16 }),
  fc.array(word, { minLength: 8, maxLength: 8 }).map((ws) => {
    const b = new Uint8Array(16);
    ws.forEach((w, i) => {
      b[2 * i] = w >> 8;
      b[2 * i + 1] = w & 0xff;
    });
    return b;
  }),
);
export const ipv4 = bytes4.map((b) => ({ address: ipText(b), addressBytes: b }));
export const ipv6 = bytes16.map((b) => ({ address: ipText(b), addressBytes: b }));
export const addrEx = fc.oneof(ipv4, ipv6).map((a) => ({
  addressType: a.addressBytes.length,
  address: a.address,
  addressBytes: a.addressBytes,
}));

export const uuid = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => {
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return {
    uuid: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`,
    uuidBytes: b,
  };
});

export const sunpath = fc
  .oneof(
    fc.uint8Array({ maxLength: 103 }).map((b) => {
      const out = new Uint8Array(b.length + 1);
      out.set(b.map((x) => x || 0x2f));
      return out;
    }),
    fc.string({ maxLength: 60 }).map((s) => cstringBytes(s.replace(/\0/g, "/"))),
    fc
      .tuple(fc.uint8Array({ minLength: 104, maxLength: 104 }), u8)
      .map(([b, last]) => Uint8Array.from([...b.map((x) => x || 0x61), last])),
  )
  .filter((b) => b.length <= 105)
  .map((b) => ({ path: textOf(b), pathBytes: b }));

export const subjectBase = {
  auid: u32,
  euid: u32,
  egid: u32,
  ruid: u32,
  rgid: u32,
  pid: u32,
  sid: u32,
};

export function withType<T extends TokenType>(type: T, id: number) {
  return <F extends object>(fields: F) => ({ type, id, ...fields }) as unknown as TokenOf<T>;
}

export function counted2<K extends string>(name: K) {
  return counted.map(
    (c) =>
      ({ [name]: c.text, [`${name}Bytes`]: c.bytes }) as Record<K, string> &
        Record<`${K}Bytes`, Uint8Array>,
  );
}

export const header = (width: 32 | 64) => ({
  size: u32,
  version: u8,
  event: u16,
  modifier: u16,
  seconds: width === 32 ? u32 : u64,
  milliseconds: width === 32 ? u32 : u64,
});

/** One field's values, from its wire kind (`addr` of `at` bytes). */
export function fieldArbitrary(f: FieldLayout, at: number): fc.Arbitrary<Record<string, unknown>> {
  const pair = (x: fc.Arbitrary<{ address: string; addressBytes: Uint8Array }>) =>
    x.map((v) => ({ [f.name]: v.address, [`${f.name}Bytes`]: v.addressBytes }));
  switch (f.kind) {
    case "u8":
      return u8.map((v) => ({ [f.name]: v }));
    case "u16":
      return u16.map((v) => ({ [f.name]: v }));
    case "u32":
      return u32.map((v) => ({ [f.name]: v }));
    case "u64":
      return u64.map((v) => ({ [f.name]: v }));
    case "ipv4":
      return pair(ipv4);
    case "ipv6":
      return pair(ipv6);
    case "addr":
      return pair(at === 4 ? ipv4 : ipv6);
    case "uuid":
      return uuid.map((v) => ({ [f.name]: v.uuid, [`${f.name}Bytes`]: v.uuidBytes }));
    case "string":
      return counted2(f.name);
    case "bytes":
      return fc.uint8Array({ maxLength: 64 }).map((v) => ({ [f.name]: v }));
    case "strings":
      return stringList.map((v) => ({ [f.name]: v.strings, [`${f.name}Bytes`]: v.stringsBytes }));
    case "u32s":
      return fc.array(u32, { maxLength: 16 }).map((v) => ({ [f.name]: v }));
    case "sunpath":
      return sunpath.map((v) => ({ [f.name]: v.path, [`${f.name}Bytes`]: v.pathBytes }));
    default:
      throw new Error(`no generic arbitrary for kind ${f.kind}`);
  }
}

/** Tokens of a row, from its fields' wire kinds (an address size field 4 or 16). */
export function rowArbitrary(type: TokenType): fc.Arbitrary<Token> {
  const layout = layoutOf(type);
  const sizes = new Set(layout.fields.flatMap((f) => (f.sizeFrom ? [f.sizeFrom] : [])));
  return fc
    .constantFrom(4, 16)
    .chain((at) =>
      fc
        .tuple(
          ...layout.fields.map((f) =>
            sizes.has(f.name) ? fc.constant({ [f.name]: at }) : fieldArbitrary(f, at),
          ),
        )
        .map((parts) => Object.assign({ type, id: layout.id }, ...parts) as Token),
    );
}
