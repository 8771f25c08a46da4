/**
 * ECS and OCSF output, and process context.
 *
 * ECS: every field of every ECS record made from the corpus and fixtures is
 * in ECS's own field list (test/data/ecs-fields.txt, names copied from
 * elastic/ecs generated/csv/fields.csv, 8.12) or under the one custom
 * namespace `bsm`; categories and types are ECS's allowed values.
 *
 * OCSF: every class and activity of the mapping table, and every OCSF
 * event made from the corpus and fixtures, agrees with ocsf/ocsf-schema's
 * definitions (test/data/ocsf-facts.json): class and category uids,
 * activity ids and names, type_uid, the attributes each class and object
 * requires.
 *
 * Process context: parents learnt from fork and exec records, in bounded
 * memory.
 */

import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { mappingTable } from "../scripts/mapping-table";
import { decodeAllRecords } from "../src/api/decode";
import type { Token } from "../src/gen/token-types";
import { JsonConverter } from "../src/json/convert";
import { ECS_CUSTOM_NAMESPACE } from "../src/json/ecs";
import { BASE_MAPPING, EVENT_MAPPING, OCSF_VERSION } from "../src/json/ocsf";
import { ProcessContext } from "../src/json/process-context";
import { recordsToJson } from "../src/json/read-json";
import { appleEvents, openbsmEvents } from "../src/tables/events";
import { encodeTrail } from "../src/wire/encoder";
import { tokens } from "../src/wire/token-builders";
import { corpusPath, corpusTrails } from "./corpus";
import { cli } from "./run-cli";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ECS_FIELDS = new Set(
  readFileSync(join(root, "test/data/ecs-fields.txt"), "utf8")
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("#")),
);
/** ECS 8.12 allowed values of event.category and event.type (elastic/ecs schemas/event.yml). */
const ECS_CATEGORIES = new Set([
  "api",
  "authentication",
  "configuration",
  "database",
  "driver",
  "email",
  "file",
  "host",
  "iam",
  "intrusion_detection",
  "library",
  "malware",
  "network",
  "package",
  "process",
  "registry",
  "session",
  "threat",
  "vulnerability",
  "web",
]);
const ECS_TYPES = new Set([
  "access",
  "admin",
  "allowed",
  "change",
  "connection",
  "creation",
  "deletion",
  "denied",
  "end",
  "error",
  "group",
  "indicator",
  "info",
  "installation",
  "protocol",
  "start",
  "user",
]);

interface ClassFacts {
  name: string;
  category: string;
  uid: number;
  activities: Record<string, string>;
  required: string[];
  at_least_one?: string[];
}
const OCSF = JSON.parse(readFileSync(join(root, "test/data/ocsf-facts.json"), "utf8")) as {
  version: string;
  categories: Record<string, number>;
  base: { class_uid: number; category_uid: number; activities: number[]; required: string[] };
  classes: Record<string, ClassFacts>;
  objects: Record<string, string[]>;
};

const fixtures = readdirSync(join(root, "fixtures"))
  .filter((f) => f.endsWith(".bsm"))
  .map((f) => join(root, "fixtures", f));
const trails = [...corpusTrails().map((t) => corpusPath(t)), ...fixtures];

function objectsOf(path: string, format: "ecs" | "ocsf"): Record<string, unknown>[] {
  const records = decodeAllRecords(readFileSync(path), { onError: () => {} });
  return [...recordsToJson(records, { format, fileName: path })] as Record<string, unknown>[];
}

/** Every leaf path (arrays are leaves) of a document. */
function leafPaths(o: Record<string, unknown>, prefix = "", out: string[] = []): string[] {
  for (const [k, v] of Object.entries(o)) {
    const p = prefix === "" ? k : `${prefix}.${k}`;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      leafPaths(v as Record<string, unknown>, p, out);
    } else out.push(p);
  }
  return out;
}

