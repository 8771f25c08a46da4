/**
 * Preselection as the kernel evaluates it: whether a record of an event,
 * by a user, succeeding or failing, is written to the trail under a
 * configuration, and why.
 *
 * Evaluation order (audit_control(5), audit_user(5); libbsm's
 * `getfauditflags`, the kernel's `au_preselect`):
 *
 * 1. The event's class mask is its audit_event class list read by
 *    `getauditflagsbin` (success mask; 0 when the list names an unknown
 *    class, or the event is not in audit_event: never audited).
 * 2. The process mask:
 *    - for a non-attributable record (audit user id `AU_DEFAUDITID`,
 *      0xffffffff, written -1): the `naflags` masks, and nothing else;
 *    - otherwise the `flags` masks (0 when `flags` names an unknown class,
 *      as `getauditflagsbin` then fails), then the user's audit_user line,
 *      if any (the first for the name; a line naming an unknown class is
 *      skipped, as libbsm skips it): its always masks added (`ADDMASK`),
 *      then its never masks removed (`SUBMASK`). Never wins over always.
 * 3. The record is audited when the event's class mask shares a bit with
 *    the process's success mask (the call succeeded) or failure mask (it
 *    failed).
 *
 * Within one flags string, items apply left to right: `+` only the success
 * mask, `-` only the failure mask, `^` removes (`audit-flags.ts`).
 *
 * Everything but the why is precomputed once per configuration (a class
 * mask per event number, the masks of every user), so {@link preselect}
 * and, without the why, {@link compilePreselect} cost a few bit operations
 * per record.
 *
 * @module
 */

import { type AuditFlag, type ClassMasks, resolveAuditFlags } from "../tables/audit-flags";
import type { AuditClassEntry } from "./audit-class";
import type { AuditUserEntry } from "./audit-user";
import type { AuditConfig } from "./load";

/** The audit user id of a process no user can be held to (`AU_DEFAUDITID`). */
export const AU_DEFAUDITID = 0xffffffff;

/** What {@link preselect} is asked. */
export interface PreselectQuery {
  /** The event: number, or name (`AUE_EXECVE`) looked up in the configuration's audit_event. */
  event: number | string;
  /**
   * The audit user: uid (0xffffffff or -1: non-attributable), or login
   * name. A uid finds its audit_user line through the passwd file given to
   * the configuration; without one, only names do.
   */
  auid: number | string;
  /** The call succeeded (`true`) or failed (`false`). */
  success: boolean;
}

/** Where a class's bit in the process mask came from. */
export interface PreselectReason {
  /** The class (from the event's class list, or the table row asked about). */
  className: string;
  /** Its mask. */
  classMask: number;
  /** The class is selected in the mask asked about (success or failure). */
  audited: boolean;
  /**
   * The last setting that decided it: `flags` or `naflags` (audit_control),
   * `always` or `never` (audit_user), or `none` (nothing names the class).
   */
  source: "flags" | "naflags" | "always" | "never" | "none";
  /** The item that decided it, as written (`-ex`, `^+fr`, `all`); absent for `none`. */
  item?: string;
  /** The file of that item. */
  file?: string;
  /** Its 1-based line. */
  line?: number;
}

/** {@link preselect}'s answer. */
export interface PreselectResult {
  /** The record is written to the trail. */
  audited: boolean;
  /** The event number. */
  event: number;
  /** Its audit_event name, when it has a line. */
  eventName: string | undefined;
  /** The event's class mask (0: never audited). */
  eventClasses: number;
  /** The audit user id, or `undefined` for a name the passwd file does not know. */
  auid: number | undefined;
  /** The login name, when known. */
  user: string | undefined;
  /** `true` when the record is non-attributable (naflags apply). */
  nonAttributable: boolean;
  /** The audit_user line applied, if any. */
  userEntry: AuditUserEntry | undefined;
  /** The process's masks after every step. */
  mask: ClassMasks;
  /** The event's classes selected in the mask asked about (`eventClasses & mask`). */
  matched: number;
  /** One reason per class of the event's class list, in list order. */
  reasons: PreselectReason[];
}

/** A configuration's masks, computed once. */
interface Compiled {
  classOf: Uint32Array;
  sysS: number;
  sysF: number;
  naS: number;
  naF: number;
  byName: Map<string, { s: number; f: number; entry: AuditUserEntry }>;
  byUid: Map<number, { s: number; f: number; entry: AuditUserEntry }>;
  nameOfUid: ReadonlyMap<number, string> | undefined;
  uidOfName: Map<string, number>;
  /** `flags` names only known classes (else libbsm uses 0 masks). */
  flagsOk: boolean;
  /** `naflags` names only known classes. */
  naflagsOk: boolean;
}

