/**
 * The native JSON format and its schema: every record of the corpus
 * (trails/, real/, openbsm-generate/, the damaged bad/ trails) and of
 * fixtures/*.bsm is valid against the shipped schema (ajv, draft 2020-12);
 * the committed schema is what the token table generates; the byte writer
 * the CLI uses writes exactly JSON.stringify of the converter's object;
 * fields take the forms the issue names (ISO time, hex bytes, decimal
 * 64-bit values, address text, names from a passwd file).
 */

import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { schemaText } from "../scripts/gen-schema";
import { decodeAllRecords } from "../src/api/decode";
import { NativeConverter, recordToJson } from "../src/json/native";
import { NativeJsonWriter } from "../src/json/native-writer";
import { PrintBuffer } from "../src/print/print-buffer";
import { LAYOUTS } from "../src/spec/layouts";
import { encodeRecord, encodeTrail } from "../src/wire/encoder";
import { tokens } from "../src/wire/token-builders";
import { badTrails, corpusPath, corpusTrails } from "./corpus";
import { cli } from "./run-cli";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const schema = JSON.parse(readFileSync(join(root, "schema/record.json"), "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

const fixtures = readdirSync(join(root, "fixtures"))
  .filter((f) => f.endsWith(".bsm"))
  .map((f) => join(root, "fixtures", f));
const trails = [
  ...corpusTrails().map((t) => corpusPath(t)),
  ...badTrails().map((t) => corpusPath(t)),
  ...fixtures,
];

/** Every line the byte writer writes for a trail, and the converter's objects. */
function both(path: string): { lines: string[]; objects: unknown[] } {
  const records = decodeAllRecords(readFileSync(path), { onError: () => {} });
  const conv = new NativeConverter({ fileName: path, processContext: true });
  const objects = records.map((r) => conv.convert(r));
  const w = new PrintBuffer();
  const writer = new NativeJsonWriter(
    new NativeConverter({ fileName: path, processContext: true }),
  );
  for (const r of records) writer.write(r, w);
  const text = new TextDecoder().decode(w.buf.subarray(0, w.pos));
  return { lines: text.split("\n").slice(0, -1), objects };
}

describe("schema/record.json", () => {
  it("is what the token table generates (npm run gen:schema)", () => {
    expect(readFileSync(join(root, "schema/record.json"), "utf8") === schemaText()).toBe(true);
  });

  it("ships as bsm-trail/schema/record.json (package exports and files)", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(pkg.files).toContain("schema/record.json");
    const require = createRequire(import.meta.url);
    expect(require.resolve("bsm-trail/schema/record.json")).toBe(join(root, "schema/record.json"));
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toMatch(/record:\d+\.\d+\.\d+$/);
  });

  it("has a token subschema for every row of the table", () => {
    for (const l of LAYOUTS) expect(schema.$defs[`token_${l.type}`], l.type).toBeDefined();
  });

  it("rejects what is not a record", () => {
    const r = recordToJson(decodeAllRecords(readFileSync(fixtures[0]))[1]);
    expect(validate(r)).toBe(true);
    expect(validate({ ...r, time: 5 })).toBe(false);
    expect(validate({ ...r, extra: 1 })).toBe(false);
    const tokensBad = [{ ...r.tokens[0], size: -1 }, ...r.tokens.slice(1)];
    expect(validate({ ...r, tokens: tokensBad })).toBe(false);
  });
});

describe("every corpus and fixture record", () => {
  it("finds the corpus and fixtures", () => {
    expect(trails.length).toBeGreaterThan(30);
  });
  for (const path of trails) {
    it(`${path.slice(path.lastIndexOf("/", path.lastIndexOf("/") - 1) + 1)}: valid, and the writer writes JSON.stringify of the object`, () => {
      const { lines, objects } = both(path);
      expect(lines.length).toBe(objects.length);
      for (let i = 0; i < objects.length; i++) {
        const ok = validate(objects[i]);
        if (!ok) expect.fail(`record ${i}: ${ajv.errorsText(validate.errors)}`);
        expect(lines[i]).toBe(JSON.stringify(objects[i]));
      }
    });
  }

  it("covers every token type of the table", () => {
    const seen = new Set<string>();
    for (const path of trails) {
      for (const o of both(path).objects as { tokens: { type: string }[] }[]) {
        for (const t of o.tokens) seen.add(t.type);
      }
    }
    for (const l of LAYOUTS) expect(seen.has(l.type), l.type).toBe(true);
  });
});

describe("field forms", () => {
  const bytes = encodeRecord(
    [
      tokens.header32_ex({
        event: 23,
        seconds: 1709275542,
        milliseconds: 547,
        address: "2001:db8::1",
      }),
      tokens.exec_args(["ls", "-l", 'quote" back\\slash tab\t é 😀']),
      tokens.exec_env(["HOME=/root"]),
      tokens.path("/bin/ls"),
      tokens.arg64(1, 2n ** 63n, "big"),
      tokens.opaque(Uint8Array.of(0xde, 0xad, 0x00)),
      tokens.subject32_ex({
        auid: 501,
        euid: 0,
        egid: 20,
        ruid: 501,
        rgid: 20,
        pid: 42,
        sid: 7,
        port: 3,
        address: "10.0.0.9",
      }),
      tokens.return64(2, 2n ** 64n - 1n),
      tokens.trailer(),
    ],
    { fixSizes: true },
  );
  const [record] = decodeAllRecords(bytes);
  const users = new Map([
    [501, "alice"],
    [0, "root"],
  ]);
  const groups = new Map([[20, "staff"]]);
  const j = recordToJson(record, { hostDb: { users, groups }, fileName: "t.bsm" });

  it("time in ISO 8601 UTC with milliseconds and in epoch milliseconds", () => {
    expect(j.time).toBe("2024-03-01T06:45:42.547Z");
    expect(j.timeMs).toBe(1709275542547);
  });
  it("event number, name, description and classes from the table", () => {
    expect(j.event).toEqual({
      number: 23,
      name: "AUE_EXECVE",
      description: "execve(2)",
      classes: ["pc", "ex"],
    });
  });
  it("subject with names from the passwd and group files", () => {
    expect(j.subject).toEqual({
      auid: 501,
      euid: 0,
      egid: 20,
      ruid: 501,
      rgid: 20,
      pid: 42,
      sid: 7,
      port: "3",
      address: "10.0.0.9",
      auidName: "alice",
      euidName: "root",
      ruidName: "alice",
      egidName: "staff",
      rgidName: "staff",
    });
    expect(recordToJson(record).subject).not.toHaveProperty("auidName");
  });
  it("return: failure, errno 2 is ENOENT, value decimal", () => {
    expect(j.return).toEqual({
      success: false,
      errno: 2,
      errnoName: "ENOENT",
      value: "18446744073709551615",
    });
  });
  it("paths, args, env as arrays; host; source", () => {
    expect(j.paths).toEqual(["/bin/ls"]);
    expect(j.args).toEqual(["ls", "-l", 'quote" back\\slash tab\t é 😀']);
    expect(j.env).toEqual(["HOME=/root"]);
    expect(j.host).toBe("2001:db8::1");
    expect(j.source).toEqual({ file: "t.bsm", offset: 0, length: bytes.length });
  });
  it("tokens: 64-bit values as decimal strings, bytes as hex, addresses as text", () => {
    expect(j.tokens.map((t) => t.type)).toEqual([
      "header32_ex",
      "exec_args",
      "exec_env",
      "path",
      "arg64",
      "opaque",
      "subject32_ex",
      "return64",
      "trailer",
    ]);
    expect(j.tokens[4]).toEqual({
      type: "arg64",
      id: 0x71,
      argNumber: 1,
      value: "9223372036854775808",
      description: "big",
    });
    expect(j.tokens[5]).toEqual({ type: "opaque", id: 0x29, data: "dead00" });
    expect(j.tokens[0].address).toBe("2001:db8::1");
    expect(j.tokens[6].address).toBe("10.0.0.9");
  });
  it("the writer escapes and encodes strings as JSON.stringify does", () => {
    const w = new PrintBuffer();
    new NativeJsonWriter(
      new NativeConverter({ hostDb: { users, groups }, fileName: "t.bsm" }),
    ).write(record, w);
    const line = new TextDecoder().decode(w.buf.subarray(0, w.pos));
    expect(line).toBe(`${JSON.stringify(j)}\n`);
  });
});

describe("bsm-trail json", () => {
  it("--schema prints the shipped schema", () => {
    const r = cli(["json", "--schema"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.toString())).toEqual(schema);
  });
  it("writes one valid line per record of a file, and reads standard input", () => {
    const path = join(root, "fixtures/sample.bsm");
    const n = decodeAllRecords(readFileSync(path)).length;
    const r = cli(["json", path]);
    expect(r.status).toBe(0);
    const lines = r.stdout.toString().trimEnd().split("\n");
    expect(lines.length).toBe(n);
    for (const l of lines) expect(validate(JSON.parse(l))).toBe(true);
    const s = cli(["json"], readFileSync(path));
    const fromStdin = s.stdout
      .toString()
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(fromStdin.length).toBe(n);
    expect(fromStdin[1].source.file).toBeNull();
  });
  it("reports damage with the file and offset and keeps every intact record", () => {
    const good = encodeTrail(
      [[tokens.header32({ event: 1, seconds: 1 }), tokens.return32(0, 0), tokens.trailer()]],
      { fixSizes: true },
    );
    const input = new Uint8Array([...good, 0xaa, ...good]);
    const r = cli(["json"], input);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\(stdin\).*offset 31/);
    expect(r.stdout.toString().trimEnd().split("\n").length).toBe(2);
  });
  it("refuses an unknown format (exit 2)", () => {
    expect(cli(["json", "--format", "xml"]).status).toBe(2);
  });
});