/** A trail: header32, the tokens, return, trailer; one per entry. */
function trail(records: { event: number; tokens: Token[]; ret?: [number, number] }[]): Uint8Array {
  return encodeTrail(
    records.map((r, i) => [
      tokens.header32({ event: r.event, seconds: 1709275542 + i }),
      ...r.tokens,
      tokens.return32(...(r.ret ?? [0, 0])),
      tokens.trailer(),
    ]),
    { fixSizes: true },
  );
}

const subj = (pid: number, auid = 501) =>
  tokens.subject32({
    auid,
    euid: 0,
    egid: 0,
    ruid: auid,
    rgid: 20,
    pid,
    sid: 9,
    address: "10.1.2.3",
  });
const ev = (name: string) => openbsmEvents().byName(name)?.number as number;

describe("ECS", () => {
  it("uses ECS field names only, but for the bsm namespace", () => {
    let n = 0;
    const used = new Set<string>();
    for (const path of trails) {
      for (const doc of objectsOf(path, "ecs")) {
        n++;
        for (const p of leafPaths(doc)) {
          if (p === ECS_CUSTOM_NAMESPACE || p.startsWith(`${ECS_CUSTOM_NAMESPACE}.`)) continue;
          used.add(p);
          if (!ECS_FIELDS.has(p)) expect.fail(`${path}: ${p} is not an ECS field`);
        }
        const e = doc.event as { category: string[]; type: string[]; outcome: string };
        for (const c of e.category) expect(ECS_CATEGORIES.has(c), c).toBe(true);
        for (const t of e.type) expect(ECS_TYPES.has(t), t).toBe(true);
        expect(["success", "failure", "unknown"]).toContain(e.outcome);
      }
    }
    expect(n).toBeGreaterThan(20000);
    // The corpus exercises the fields the issue names.
    for (const f of [
      "@timestamp",
      "event.category",
      "event.type",
      "event.action",
      "event.outcome",
      "event.code",
      "event.module",
      "event.dataset",
      "process.pid",
      "process.executable",
      "process.args",
      "process.command_line",
      "user.id",
      "group.id",
      "file.path",
      "source.ip",
      "destination.ip",
      "destination.port",
    ]) {
      expect(used.has(f), f).toBe(true);
    }
  });

  it("maps an execve with its parent, user names and outcome", () => {
    const bytes = trail([
      { event: ev("AUE_FORK"), tokens: [subj(100)], ret: [0, 200] },
      {
        event: ev("AUE_EXECVE"),
        tokens: [tokens.exec_args(["ls", "-l"]), tokens.path("/bin/ls"), subj(200)],
      },
      {
        event: ev("AUE_OPEN_R"),
        tokens: [tokens.path("/etc/passwd"), subj(200)],
        ret: [13, 4294967295],
      },
    ]);
    const users = new Map([[501, "alice"]]);
    const docs = [
      ...recordsToJson(decodeAllRecords(bytes), {
        format: "ecs",
        hostDb: { users, groups: new Map() },
      }),
    ] as Record<string, Record<string, unknown>>[];
    expect(docs[1].event).toMatchObject({
      category: ["process"],
      type: ["start"],
      action: "execve",
      outcome: "success",
      code: "23",
    });
    expect(docs[1].process).toMatchObject({
      pid: 200,
      executable: "/bin/ls",
      name: "ls",
      args: ["ls", "-l"],
      command_line: "ls -l",
      args_count: 2,
      parent: { pid: 100 },
    });
    expect(docs[1].user).toMatchObject({ id: "501", name: "alice", effective: { id: "0" } });
    expect(docs[2].event).toMatchObject({ category: ["file"], outcome: "failure" });
    expect(docs[2].file).toMatchObject({ path: "/etc/passwd", name: "passwd", directory: "/etc" });
    expect(docs[2].process).toMatchObject({
      pid: 200,
      executable: "/bin/ls",
      parent: { pid: 100 },
    });
    expect(docs[2].bsm).toMatchObject({
      return: { errno: 13, errno_name: "EACCES" },
      audit_user: { id: "501", name: "alice" },
    });
  });
});

