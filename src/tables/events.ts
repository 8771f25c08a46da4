/**
 * Audit event and audit class tables (`/etc/security/audit_event`,
 * `/etc/security/audit_class`): lookups that answer exactly as OpenBSM's
 * libbsm does for `praudit`. The files are read by the parsers of
 * `src/config/` (audit-event.ts, audit-class.ts), re-exported here.
 *
 * Lookups mirrored from libbsm (bsm_event.c, bsm_flags.c):
 *
 * - `getauevnum_r`, which praudit uses to print a header's event, returns
 *   the FIRST valid line with that number (the shipped tables list 301,
 *   6168, 6171 and 6172 twice; praudit prints the first); a number with no
 *   line prints as its decimal value.
 * - An event's class mask is the success mask of `getauditflagsbin` over its
 *   class list (`^`, `+`, `-` prefixes honoured); one unknown class name
 *   makes the whole mask 0.
 *
 * How lines are read (`strtok`, `atoi`, `strtoul`, the 255-character
 * `fgets` buffer, and the deliberate differences) is told in the parsers'
 * modules.
 *
 * @module
 */

import { type AuditClassEntry, parseAuditClass } from "../config/audit-class";
import { type AuditEventEntry, parseAuditEvent } from "../config/audit-event";
import type { ParseTableOptions } from "../config/table-lines";
import { readTextFile } from "../io/text-file";
import {
  type AuditClassLookup,
  AuditFlagsError,
  parseAuditFlags,
  readAuditFlag,
} from "./audit-flags";
import { APPLE_AUDIT_CLASS, APPLE_AUDIT_EVENT } from "./data/apple-tables";
import { OPENBSM_AUDIT_CLASS, OPENBSM_AUDIT_EVENT } from "./data/openbsm-tables";

export { type AuditClassEntry, parseAuditClass, parseAuditClassFile } from "../config/audit-class";
export { type AuditEventEntry, parseAuditEvent, parseAuditEventFile } from "../config/audit-event";
export {
  AuditTableError,
  type AuditTableFile,
  type ParseTableOptions,
  type SourceLine,
  type TableIssue,
} from "../config/table-lines";

const EMPTY: readonly AuditClassEntry[] = Object.freeze([]);

/**
 * An audit_event table (with its audit_class table, for class masks), looked
 * up as libbsm does: {@link EventTable.get} mirrors `getauevnum_r` (first
 * line with the number wins), {@link EventTable.byName} mirrors
 * `getauevnam_r`.
 */
export class EventTable implements AuditClassLookup {
  /** Every entry, in file order, duplicates included. */
  readonly entries: readonly AuditEventEntry[];
  /** The class table used for {@link EventTable.classMask}. */
  readonly classes: readonly AuditClassEntry[];
  /** First entry per event number; indexed by number (dense, holes are `undefined`). */
  readonly #byNumber: (AuditEventEntry | undefined)[];
  #byName: Map<string, AuditEventEntry> | undefined;
  /** Lower-cased name to the first entry of each name spelt so (lookupName). */
  #byFoldedName: Map<string, AuditEventEntry[]> | undefined;
  #classByName: Map<string, AuditClassEntry> | undefined;
  #masks: Map<AuditEventEntry, number> | undefined;

  /**
   * @param entries - audit_event entries in file order
   * @param classes - audit_class entries in file order (empty: every class mask is 0)
   */
  constructor(entries: readonly AuditEventEntry[], classes: readonly AuditClassEntry[] = EMPTY) {
    this.entries = entries;
    this.classes = classes;
    let max = -1;
    for (const e of entries) if (e.number > max) max = e.number;
    const byNumber: (AuditEventEntry | undefined)[] = new Array(max + 1).fill(undefined);
    for (const e of entries) {
      const n = e.number & 0xffff;
      if (byNumber[n] === undefined) byNumber[n] = e;
    }
    this.#byNumber = byNumber;
  }

  /**
   * The entry praudit uses for an event number (`getauevnum_r`): the first
   * line with that number, or `undefined` when there is none.
   *
   * @param number - event number from a header token (u16)
   */
  get(number: number): AuditEventEntry | undefined {
    return this.#byNumber[number];
  }

  /**
   * The text `praudit` prints for an event: the description, or with
   * `short` (`praudit -s`) the name; the decimal number when the table has
   * no such event.
   *
   * @param number - event number from a header token (u16)
   * @param short - print the name (`AUE_EXECVE`) instead of the description
   */
  eventText(number: number, short = false): string {
    const e = this.#byNumber[number];
    if (e === undefined) return String(number);
    return short ? e.name : e.description;
  }

  /**
   * The first entry with this name (`getauevnam_r`), or `undefined`.
   *
   * @param name - event name, such as `AUE_EXECVE`
   */
  byName(name: string): AuditEventEntry | undefined {
    let map = this.#byName;
    if (map === undefined) {
      map = new Map();
      for (const e of this.entries) if (!map.has(e.name)) map.set(e.name, e);
      this.#byName = map;
    }
    return map.get(name);
  }

