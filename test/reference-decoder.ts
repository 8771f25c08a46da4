/**
 * A reference decoder built with binary-parser from the layout table
 * (src/layouts.ts): an independent check of the hand-written decoder.
 *
 * It shares nothing with src/decoder.ts but the layout table: fields are read
 * by parsers generated from the table, text is decoded with Node's Buffer,
 * IPv6 text comes from WHATWG URL serialisation (RFC 5952 compression).
 * Framing is minimal (header byte count, lone file tokens): it is meant for
 * undamaged trails only and throws on anything else.
 *
 * binary-parser compiles with `new Function`, so it is used only under test/
 * and bench/, never in src/.
 */

import { Parser } from "binary-parser";
import {
  type FieldLayout,
  LAYOUT_BY_ID,
  LAYOUTS,
  TEXT_KINDS,
  type TokenLayout,
} from "../src/spec/layouts";

/** A token as the reference decoder builds it: `type`, `id`, then fields in layout order. */
export type RefToken = Record<string, unknown> & { type: string; id: number };

/** A record as the reference decoder frames it. */
export interface RefRecord {
  offset: number;
  length: number;
  tokens: RefToken[];
}

const count = (name: string) => `_n_${name}`;

function addField(p: Parser, f: FieldLayout): Parser {
  const n = f.name;
  switch (f.kind) {
    case "u8":
      return p.uint8(n);
    case "u16":
      return p.uint16be(n);
    case "u32":
      return p.uint32be(n);
    case "u64":
      return p.uint64be(n);
    case "ipv4":
      return p.buffer(`${n}Bytes`, { length: 4 });
    case "ipv6":
    case "uuid":
      return p.buffer(`${n}Bytes`, { length: 16 });
    case "addr": {
      const from = f.sizeFrom as string;
      return p.buffer(`${n}Bytes`, {
        length: function (this: Record<string, number>) {
          const at = this[from];
          if (at !== 4 && at !== 16) throw new Error(`reference: address type ${at}`);
          return at;
        },
      });
    }
    case "string":
      return p.uint16be(count(n)).buffer(`${n}Bytes`, { length: count(n) });
    case "bytes":
      return p.uint16be(count(n)).buffer(n, { length: count(n) });
    case "strings":
      return p.uint32be(count(n)).array(`${n}Bytes`, {
        type: new Parser().buffer("s", { readUntil: (x: number) => x === 0 }).seek(1),
        length: count(n),
      });
    case "u32s":
      return p.uint16be(count(n)).array(n, { type: "uint32be", length: count(n) });
    case "units": {
      const size = f.sizeFrom as string;
      const cnt = f.countFrom as string;
      return p.buffer(n, {
        length: function (this: Record<string, number>) {
          if (this[size] > 3) throw new Error(`reference: unit type ${this[size]}`);
          return this[cnt] << this[size];
        },
      });
    }
    case "sunpath":
      // NUL-terminated within 104 bytes (NUL included), else 105 bytes.
      return p
        .saveOffset(`_s_${n}`)
        .string(`_x_${n}`, { zeroTerminated: true, length: 105, encoding: "latin1" })
        .saveOffset(`_e_${n}`);
    case "rest":
      return p.buffer(n, { readUntil: "eof" });
  }
}

function bodyParser(layout: TokenLayout): Parser {
  let p = new Parser();
  for (const f of layout.fields) p = addField(p, f);
  return p;
}

const choices: Record<number, Parser> = {};
for (const l of LAYOUTS) choices[l.id] = bodyParser(l);

/** One token: id, body by id (unknown ids: the rest of the input), end offset. */
const tokenParser = new Parser()
  .uint8("id")
  .choice("body", {
    tag: "id",
    choices,
    defaultChoice: new Parser().buffer("rest", { readUntil: "eof" }),
  })
  .saveOffset("end");

const tokenListParser = new Parser().array("tokens", { type: tokenParser, readUntil: "eof" });

function text(b: Uint8Array): string {
  const e = b.length > 0 && b[b.length - 1] === 0 ? b.length - 1 : b.length;
  return Buffer.from(b.buffer, b.byteOffset, e).toString("utf8");
}

