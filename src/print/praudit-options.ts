/**
 * Options of the praudit printer.
 *
 * @module
 */

import type { ErrnoPlatform } from "../tables/errno";
import { type EventTable, openbsmEvents } from "../tables/events";
import { localTimeZone } from "../tables/time-zone";
import { loadHostDb, type NameResolver, nameResolver } from "../tables/users";

/**
 * How to print, as `praudit`'s flags. Pass a `Readonly<Partial<PrauditOptions>>`;
 * every field has a default.
 */
export interface PrauditOptions {
  /**
   * `-l`: one record per line; tokens end with the delimiter instead of a
   * newline, and a newline ends the record.
   * @defaultValue false
   */
  oneLine: boolean;
  /**
   * `-r`: raw numbers: token ids instead of names, event numbers, numeric
   * ids, seconds and milliseconds as numbers, BSM error numbers.
   * @defaultValue false
   */
  raw: boolean;
  /**
   * `-s`: short event names (`AUE_EXECVE` instead of `execve(2)`).
   * praudit refuses `-r` with `-s`; here `raw` wins.
   * @defaultValue false
   */
  short: boolean;
  /**
   * `-n`: do not look up user and group names; print ids as numbers
   * (`%d`, so 4294967295 prints `-1`).
   * @defaultValue false
   */
  numeric: boolean;
  /**
   * `-x`: XML. Identical to praudit wherever praudit's XML is well-formed,
   * and always well-formed (see `XML_DEVIATIONS` in `xml.ts`).
   * @defaultValue false
   */
  xml: boolean;
  /**
   * `-d`: the delimiter between fields (and after each token with `-l`).
   * Written as its UTF-8 bytes.
   * @defaultValue ","
   */
  delimiter: string;
  /**
   * The audit_event table for event names.
   * @defaultValue the OpenBSM table bundled with this package ({@link openbsmEvents})
   */
  events: EventTable;
  /**
   * User and group names (written as their UTF-8 bytes).
   * @defaultValue the host's `/etc/passwd` and `/etc/group`, read on first use
   */
  names: NameResolver;
  /**
   * Whose `strerror` texts `return` tokens print (`failure : No such file or directory`).
   * @defaultValue "macos"
   */
  platform: ErrnoPlatform;
  /**
   * Print Apple's identity (0xED), krb5 principal (0xEE) and cert hash
   * (0xEF) tokens as macOS's praudit does. `false` prints them as
   * OpenBSM's praudit does: `unknown,0x<hex of the token body>` (nothing in XML).
   * Limitation of `false`: OpenBSM's praudit reads an unknown token up to the
   * record's trailer, so tokens after an Apple token would be part of its
   * hex; the body is rebuilt here from the decoded fields and later tokens
   * print on their own (macOS writes the Apple token last, just before the
   * trailer, so real trails are not affected).
   * @defaultValue true
   */
  appleTokens: boolean;
  /**
   * The time zone record times print in, as praudit's `ctime(3)` prints
   * them (daylight saving and historic changes included): an IANA zone name
   * (`Europe/Paris`, `America/Los_Angeles`), `"UTC"`, or a POSIX `TZ` rule
   * string (`EST5EDT,M3.2.0,M11.1.0`). Anything else is a `RangeError` when
   * the printer is made.
   * @defaultValue the process's local zone, as praudit takes it: `TZ`, read
   *   when the options are resolved (unset: the system's zone, from
   *   `/etc/localtime`; empty: UTC; a leading `:` or a path into a
   *   `zoneinfo` folder as the C library reads them; a POSIX rule string
   *   applied; anything else: UTC)
   */
  timeZone: string;
}

/** A resolver reading the host's files on its first lookup. */
function lazyHostNames(): NameResolver {
  let r: NameResolver | undefined;
  const get = (): NameResolver => {
    r ??= nameResolver(loadHostDb());
    return r;
  };
  return {
    user: (id: number) => get().user(id),
    group: (id: number) => get().group(id),
  };
}

/** Every option filled in. */
export function resolvePrauditOptions(
  options: Readonly<Partial<PrauditOptions>> | undefined,
): PrauditOptions {
  const o = options ?? {};
  return {
    oneLine: o.oneLine ?? false,
    raw: o.raw ?? false,
    short: o.short ?? false,
    numeric: o.numeric ?? false,
    xml: o.xml ?? false,
    delimiter: o.delimiter ?? ",",
    events: o.events ?? openbsmEvents(),
    names: o.names ?? lazyHostNames(),
    platform: o.platform ?? "macos",
    appleTokens: o.appleTokens ?? true,
    timeZone: o.timeZone ?? localTimeZone().timeZone,
  };
}