const compiled = new WeakMap<AuditConfig, Compiled>();

function compile(config: AuditConfig): Compiled {
  let c = compiled.get(config);
  if (c !== undefined) return c;
  // One class mask per possible event number (a header's event is a u_int16_t): 256 KiB,
  // so a record's lookup is one index, whatever audit_event holds.
  const classOf = new Uint32Array(0x10000);
  for (const e of config.table.entries) classOf[e.number] = config.table.classMask(e.number);
  const sys = resolveAuditFlags(itemsOf(config.control.flags?.value), config.table);
  const na = resolveAuditFlags(itemsOf(config.control.naflags?.value), config.table);
  const byName = new Map<string, { s: number; f: number; entry: AuditUserEntry }>();
  for (const entry of config.users.entries) {
    if (byName.has(entry.name)) continue;
    const always = resolveAuditFlags(entry.alwaysText, config.table);
    const never = resolveAuditFlags(entry.neverText, config.table);
    if (always.unknown.length > 0 || never.unknown.length > 0) continue; // libbsm skips the line
    byName.set(entry.name, {
      s: ((sys.success | always.success) & ~never.success) >>> 0,
      f: ((sys.failure | always.failure) & ~never.failure) >>> 0,
      entry,
    });
  }
  const byUid = new Map<number, { s: number; f: number; entry: AuditUserEntry }>();
  const uidOfName = new Map<string, number>();
  for (const [uid, name] of config.passwd ?? []) {
    if (!uidOfName.has(name)) uidOfName.set(name, uid);
    const m = byName.get(name);
    if (m !== undefined && !byUid.has(uid)) byUid.set(uid, m);
  }
  c = {
    classOf,
    sysS: sys.success,
    sysF: sys.failure,
    naS: na.success,
    naF: na.failure,
    byName,
    byUid,
    nameOfUid: config.passwd,
    uidOfName,
    flagsOk: sys.unknown.length === 0,
    naflagsOk: na.unknown.length === 0,
  };
  compiled.set(config, c);
  return c;
}

function itemsOf(items: readonly AuditFlag[] | undefined): string[] {
  return items === undefined ? [] : items.map((f) => f.text);
}

/**
 * A configuration compiled for one question per record: the returned
 * function answers whether a record of `event` by `auid` (0xffffffff or -1:
 * non-attributable) that succeeded or failed is audited, in a few bit
 * operations (a typed-array lookup, a map lookup by uid, an AND).
 *
 * @param config - the configuration (compiled once, cached per object)
 */
export function compilePreselect(
  config: AuditConfig,
): (event: number, auid: number, success: boolean) => boolean {
  const c = compile(config);
  const { classOf, byUid, sysS, sysF, naS, naF } = c;
  return (event, auid, success) => {
    const cls = classOf[event & 0xffff];
    if (cls === 0) return false;
    if (auid === -1 || auid === AU_DEFAUDITID) return ((success ? naS : naF) & cls) !== 0;
    const u = byUid.get(auid);
    if (u === undefined) return ((success ? sysS : sysF) & cls) !== 0;
    return ((success ? u.s : u.f) & cls) !== 0;
  };
}

/**
 * Whether a record is audited under a configuration, and why (see the
 * module notes for the order of evaluation).
 *
 * @param config - the configuration
 * @param query - event, audit user and outcome
 * @throws RangeError when the event is a name audit_event does not have
 */
export function preselect(config: AuditConfig, query: PreselectQuery): PreselectResult {
  const c = compile(config);
  const event = eventNumber(config, query.event);
  const who = resolveUser(c, query.auid);
  const eventClasses = c.classOf[event];
  let s: number;
  let f: number;
  let userEntry: AuditUserEntry | undefined;
  if (who.nonAttributable) {
    s = c.naS;
    f = c.naF;
  } else {
    const u = (who.user !== undefined ? c.byName.get(who.user) : undefined) ?? undefined;
    s = u?.s ?? c.sysS;
    f = u?.f ?? c.sysF;
    userEntry = u?.entry;
  }
  const matched = (eventClasses & (query.success ? s : f)) >>> 0;
  const reasons = config.table
    .classesOf(event)
    .map((cls) => traceClass(config, cls, query.success, who.nonAttributable, userEntry));
  return {
    audited: matched !== 0,
    event,
    eventName: config.table.get(event)?.name,
    eventClasses,
    auid: who.auid,
    user: who.user,
    nonAttributable: who.nonAttributable,
    userEntry,
    mask: { success: s, failure: f },
    matched,
    reasons,
  };
}