/** Address text: dotted quad, or RFC 5952 IPv6 (WHATWG URL serialisation; IPv4-mapped as `::ffff:a.b.c.d`). */
export function ipText(b: Uint8Array): string {
  if (b.length === 4) return Array.from(b).join(".");
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((b[i] << 8) | b[i + 1]).toString(16));
  if (words.slice(0, 5).every((w) => w === "0") && words[5] === "ffff") {
    return `::ffff:${Array.from(b.subarray(12)).join(".")}`;
  }
  return new URL(`http://[${words.join(":")}]`).hostname.slice(1, -1);
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

function u8(b: unknown): Uint8Array {
  const x = b as Uint8Array;
  return new Uint8Array(x.buffer, x.byteOffset, x.length);
}

/** Builds the token object from binary-parser's output, fields in layout order. */
function buildToken(
  id: number,
  body: Record<string, unknown>,
  input: Uint8Array,
  base: number,
): RefToken {
  const layout = LAYOUT_BY_ID.get(id);
  if (layout === undefined) return { type: "unknown", id, data: u8(body.rest) };
  const t: RefToken = { type: layout.type, id };
  for (const f of layout.fields) {
    const n = f.name;
    if (!TEXT_KINDS.has(f.kind)) {
      t[n] = f.kind === "bytes" || f.kind === "units" ? u8(body[n]) : body[n];
      continue;
    }
    switch (f.kind) {
      case "ipv4":
      case "ipv6":
      case "addr": {
        const b = u8(body[`${n}Bytes`]);
        t[n] = ipText(b);
        t[`${n}Bytes`] = b;
        break;
      }
      case "uuid": {
        const h = hex(u8(body[`${n}Bytes`]));
        t[n] =
          `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
        t[`${n}Bytes`] = u8(body[`${n}Bytes`]);
        break;
      }
      case "string": {
        const b = u8(body[`${n}Bytes`]);
        t[n] = text(b);
        t[`${n}Bytes`] = b;
        break;
      }
      case "strings": {
        const list = (body[`${n}Bytes`] as { s: Uint8Array }[]).map((x) => u8(x.s));
        t[n] = list.map(text);
        t[`${n}Bytes`] = list;
        break;
      }
      case "sunpath": {
        const s = body[`_s_${n}`] as number;
        const e = body[`_e_${n}`] as number;
        const b = input.subarray(s - base, e - base);
        t[n] = text(b);
        t[`${n}Bytes`] = b;
        break;
      }
    }
  }
  return t;
}

function parseTokens(region: Uint8Array): RefToken[] {
  const out = tokenListParser.parse(region) as {
    tokens: { id: number; body: Record<string, unknown>; end: number }[];
  };
  return out.tokens.map((x) => buildToken(x.id, x.body, region, 0));
}

const HEADER_IDS = new Set([0x14, 0x15, 0x74, 0x79]);

/** Decodes an undamaged trail. Throws on anything it cannot frame. */
export function referenceDecode(bytes: Uint8Array): RefRecord[] {
  const input = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  const view = new DataView(input.buffer, input.byteOffset, input.length);
  const records: RefRecord[] = [];
  let p = 0;
  while (p < input.length) {
    const id = input[p];
    if (HEADER_IDS.has(id)) {
      const size = view.getUint32(p + 1);
      if (p + size > input.length || size < 7) {
        throw new Error(`reference: record at ${p} claims ${size} bytes`);
      }
      const rec = input.subarray(p, p + size);
      const tokens = parseTokens(rec.subarray(0, size - 7));
      const trailer = parseTokens(rec.subarray(size - 7));
      if (trailer.length !== 1 || trailer[0].type !== "trailer") {
        throw new Error(`reference: no trailer ending the record at ${p}`);
      }
      records.push({ offset: p, length: size, tokens: [...tokens, ...trailer] });
      p += size;
    } else if (id === 0x11) {
      const one = tokenParser.parse(input.subarray(p)) as {
        id: number;
        body: Record<string, unknown>;
        end: number;
      };
      const tok = buildToken(one.id, one.body, input.subarray(p), 0);
      records.push({ offset: p, length: one.end, tokens: [tok] });
      p += one.end;
    } else {
      throw new Error(`reference: no record starts at ${p} (byte 0x${id.toString(16)})`);
    }
  }
  return records;
}
