/**
 * What-if: how much of a recorded trail a candidate `flags` line (with its
 * `naflags`) would have kept, and what that rate means for the trail
 * directory.
 *
 * Each record is put through the preselection of the configuration issue
 * (`compilePreselect`) under a configuration whose audit_control flags are
 * the candidate's (`withAuditFlags`): the record's event, its subject's
 * audit user id (a record without a subject is judged as non-attributable:
 * no user can be held to it) and its outcome (its return token's
 * status; success without one). audit_class, audit_event and audit_user
 * come from the configuration given, else the event table in use with no
 * audit_user line.
 *
 * Not measurable: a trail recorded under a configuration holds only the
 * classes its masks selected (`flags` and `naflags`, plus every
 * audit_user `always` mask). Classes a candidate selects beyond that are
 * named in `notMeasurable` (`ex`; `+ex` or `-ex` when only successes or
 * failures are missing): its counts are then a lower bound. Without a
 * configuration the recording mask is unknown and nothing is named.
 *
 * Projections, each a plain rate (the trail's rate is taken to go on):
 *
 * - `bytesPerDay` = bytes kept / the trail's span in days (`TrailStats.days`).
 * - `filesPerDay` = `bytesPerDay` / `filesz` (when `filesz` > 0).
 * - `daysOfHistory`: `expire-after`'s age in days; or its size /
 *   `bytesPerDay`; with both, `AND` (a file goes once both hold) takes the
 *   larger, `OR` the smaller. Without `expire-after`, with a disk: the
 *   days until `minfree` (history is what fits).
 * - `daysUntilMinfree` = disk × (1 − minfree / 100) / `bytesPerDay`: a disk
 *   of that size given to the trail, empty at the start (the free space
 *   now is unknown); `minfree` 0 when the configuration sets none. Expiry
 *   is not subtracted: when `daysOfHistory` from `expire-after` is
 *   smaller, files expire before the disk reaches `minfree`.
 *
 * @module
 */

import type { AuditConfig } from "../config/load";
import { compilePreselect } from "../config/preselect";
import { withAuditFlags } from "../config/with-flags";
import { parseAuditFlags, resolveAuditFlags } from "../tables/audit-flags";
import type { WhatIfResult } from "./stats-types";

/** Seconds in a day. */
const DAY_SECONDS = 86400;

/** One candidate being counted. */
export class WhatIfCandidate {
  /** Records it keeps. */
  records = 0;
  /** Bytes it keeps. */
  bytes = 0;
  /** Whether a record is kept: event, audit user id, success. */
  readonly keeps: (event: number, auid: number, success: boolean) => boolean;
  /** Classes the recorded trail could not hold (see the module notes). */
  readonly notMeasurable: string[];

  /**
   * @param flags - the candidate `flags` line
   * @param naflags - its `naflags` line
   * @param base - the configuration it derives from
   * @param recorded - true when `base` is the configuration the trail was recorded under
   * @throws `AuditFlagsError` (a RangeError) for a class the table does not know
   */
  constructor(
    readonly flags: string,
    readonly naflags: string,
    base: AuditConfig,
    recorded: boolean,
  ) {
    const config = withAuditFlags(base, flags, naflags);
    this.keeps = compilePreselect(config);
    this.notMeasurable = recorded ? beyondRecorded(base, flags, naflags) : [];
  }

  /** Counts a record (when kept). */
  add(event: number, auid: number, success: boolean, bytes: number): void {
    if (this.keeps(event, auid, success)) {
      this.records++;
      this.bytes += bytes;
    }
  }
}

/** The classes a candidate selects that `recorded`'s masks did not (see the module notes). */
function beyondRecorded(recorded: AuditConfig, flags: string, naflags: string): string[] {
  const table = recorded.table;
  const text = (s: { value?: { text: string }[] } | undefined) =>
    (s?.value ?? []).map((f) => f.text);
  const sys = resolveAuditFlags(text(recorded.control.flags), table);
  const na = resolveAuditFlags(text(recorded.control.naflags), table);
  let recS = sys.success | na.success;
  let recF = sys.failure | na.failure;
  for (const u of recorded.users.entries) {
    const always = resolveAuditFlags(u.alwaysText, table);
    recS |= always.success;
    recF |= always.failure;
  }
  const f = parseAuditFlags(flags, table);
  const n = parseAuditFlags(naflags, table);
  const missS = (f.success | n.success) & ~recS;
  const missF = (f.failure | n.failure) & ~recF;
  const out: string[] = [];
  const seen = new Set<string>();
  for (const c of table.classes) {
    // `no` selects nothing and `all` is every class: neither names a class of records.
    if (c.mask === 0 || c.mask >>> 0 === 0xffffffff || seen.has(c.name)) continue;
    seen.add(c.name);
    const s = (c.mask & missS) !== 0;
    const fl = (c.mask & missF) !== 0;
    if (s && fl) out.push(c.name);
    else if (s) out.push(`+${c.name}`);
    else if (fl) out.push(`-${c.name}`);
  }
  return out;
}

/** What the projections read: the trail's span and the configuration's settings. */
export interface ProjectionInputs {
  /** The trail's span in days (`TrailStats.days`). */
  days: number;
  /** The configuration (filesz, expire-after, minfree), or undefined. */
  config: AuditConfig | undefined;
  /** Bytes of disk given to the trail (`--disk`), or undefined. */
  diskBytes: number | undefined;
}

/** A candidate's answer, with the projections the inputs allow (see the module notes). */
export function whatIfResult(c: WhatIfCandidate, p: Readonly<ProjectionInputs>): WhatIfResult {
  const bytesPerDay = p.days > 0 ? c.bytes / p.days : 0;
  const out: WhatIfResult = {
    flags: c.flags,
    naflags: c.naflags,
    records: c.records,
    bytes: c.bytes,
    bytesPerDay,
    notMeasurable: c.notMeasurable,
  };
  const control = p.config?.control;
  const filesz = control?.filesz?.value;
  if (filesz !== undefined && filesz > 0) out.filesPerDay = bytesPerDay / filesz;
  let untilMinfree: number | undefined;
  if (p.diskBytes !== undefined && bytesPerDay > 0) {
    const minfree = control?.minfree?.value ?? 0;
    untilMinfree = (p.diskBytes * (1 - Math.min(minfree, 100) / 100)) / bytesPerDay;
    out.daysUntilMinfree = untilMinfree;
  }
  const expire = control?.expireAfter?.value;
  const ageDays = expire?.ageSeconds === undefined ? undefined : expire.ageSeconds / DAY_SECONDS;
  const sizeDays =
    expire?.sizeBytes === undefined || bytesPerDay === 0
      ? undefined
      : expire.sizeBytes / bytesPerDay;
  if (ageDays !== undefined && sizeDays !== undefined) {
    out.daysOfHistory =
      expire?.conjunction === "OR" ? Math.min(ageDays, sizeDays) : Math.max(ageDays, sizeDays);
  } else if (ageDays !== undefined) {
    out.daysOfHistory = ageDays;
  } else if (sizeDays !== undefined) {
    out.daysOfHistory = sizeDays;
  } else if (untilMinfree !== undefined) {
    out.daysOfHistory = untilMinfree;
  }
  return out;
}
