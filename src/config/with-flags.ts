/**
 * A configuration with other audit flags: the one a what-if candidate
 * would run under. Everything but audit_control's `flags` and `naflags`
 * (audit_class, audit_event, audit_user, passwd, the other settings) is
 * kept from the configuration it derives from.
 *
 * @module
 */

import { parseAuditFlags } from "../tables/audit-flags";
import type { EventTable } from "../tables/events";
import { parseAuditControl } from "./audit-control";
import { type AuditConfig, parseAuditConfig } from "./load";

/**
 * A configuration holding no file of its own: no audit_user line, no
 * audit_control setting, the event table `table`. What a what-if without
 * `--config` derives its candidates from.
 *
 * @param table - the event and class table (names the classes)
 */
export function emptyAuditConfig(table: EventTable): AuditConfig {
  const config = parseAuditConfig({ audit_control: "", audit_user: "" });
  return { ...config, table, problems: [] };
}

/**
 * `config` with `flags` and `naflags` as audit_control's. Both are read
 * with the configuration's class table, and must name only classes it
 * knows (libbsm would use empty masks for a line naming an unknown class,
 * which no one asking "what if" means).
 *
 * @param config - the configuration derived from (not changed)
 * @param flags - the `flags` line (`lo,+ex,^-fr`)
 * @param naflags - the `naflags` line
 * @throws `AuditFlagsError` (a RangeError) naming a class the table does not know
 */
export function withAuditFlags(config: AuditConfig, flags: string, naflags: string): AuditConfig {
  parseAuditFlags(flags, config.table);
  parseAuditFlags(naflags, config.table);
  const lines = parseAuditControl(`flags:${flags}\nnaflags:${naflags}\n`, {
    source: "what-if",
  });
  return {
    ...config,
    control: { ...config.control, flags: lines.flags, naflags: lines.naflags },
  };
}
