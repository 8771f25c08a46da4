/**
 * `--passwd` and `--group` are read with a size limit (issue 9, point 6):
 * `/dev/zero` or an oversized file is a clear one-line error (exit 1 at the
 * CLI) instead of memory growing without bound; a missing file still means
 * ids print as numbers.
 */

import { closeSync, ftruncateSync, mkdtempSync, openSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_TEXT_FILE_BYTES } from "../src/io/text-file";
import { loadHostDb, loadHostIds } from "../src/tables/users";
import { BsmError, IoError } from "../src/wire/errors";
import { cli } from "./run-cli";

const dir = mkdtempSync(join(tmpdir(), "bsm-host-files-"));

/** A sparse file one byte past the limit, its first line a valid passwd entry. */
function oversized(): string {
  const path = join(dir, "huge-passwd");
  writeFileSync(path, "root:*:0:0:System Administrator:/var/root:/bin/sh\n");
  const fd = openSync(path, "r+");
  ftruncateSync(fd, MAX_TEXT_FILE_BYTES + 1);
  closeSync(fd);
  return path;
}

describe("passwd and group files are read up to a limit", () => {
  for (const [what, paths] of [
    ["passwd", { passwd: "/dev/zero" }],
    ["group", { group: "/dev/zero" }],
  ] as const) {
    it(`${what} /dev/zero: an IoError naming the file and the limit, from loadHostDb and loadHostIds`, () => {
      for (const load of [loadHostDb, loadHostIds]) {
        let thrown: unknown = null;
        try {
          load(paths);
        } catch (e) {
          thrown = e;
        }
        expect(thrown).toBeInstanceOf(IoError);
        const e = thrown as IoError;
        expect(e).toBeInstanceOf(BsmError);
        expect(e.kind).toBe("io");
        expect(e.code).toBe("EFBIG");
        expect(e.file).toBe("/dev/zero");
        expect(e.message).toContain(`${what} file`);
        expect(e.message).toContain(String(MAX_TEXT_FILE_BYTES));
      }
    });
  }

  it("a regular file one byte past the limit is refused; one at the limit is read", () => {
    const path = oversized();
    expect(() => loadHostDb({ passwd: path })).toThrow(IoError);
    const fd = openSync(path, "r+");
    ftruncateSync(fd, MAX_TEXT_FILE_BYTES);
    closeSync(fd);
    expect(loadHostDb({ passwd: path }).users.get(0)).toBe("root");
  });

  it("a missing or unreadable file still gives empty maps (ids print as numbers)", () => {
    const db = loadHostDb({ passwd: join(dir, "none"), group: dir });
    expect(db.users.size).toBe(0);
    expect(db.groups.size).toBe(0);
  });

  it("bsm-trail praudit --passwd /dev/zero, --group /dev/zero: one line on stderr, exit 1", () => {
    for (const opt of ["--passwd", "--group"]) {
      const r = cli(["praudit", opt, "/dev/zero", "fixtures/sample.bsm"]);
      expect(r.status).toBe(1);
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines.length).toBe(1);
      expect(lines[0]).toMatch(/^bsm-trail: \/dev\/zero: .*larger than the limit/);
      expect(r.stdout.length).toBe(0);
    }
  });

  it("bsm-trail reduce -u NAME --passwd /dev/zero: one line on stderr, exit 1", () => {
    const r = cli(["reduce", "-u", "root", "--passwd", "/dev/zero", "fixtures/sample.bsm"]);
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines.length).toBe(1);
    expect(lines[0]).toMatch(/\/dev\/zero: .*larger than the limit/);
  });
});
