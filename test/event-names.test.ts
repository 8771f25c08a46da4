/**
 * Event names as a person types them (`EventTable.lookupName`): any case,
 * `AUE_` optional, the exact name first, ambiguity refused; and the
 * library's selection (`selectRecords`, `reduceRecords`) reading them so.
 */

import { describe, expect, it } from "vitest";
import { reduceRecords } from "../src/api/reduce";
import { eventBitmap, selectRecords } from "../src/api/select";
import {
  type AuditEventEntry,
  appleEvents,
  EventTable,
  openbsmEvents,
  parseAuditEvent,
} from "../src/tables/events";
import { generateTrail } from "../src/testing/generator";

/** The distinct names of `table` equal to `name` ignoring case. */
function namesLike(table: EventTable, name: string): Set<string> {
  const lower = name.toLowerCase();
  return new Set(table.entries.filter((e) => e.name.toLowerCase() === lower).map((e) => e.name));
}

/** What lookupName gives: the entry's number, or the thrown message. */
function look(table: EventTable, name: string): number | string | undefined {
  try {
    return table.lookupName(name)?.number;
  } catch (e) {
    expect(e).toBeInstanceOf(RangeError);
    return (e as Error).message;
  }
}

describe("EventTable.lookupName", () => {
  const openbsm = openbsmEvents();
  const execve = openbsm.byName("AUE_EXECVE") as AuditEventEntry;

  it("finds a name in any case, AUE_ optional", () => {
    expect(execve).toBeDefined();
    for (const name of ["AUE_EXECVE", "aue_execve", "Aue_Execve", "execve", "EXECVE", "eXecVe"]) {
      expect(openbsm.lookupName(name), name).toBe(execve);
    }
    expect(openbsm.lookupName("AUE_NOPE")).toBeUndefined();
    expect(openbsm.lookupName("nope")).toBeUndefined();
    // AUE_ is put before a bare name only: not a second time.
    expect(openbsm.lookupName("aue_aue_execve")).toBeUndefined();
    expect(openbsm.lookupName("")).toBeUndefined();
  });

  it("the exact name wins; a name two names match only in another case is ambiguous", () => {
    // The shipped tables have AUE_REBOOT (reboot(2)) and AUE_reboot (system reboot).
    const upper = openbsm.byName("AUE_REBOOT");
    const lower = openbsm.byName("AUE_reboot");
    expect(upper).toBeDefined();
    expect(lower).toBeDefined();
    expect(upper?.number).not.toBe(lower?.number);
    expect(openbsm.lookupName("AUE_REBOOT")).toBe(upper);
    expect(openbsm.lookupName("AUE_reboot")).toBe(lower);
    for (const name of ["aue_reboot", "Aue_Reboot", "reboot", "REBOOT", "Reboot"]) {
      const m = look(openbsm, name);
      expect(m, name).toBe(
        `ambiguous event name ${JSON.stringify(name)}: AUE_REBOOT (${upper?.number}), AUE_reboot (${lower?.number})`,
      );
    }
  });

  it("in a custom table: exact first, the bare name before AUE_ added, repeated lines as one name", () => {
    const t = new EventTable(
      parseAuditEvent(
        [
          "1:AUE_foo:foo:lo",
          "2:AUE_FOO:FOO:lo",
          "3:bar:bar:lo",
          "4:AUE_BAR:BAR:lo",
          "5:AUE_DUP:dup one:lo",
          "6:AUE_DUP:dup two:lo",
          "7:AUE_Mixed:mixed:lo",
        ].join("\n"),
      ),
    );
    expect(look(t, "AUE_foo")).toBe(1);
    expect(look(t, "AUE_FOO")).toBe(2);
    expect(look(t, "aue_foo")).toMatch(
      /^ambiguous event name "aue_foo": AUE_foo \(1\), AUE_FOO \(2\)$/,
    );
    expect(look(t, "foo")).toMatch(/^ambiguous/);
    expect(look(t, "bar")).toBe(3);
    expect(look(t, "BAR")).toBe(3); // the name itself, in another case, before AUE_BAR
    expect(look(t, "aue_bar")).toBe(4);
    expect(look(t, "dup")).toBe(5); // the first line with the name, as getauevnam_r
    expect(look(t, "MIXED")).toBe(7);
  });

  it("every shipped name: itself exactly; lower-cased and without AUE_ unless another name folds alike", () => {
    for (const table of [openbsmEvents(), appleEvents()]) {
      let checked = 0;
      for (const e of table.entries) {
        const first = table.byName(e.name) as AuditEventEntry;
        expect(table.lookupName(e.name)).toBe(first);
        const lower = e.name.toLowerCase();
        const like = namesLike(table, lower);
        if (like.size === 1) expect(table.lookupName(lower)).toBe(first);
        else expect(() => table.lookupName(lower)).toThrow(RangeError);
        if (/^AUE_/.test(e.name)) {
          const bare = e.name.slice(4).toLowerCase();
          // A bare name is the name itself when the table has one so spelt.
          if (namesLike(table, bare).size === 0) {
            if (like.size === 1) expect(table.lookupName(bare)).toBe(first);
            else expect(() => table.lookupName(bare)).toThrow(RangeError);
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(500);
    }
  });
});

describe("selection reads event names so", () => {
  const trail = generateTrail({ seed: 9, records: 400 });
  const execve = openbsmEvents().byName("AUE_EXECVE")?.number as number;
  const numbers = (frames: Iterable<{ event: number; offset: number }>) =>
    [...frames].map((f) => `${f.event}@${f.offset}`);

  it("selectRecords and reduceRecords: execve, aue_execve, AUE_EXECVE select what the number does", () => {
    const want = numbers(selectRecords(trail, { events: [execve] }));
    expect(want.length).toBeGreaterThan(0);
    for (const name of ["execve", "aue_execve", "AUE_EXECVE", String(execve)]) {
      expect(numbers(selectRecords(trail, { events: [name] })), name).toEqual(want);
      expect(numbers(reduceRecords(trail, { events: [name] })), name).toEqual(want);
    }
  });

  it("a decimal string is an event number kept to 16 bits, as auditreduce's strtol into a uint16_t", () => {
    const ones = (m: Uint8Array) => [...m.keys()].filter((i) => m[i] === 1);
    expect(ones(eventBitmap({ events: ["-1"] }))).toEqual([65535]);
    expect(ones(eventBitmap({ events: ["65536", "23"] }))).toEqual([0, 23]);
    expect(ones(eventBitmap({ events: ["-65535"] }))).toEqual([1]);
  });

  it("an unknown or ambiguous name throws a RangeError naming it", () => {
    expect(() => [...selectRecords(trail, { events: ["nope"] })]).toThrow(/unknown event "nope"/);
    expect(() => [...reduceRecords(trail, { events: ["reboot"] })]).toThrow(
      /ambiguous event name "reboot"/,
    );
  });
});