describe("OCSF", () => {
  it("maps to classes and activities that OCSF defines, with its names", () => {
    for (const m of [...EVENT_MAPPING, BASE_MAPPING]) {
      if (m.ocsf.uid === 0) {
        expect(OCSF.base.activities).toContain(m.activity);
        continue;
      }
      const f = OCSF.classes[String(m.ocsf.uid)];
      expect(f, `class ${m.ocsf.uid}`).toBeDefined();
      expect(m.ocsf.name).toBe(f.name);
      expect(m.ocsf.categoryUid).toBe(OCSF.categories[f.category]);
      expect(m.ocsf.uid).toBe(OCSF.categories[f.category] * 1000 + f.uid);
      expect(f.activities[String(m.activity)], `${m.ocsf.name} activity ${m.activity}`).toBe(
        (m.ocsf.activities as Record<number, string>)[m.activity],
      );
    }
    expect(OCSF_VERSION).toBe(OCSF.version);
  });

  it("is the table the README shows", () => {
    expect(readFileSync(join(root, "README.md"), "utf8")).toContain(mappingTable());
  });

  it("maps every event name to one row, and every name is in an event table", () => {
    const names = EVENT_MAPPING.flatMap((m) => m.events);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) {
      expect(openbsmEvents().byName(n) ?? appleEvents().byName(n), n).toBeDefined();
    }
  });

  it("gives every corpus and fixture event the attributes OCSF requires", () => {
    const seen = new Set<number>();
    for (const path of trails) {
      for (const o of objectsOf(path, "ocsf")) {
        const cls = o.class_uid as number;
        seen.add(cls);
        for (const a of OCSF.base.required) expect(o[a], `${cls}: ${a}`).toBeDefined();
        expect(o.type_uid).toBe(cls * 100 + (o.activity_id as number));
        const f = OCSF.classes[String(cls)];
        if (cls === 0) expect(o.category_uid).toBe(OCSF.base.category_uid);
        else {
          expect(o.category_uid).toBe(OCSF.categories[f.category]);
          expect(f.activities[String(o.activity_id)]).toBe(o.activity_name);
          for (const a of f.required) expect(o[a], `${cls}: ${a}`).toBeDefined();
          if (f.at_least_one)
            expect(
              f.at_least_one.some((a) => o[a] !== undefined),
              `${cls}`,
            ).toBe(true);
        }
        const meta = o.metadata as Record<string, Record<string, unknown>>;
        for (const a of OCSF.objects.metadata) expect(meta[a]).toBeDefined();
        for (const a of OCSF.objects.product) expect(meta.product[a]).toBeDefined();
        if (o.file !== undefined) {
          for (const a of OCSF.objects.file)
            expect((o.file as Record<string, unknown>)[a]).toBeDefined();
        }
        expect([0, 1, 2]).toContain(o.status_id);
        expect(typeof o.time).toBe("number");
      }
    }
    for (const c of [0, 1001, 1007, 3002, 4001])
      expect(seen.has(c), `class ${c} in the corpus`).toBe(true);
  });

  it("maps account changes, network endpoints and unknown events", () => {
    const bytes = trail([
      { event: ev("AUE_passwd"), tokens: [subj(300), tokens.text("alice")] },
      {
        event: ev("AUE_CONNECT"),
        tokens: [tokens.sockinet32({ port: 443, address: "93.184.216.34" }), subj(301)],
      },
      { event: 65000, tokens: [subj(302)] },
    ]);
    const [pw, conn, other] = [
      ...recordsToJson(decodeAllRecords(bytes), { format: "ocsf" }),
    ] as Record<string, unknown>[];
    expect(pw).toMatchObject({
      class_uid: 3001,
      activity_id: 3,
      type_uid: 300103,
      user: { uid: "501" },
    });
    expect(conn).toMatchObject({
      class_uid: 4001,
      activity_id: 1,
      dst_endpoint: { ip: "93.184.216.34", port: 443 },
    });
    expect(other).toMatchObject({ class_uid: 0, category_uid: 0, activity_id: 99, type_uid: 99 });
  });

  it("bsm-trail json --format ocsf and ecs write one event per non-file record", () => {
    const path = join(root, "fixtures/sample.bsm");
    const records = decodeAllRecords(readFileSync(path)).filter((r) => r.kind === "header");
    for (const format of ["ocsf", "ecs"]) {
      const r = cli(["json", "--format", format, path]);
      expect(r.status).toBe(0);
      expect(r.stdout.toString().trimEnd().split("\n").length).toBe(records.length);
    }
  });
});