  /**
   * The entry an event name given by a person selects: the name as
   * {@link EventTable.byName} finds it (exactly); else the one name equal
   * to it in any case (`aue_execve`, `AUE_Execve`); else, for a name not
   * starting with `AUE_`, the one name equal in any case to it with `AUE_`
   * put before it (`execve`, `EXECVE`). libbsm's `getauevnonam`, which
   * auditreduce uses, knows only the exact name.
   *
   * An exact match wins over names that differ from it only in case (the
   * shipped tables hold both `AUE_REBOOT`, 20, and `AUE_reboot`, 6161:
   * `AUE_reboot` is 6161); a name that matches two names only in some
   * case other than its own (`aue_reboot`, `reboot`, `Reboot`) is
   * ambiguous.
   *
   * @param name - event name as typed
   * @returns the entry (the first line with its name), or `undefined` when
   *   no name matches
   * @throws RangeError naming the candidates when the name is ambiguous
   */
  lookupName(name: string): AuditEventEntry | undefined {
    let folded = this.#byFoldedName;
    if (folded === undefined) {
      folded = new Map();
      for (const e of this.entries) {
        const key = e.name.toLowerCase();
        const list = folded.get(key);
        if (list === undefined) folded.set(key, [e]);
        else if (!list.some((x) => x.name === e.name)) list.push(e);
      }
      this.#byFoldedName = folded;
    }
    const exact = this.byName(name);
    if (exact !== undefined) return exact;
    const find = (n: string): AuditEventEntry | undefined => {
      const list = folded.get(n.toLowerCase());
      if (list === undefined) return undefined;
      if (list.length > 1) {
        const names = list.map((e) => `${e.name} (${e.number})`).join(", ");
        throw new RangeError(`ambiguous event name ${JSON.stringify(name)}: ${names}`);
      }
      return list[0];
    };
    return find(name) ?? (/^aue_/i.test(name) ? undefined : find(`AUE_${name}`));
  }

  /**
   * The class mask libbsm gives the event (`ae_class`): the success mask of
   * its class list, 0 when a class name is unknown or the event is absent.
   *
   * @param number - event number (u16)
   * @returns unsigned 32-bit mask
   */
  classMask(number: number): number {
    const e = this.#byNumber[number];
    if (e === undefined) return 0;
    let masks = this.#masks;
    if (masks === undefined) {
      masks = new Map();
      this.#masks = masks;
    }
    let m = masks.get(e);
    if (m === undefined) {
      m = this.#maskOf(e.classes);
      masks.set(e, m);
    }
    return m;
  }

  /**
   * The class entries named in the event's class list, in list order
   * (prefixes `^`, `+`, `-` stripped; unknown names left out). Empty when
   * the event is absent.
   *
   * @param number - event number (u16)
   */
  classesOf(number: number): AuditClassEntry[] {
    const e = this.#byNumber[number];
    if (e === undefined) return [];
    const out: AuditClassEntry[] = [];
    for (const raw of e.classes) {
      const c = this.classByName(readAuditFlag(raw).name);
      if (c !== undefined) out.push(c);
    }
    return out;
  }

  /**
   * The first audit_class entry with this name (`getauclassnam_r`), or
   * `undefined`. An EventTable is thus an {@link AuditClassLookup} for
   * {@link parseAuditFlags}.
   *
   * @param name - class name, such as `ex`
   */
  classByName(name: string): AuditClassEntry | undefined {
    let map = this.#classByName;
    if (map === undefined) {
      map = new Map();
      for (const c of this.classes) if (!map.has(c.name)) map.set(c.name, c);
      this.#classByName = map;
    }
    return map.get(name);
  }

  /** `getauditflagsbin`'s success mask for a class list; 0 when it names an unknown class. */
  #maskOf(classes: readonly string[]): number {
    try {
      return parseAuditFlags(classes, this).success;
    } catch (e) {
      if (e instanceof AuditFlagsError) return 0; // getauditflagsbin fails: ae_class = AU_NULL
      throw e;
    }
  }
}

let openbsmCache: EventTable | undefined;
let appleCache: EventTable | undefined;

/**
 * The audit_event / audit_class tables shipped with OpenBSM (the ones the
 * corpus's praudit used), parsed on first call and cached.
 */
export function openbsmEvents(): EventTable {
  openbsmCache ??= new EventTable(
    parseAuditEvent(OPENBSM_AUDIT_EVENT),
    parseAuditClass(OPENBSM_AUDIT_CLASS),
  );
  return openbsmCache;
}

/**
 * The audit_event / audit_class tables shipped with macOS, parsed on first
 * call and cached.
 */
export function appleEvents(): EventTable {
  appleCache ??= new EventTable(
    parseAuditEvent(APPLE_AUDIT_EVENT),
    parseAuditClass(APPLE_AUDIT_CLASS),
  );
  return appleCache;
}

/**
 * Reads an event table from files (synchronously: they are small and read
 * once), such as `/etc/security/audit_event`.
 *
 * @param auditEventPath - path of the audit_event file
 * @param auditClassPath - path of the audit_class file; without it, class masks are all 0
 * @param options - error reporting for both files (`source` defaults to each path)
 * @throws `IoError` when a file cannot be read or is larger than
 *   `MAX_TEXT_FILE_BYTES` (16 MiB); `AuditTableError` in strict mode
 */
export function loadEventTable(
  auditEventPath: string,
  auditClassPath?: string,
  options?: ParseTableOptions,
): EventTable {
  const events = parseAuditEvent(readTextFile(auditEventPath, { what: "audit_event file" }), {
    ...options,
    source: options?.source ?? auditEventPath,
  });
  const classes =
    auditClassPath === undefined
      ? []
      : parseAuditClass(readTextFile(auditClassPath, { what: "audit_class file" }), {
          ...options,
          source: options?.source ?? auditClassPath,
        });
  return new EventTable(events, classes);
}
