import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  idText,
  loadHostDb,
  nameResolver,
  numericNames,
  parseGroup,
  parsePasswd,
} from "../src/tables/users";
import { corpusDir, corpusPath } from "./corpus";

/** Which comma-separated fields of a token line are uids (`u`) and gids (`g`). */
const ID_FIELDS: Record<string, ("u" | "g" | undefined)[]> = {
  subject: [undefined, "u", "u", "g", "u", "g"],
  subject_ex: [undefined, "u", "u", "g", "u", "g"],
  process: [undefined, "u", "u", "g", "u", "g"],
  process_ex: [undefined, "u", "u", "g", "u", "g"],
  attribute: [undefined, undefined, "u", "g"],
  "IPC perm": [undefined, "u", "g", "u", "g"],
};

/** Default-mode outputs of the corpus with their `-n` (no name lookup) siblings. */
function namePairs(): { name: string; text: string; numeric: string }[] {
  const dir = corpusDir();
  const out: { name: string; text: string; numeric: string }[] = [];
  for (const sub of ["trails", "real", "openbsm-generate"]) {
    for (const f of readdirSync(join(dir, sub)).sort()) {
      const m = /^(.*)\.(praudit|bsmtok)\.txt$/.exec(f);
      if (m === null) continue;
      const base = join(dir, sub, `${m[1]}.${m[2]}`);
      out.push({
        name: `${sub}/${f}`,
        text: readFileSync(`${base}.txt`, "latin1"),
        numeric: readFileSync(`${base}-n.txt`, "latin1"),
      });
    }
  }
  return out;
}

describe("parsePasswd / parseGroup", () => {
  it("read the corpus host's files", () => {
    const users = parsePasswd(readFileSync(corpusPath("hostdb", "passwd"), "utf8"));
    const groups = parseGroup(readFileSync(corpusPath("hostdb", "group"), "utf8"));
    expect(users.get(0)).toBe("root");
    expect(users.get(65534)).toBe("nobody");
    expect(users.get(501)).toBeUndefined();
    expect(groups.get(20)).toBe("dialout");
    expect(groups.get(0)).toBe("root");
    expect(users.size).toBe(24);
    expect(groups.size).toBe(47);
  });

  it("keep the first entry for an id, skip comments and broken lines", () => {
    const users = parsePasswd(
      [
        "# comment",
        "",
        "root:x:0:0:root:/root:/bin/sh",
        "toor:x:0:0:alias:/root:/bin/sh",
        "bad:x:notanumber:0::/:",
        "short:x",
        ":x:7:7::/:",
        "big:x:4294967296:0::/:",
        "max:x:4294967295:0::/:",
        "  spaced:x:5:5::/:",
        "crlf:x:6:6::/:\r",
      ].join("\n"),
    );
    expect([...users]).toEqual([
      [0, "root"],
      [4294967295, "max"],
      [5, "spaced"],
      [6, "crlf"],
    ]);
    const groups = parseGroup("wheel:*:0:root\nroot:x:0:\nstaff:*:20:a,b\n");
    expect([...groups]).toEqual([
      [0, "wheel"],
      [20, "staff"],
    ]);
  });
});

describe("loadHostDb", () => {
  it("reads given files", () => {
    const db = loadHostDb({
      passwd: corpusPath("hostdb", "passwd"),
      group: corpusPath("hostdb", "group"),
    });
    expect(db.users.get(1000)).toBe("cloudsdk");
    expect(db.groups.get(104)).toBe("postgres");
  });

  it("gives empty maps for missing files instead of throwing", () => {
    const db = loadHostDb({ passwd: "/nonexistent/passwd", group: "/nonexistent/group" });
    expect(db.users.size).toBe(0);
    expect(db.groups.size).toBe(0);
    const r = nameResolver(db);
    expect(r.user(0)).toBe("0");
    expect(r.group(4294967295)).toBe("-1");
  });

  it("defaults to /etc/passwd and /etc/group", () => {
    const db = loadHostDb();
    expect(db.users).toBeInstanceOf(Map);
    expect(db.groups).toBeInstanceOf(Map);
  });
});

describe("NameResolver", () => {
  it("prints unnamed ids with %d of a u_int32_t", () => {
    expect(idText(4294967295)).toBe("-1");
    expect(idText(-1)).toBe("-1");
    expect(idText(2147483648)).toBe("-2147483648");
    expect(idText(2147483647)).toBe("2147483647");
    expect(idText(0)).toBe("0");
    expect(numericNames.user(4294967295)).toBe("-1");
    expect(numericNames.group(20)).toBe("20");
  });

  it("resolves every uid/gid field of the corpus outputs as praudit did", () => {
    const db = loadHostDb({
      passwd: corpusPath("hostdb", "passwd"),
      group: corpusPath("hostdb", "group"),
    });
    const r = nameResolver(db);
    let fields = 0;
    let named = 0;
    let minusOne = 0;
    const tokens = new Set<string>();
    for (const { name, text, numeric } of namePairs()) {
      const t = text.split("\n");
      const n = numeric.split("\n");
      expect(n.length, name).toBe(t.length);
      for (let i = 0; i < t.length; i++) {
        const tf = t[i].split(",");
        const nf = n[i].split(",");
        const kinds = tf[0] === nf[0] ? ID_FIELDS[tf[0]] : undefined;
        if (tf[0] === "group" && nf[0] === "group") {
          for (let k = 1; k < nf.length; k++) {
            const id = Number(nf[k]) >>> 0;
            expect(tf[k], `${name}:${i + 1}`).toBe(r.group(id));
            expect(nf[k]).toBe(numericNames.group(id));
            fields++;
          }
          tokens.add("group");
          continue;
        }
        if (kinds === undefined) continue;
        tokens.add(tf[0]);
        for (let k = 0; k < kinds.length; k++) {
          const kind = kinds[k];
          if (kind === undefined) continue;
          const id = Number(nf[k]) >>> 0; // -n prints %d; back to the u32 on the wire
          expect(nf[k], `${name}:${i + 1} -n field ${k}`).toBe(idText(id));
          const expected = kind === "u" ? r.user(id) : r.group(id);
          expect(tf[k], `${name}:${i + 1} field ${k}`).toBe(expected);
          fields++;
          if (tf[k] !== nf[k]) named++;
          if (tf[k] === "-1") minusOne++;
        }
      }
    }
    expect(fields).toBeGreaterThan(100_000);
    expect(named).toBeGreaterThan(10_000);
    expect(minusOne).toBeGreaterThan(1000); // unset audit ids (0xffffffff) print as -1
    expect([...tokens].sort()).toEqual(
      ["IPC perm", "attribute", "group", "process", "process_ex", "subject", "subject_ex"].sort(),
    );
  });

  it("the all-tokens process token with auid -1 prints -1 in both modes", () => {
    const text = readFileSync(corpusPath("trails", "all-tokens.bsm.praudit.txt"), "latin1");
    const numeric = readFileSync(corpusPath("trails", "all-tokens.bsm.praudit-n.txt"), "latin1");
    expect(text).toContain("process,-1,root,root,root,root,");
    expect(numeric).toContain("process,-1,0,0,0,0,");
    const r = nameResolver(
      loadHostDb({ passwd: corpusPath("hostdb", "passwd"), group: corpusPath("hostdb", "group") }),
    );
    expect([r.user(0xffffffff), r.user(0), r.group(0), r.group(20)]).toEqual([
      "-1",
      "root",
      "root",
      "dialout",
    ]);
  });
});