describe("process context", () => {
  it("gives each record the parent learnt from fork and exec records before it", () => {
    const bytes = trail([
      {
        event: ev("AUE_EXECVE"),
        tokens: [tokens.exec_args(["bash"]), tokens.path("/bin/bash"), subj(10)],
      },
      { event: ev("AUE_FORK"), tokens: [subj(10)], ret: [0, 11] },
      {
        event: ev("AUE_EXECVE"),
        tokens: [tokens.exec_args(["ls", "/"]), tokens.path("/bin/ls"), subj(11)],
      },
      { event: ev("AUE_CLOSE"), tokens: [subj(11)] },
      { event: ev("AUE_CLOSE"), tokens: [subj(12)] },
    ]);
    const out = [...recordsToJson(decodeAllRecords(bytes), { processContext: true })] as {
      parent?: unknown;
    }[];
    expect(out[0].parent).toBeNull();
    expect(out[1].parent).toBeNull();
    const bash = { pid: 10, executable: "/bin/bash", args: ["bash"] };
    expect(out[2].parent).toEqual(bash);
    expect(out[3].parent).toEqual(bash);
    expect(out[4].parent).toBeNull();
    expect([...recordsToJson(decodeAllRecords(bytes))][2]).not.toHaveProperty("parent");
  });

  it("learns a posix_spawn child from its process token, and ignores failed forks", () => {
    const c = new JsonConverter({ processContext: true });
    const bytes = trail([
      {
        event: ev("AUE_POSIX_SPAWN"),
        tokens: [
          tokens.exec_args(["sleep", "1"]),
          tokens.path("/bin/sleep"),
          subj(20),
          tokens.process32({ auid: 501, euid: 0, egid: 0, ruid: 501, rgid: 0, pid: 21, sid: 9 }),
        ],
      },
      { event: ev("AUE_FORK"), tokens: [subj(20)], ret: [35, 4294967295] },
      { event: ev("AUE_CLOSE"), tokens: [subj(21)] },
    ]);
    const ctx = c.native.context as ProcessContext;
    for (const r of decodeAllRecords(bytes)) c.convert(r);
    expect(ctx.parentOf(21)).toEqual({ pid: 20, executable: null, args: null });
    expect(ctx.process(21)).toEqual({ pid: 21, executable: "/bin/sleep", args: ["sleep", "1"] });
    expect(ctx.size).toBe(1);
  });

  it("remembers at most maxProcesses processes, least recently used dropped", () => {
    const ctx = new ProcessContext({ maxProcesses: 2 });
    const fork = (pid: number, child: number) =>
      ctx.observe({
        eventName: "AUE_FORK",
        pid,
        success: true,
        returnValue: child,
        paths: [],
        args: null,
        tokens: [],
      });
    fork(1, 2);
    fork(1, 3);
    expect(ctx.parentOf(2)?.pid).toBe(1);
    fork(1, 4); // 3 is now the least recently used
    expect(ctx.size).toBe(2);
    expect(ctx.parentOf(3)).toBeUndefined();
    expect(ctx.parentOf(2)?.pid).toBe(1);
    expect(ctx.parentOf(4)?.pid).toBe(1);
    expect(() => new ProcessContext({ maxProcesses: 0 })).toThrow(RangeError);
  });
});
