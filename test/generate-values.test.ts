/**
 * Known values of OpenBSM's own sample set (test/bsm/generate.c): the
 * constants its au_to_* calls are given, checked on our decoding of the
 * files libbsm wrote.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeAllRecords, type Token } from "../src/index";
import { corpusPath } from "./corpus";

function tokenOf(name: string, type: Token["type"]): Token {
  const recs = decodeAllRecords(
    new Uint8Array(readFileSync(corpusPath("openbsm-generate", name))),
    {
      strict: true,
    },
  );
  expect(recs.length).toBe(1);
  const t = recs[0].tokens.find((x) => x.type === type);
  if (t === undefined) throw new Error(`${name}: no ${type} token`);
  return t;
}

// generate.c's subject/process values.
const ids = {
  auid: 0x12345678,
  euid: 0x01234567,
  egid: 0x23456789,
  ruid: 0x98765432,
  rgid: 0x09876543,
  pid: 0x13243546,
  sid: 0x97867564,
};

describe("OpenBSM generate.c sample records", () => {
  it("subject and process tokens in every width", () => {
    expect(tokenOf("subject32_record", "subject32")).toMatchObject({
      ...ids,
      port: 0x16593746,
      address: "127.0.0.1",
    });
    expect(tokenOf("process32_record", "process32")).toMatchObject({
      ...ids,
      address: "127.0.0.1",
    });
    expect(tokenOf("process64_record", "process64")).toMatchObject({
      ...ids,
      address: "127.0.0.1",
    });
    expect(tokenOf("subject32ex_record", "subject32_ex")).toMatchObject({
      ...ids,
      addressType: 16,
      address: "fe80::1",
    });
    expect(tokenOf("process32ex_record-IPv4", "process32_ex")).toMatchObject({
      ...ids,
      addressType: 4,
      address: "127.0.0.1",
    });
  });

  it("argument, text, path, sequence, ipc, zone, uuid values", () => {
    expect(tokenOf("arg32_record", "arg32")).toMatchObject({
      argNumber: 3,
      value: 0xabcdef00,
      description: "test_arg32_token",
    });
    expect(tokenOf("text_record", "text")).toMatchObject({ text: "This is a test." });
    expect(tokenOf("path_record", "path")).toMatchObject({ path: "/test/this/is/a/test" });
    expect(tokenOf("seq_record", "seq")).toMatchObject({ sequence: 0x12345678 });
    expect(tokenOf("ipc_record", "ipc")).toMatchObject({ ipcType: 1, ipcId: 0x12345678 });
    expect(tokenOf("zonename_record", "zonename")).toMatchObject({ zone: "testzone" });
    expect(tokenOf("opaque_record", "opaque")).toMatchObject({
      data: new Uint8Array([0xaa, 0xbb, 0xcc, 0xdd]),
    });
    expect(tokenOf("arg_uuid_record", "arg_uuid")).toMatchObject({
      number: 4,
      uuid: "5a62ea53-d41c-11e6-c8a3-25009d4bb49c",
      description: "test_arg_uuid_token",
    });
    expect(tokenOf("ret_uuid_record", "ret_uuid")).toMatchObject({
      number: 5,
      uuid: "77b33643-d41d-11e6-c8a3-25009d4bb49c",
      description: "test_ret_uuid_token",
    });
    expect(tokenOf("return32_record", "return32")).toMatchObject({ value: 0x12345678 });
    expect(tokenOf("in_addr_record", "in_addr")).toMatchObject({ address: "192.168.100.15" });
    expect(tokenOf("ip_record", "ip")).toMatchObject({
      source: "192.168.100.155",
      destination: "192.168.110.48",
      length: 20,
    });
  });

  it("a file token inside a record: name and time", () => {
    expect(tokenOf("file_record", "other_file32")).toMatchObject({
      name: "test",
      seconds: 0x12345,
      milliseconds: 424,
    });
  });
});