/** {@link classTable}'s answer. */
export interface ClassTable {
  /** The login name, when known. */
  user: string | undefined;
  /** The audit user id, when known. */
  auid: number | undefined;
  /** `true` for a non-attributable process (naflags apply). */
  nonAttributable: boolean;
  /** The audit_user line applied, if any. */
  userEntry: AuditUserEntry | undefined;
  /** One row per class of audit_class but `no` and `all`, in file order. */
  rows: { success: PreselectReason; failure: PreselectReason }[];
}

/**
 * For every class of audit_class, whether a user's records of that class
 * are audited on success and on failure, and why: the table `bsm-trail
 * config explain --user` prints. Classes with mask 0 (`no`) or every bit (`all`) are left out.
 *
 * @param config - the configuration
 * @param auid - uid (0xffffffff or -1: non-attributable) or login name
 */
export function classTable(config: AuditConfig, auid: number | string): ClassTable {
  const c = compile(config);
  const who = resolveUser(c, auid);
  const userEntry = who.nonAttributable
    ? undefined
    : who.user !== undefined
      ? c.byName.get(who.user)?.entry
      : undefined;
  const rows = config.table.classes
    .filter((cls) => cls.mask !== 0 && cls.mask !== 0xffffffff)
    .map((cls) => ({
      success: traceClass(config, cls, true, who.nonAttributable, userEntry),
      failure: traceClass(config, cls, false, who.nonAttributable, userEntry),
    }));
  return { ...who, userEntry, rows };
}

function eventNumber(config: AuditConfig, event: number | string): number {
  if (typeof event === "number") return event & 0xffff;
  if (/^\d+$/.test(event)) return Number(event) & 0xffff;
  const e = config.table.byName(event);
  if (e === undefined) throw new RangeError(`unknown event: ${event} (not in audit_event)`);
  return e.number;
}

function resolveUser(
  c: Compiled,
  auid: number | string,
): { auid: number | undefined; user: string | undefined; nonAttributable: boolean } {
  if (typeof auid === "string" && /^-?\d+$/.test(auid)) auid = Number(auid);
  if (typeof auid === "number") {
    if (auid === -1 || auid >>> 0 === AU_DEFAUDITID) {
      return { auid: AU_DEFAUDITID, user: undefined, nonAttributable: true };
    }
    return { auid, user: c.nameOfUid?.get(auid), nonAttributable: false };
  }
  return { auid: c.uidOfName.get(auid), user: auid, nonAttributable: false };
}

/** The class's bits in one flags string, read left to right, and the last item that changed them. */
function evalString(
  config: AuditConfig,
  items: readonly AuditFlag[],
  cls: AuditClassEntry,
  success: boolean,
): { bits: number; item: string | undefined } {
  let bits = 0;
  let item: string | undefined;
  for (const f of items) {
    if (!(success ? f.success : f.failure)) continue;
    const m = config.table.classByName(f.name)?.mask ?? 0;
    if ((m & cls.mask) === 0) continue;
    bits = f.remove ? bits & ~m & cls.mask : (bits | m) & cls.mask;
    item = f.text;
  }
  return { bits, item };
}

/** Follows one class through the masks, recording the last setting that decided it. */
function traceClass(
  config: AuditConfig,
  cls: AuditClassEntry,
  success: boolean,
  nonAttributable: boolean,
  userEntry: AuditUserEntry | undefined,
): PreselectReason {
  const control = config.control;
  const reason: PreselectReason = {
    className: cls.name,
    classMask: cls.mask,
    audited: false,
    source: "none",
  };
  let bits = 0;
  const base = nonAttributable ? control.naflags : control.flags;
  const c = compile(config);
  if (base?.value !== undefined && (nonAttributable ? c.naflagsOk : c.flagsOk)) {
    const r = evalString(config, base.value, cls, success);
    bits = r.bits;
    if (r.item !== undefined) {
      Object.assign(reason, {
        source: nonAttributable ? "naflags" : "flags",
        item: r.item,
        file: control.source ?? "audit_control",
        line: base.line,
      });
    }
  }
  if (userEntry !== undefined) {
    const file = config.users.source ?? "audit_user";
    const always = evalString(config, userEntry.always, cls, success);
    if (always.bits !== 0) {
      bits |= always.bits;
      Object.assign(reason, { source: "always", item: always.item, file, line: userEntry.line });
    }
    const never = evalString(config, userEntry.never, cls, success);
    if (never.bits !== 0) {
      bits &= ~never.bits;
      Object.assign(reason, { source: "never", item: never.item, file, line: userEntry.line });
    }
  }
  reason.audited = (bits & cls.mask) !== 0;
  return reason;
}
