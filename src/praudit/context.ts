/**
 * The per-printer state the token printers read: flags, the delimiter, and
 * memoized lookups (event names, user and group names, `ctime` text,
 * return status text), each already a byte string and, in XML mode,
 * already escaped for an attribute value.
 *
 * @module
 */

import { returnStatusText } from "../errno";
import type { EventTable } from "../events";
import type { NameResolver } from "../hostdb";
import { ctimeUtc, int32, utf8ByteString, xmlEscape } from "./format";
import type { PrauditOptions } from "./options";

/** Cap of the name caches (ids are attacker-controlled; memory stays bounded). */
const NAME_CACHE_MAX = 65536;

/** Flags and memoized lookups of one printer. */
export class PrintContext {
  /** The delimiter, as a byte string. */
  readonly del: string;
  readonly raw: boolean;
  readonly short: boolean;
  readonly xml: boolean;
  readonly appleTokens: boolean;
  /** `-n` or `-r`: ids print as numbers. */
  private readonly numericIds: boolean;
  private readonly events: EventTable;
  private readonly names: NameResolver;
  private readonly platform: PrauditOptions["platform"];

  private readonly eventCache: (string | undefined)[] = [];
  private readonly userCache = new Map<number, string>();
  private readonly groupCache = new Map<number, string>();
  private readonly statusCache: (string | undefined)[] = [];
  private lastSec = Number.NaN;
  private lastCtime = "";

  constructor(o: PrauditOptions) {
    this.del = utf8ByteString(o.delimiter);
    this.raw = o.raw;
    this.short = o.short && !o.raw;
    this.xml = o.xml;
    this.appleTokens = o.appleTokens;
    this.numericIds = o.numeric || o.raw;
    this.events = o.events;
    this.names = o.names;
    this.platform = o.platform;
  }

  /** Escapes a looked-up text for an XML attribute in XML mode. */
  private out(s: string): string {
    const b = utf8ByteString(s);
    return this.xml ? xmlEscape(b, true) : b;
  }

  /** libbsm's `print_event`: description, name (`-s`) or number (`-r`, or no entry). */
  event(n: number): string {
    let s = this.eventCache[n];
    if (s === undefined) {
      const e = this.events.get(n);
      s = e === undefined || this.raw ? `${n}` : this.out(this.short ? e.name : e.description);
      this.eventCache[n] = s;
    }
    return s;
  }

  /** libbsm's `print_user`. */
  user(id: number): string {
    if (this.numericIds) return int32(id);
    let s = this.userCache.get(id);
    if (s === undefined) {
      s = this.out(this.names.user(id));
      if (this.userCache.size >= NAME_CACHE_MAX) this.userCache.clear();
      this.userCache.set(id, s);
    }
    return s;
  }

  /** libbsm's `print_group`. */
  group(id: number): string {
    if (this.numericIds) return int32(id);
    let s = this.groupCache.get(id);
    if (s === undefined) {
      s = this.out(this.names.group(id));
      if (this.groupCache.size >= NAME_CACHE_MAX) this.groupCache.clear();
      this.groupCache.set(id, s);
    }
    return s;
  }

  /** `ctime` text of `seconds` (UTC), memoized for runs of equal seconds. */
  ctime(seconds: number): string {
    if (seconds !== this.lastSec) {
      this.lastSec = seconds;
      const t = ctimeUtc(seconds);
      this.lastCtime = this.xml ? xmlEscape(t, true) : t;
    }
    return this.lastCtime;
  }

  /** libbsm's `print_sec32`: `ctime`, or the number with `-r`. */
  sec32(seconds: number): string {
    return this.raw ? `${seconds >>> 0}` : this.ctime(seconds >>> 0);
  }

  /** libbsm's `print_sec64`: `ctime` of the signed 64-bit value, or its low 32 bits with `-r`. */
  sec64(seconds: bigint): string {
    if (this.raw) return `${Number(BigInt.asUintN(32, seconds))}`;
    return this.ctime(Number(BigInt.asIntN(64, seconds)));
  }

  /** libbsm's `print_msec32`: ` + N msec`, or `N` with `-r`. */
  msec32(ms: number): string {
    return this.raw ? `${ms >>> 0}` : ` + ${ms >>> 0} msec`;
  }

  /** libbsm's `print_msec64`: the low 32 bits, as {@link msec32}. */
  msec64(ms: bigint): string {
    return this.msec32(Number(BigInt.asUintN(32, ms)));
  }

  /** libbsm's `print_retval`: `success`, `failure : <strerror>`, or the number with `-r`. */
  status(n: number): string {
    if (this.raw) return `${n}`;
    let s = this.statusCache[n];
    if (s === undefined) {
      s = this.out(returnStatusText(n, this.platform));
      this.statusCache[n] = s;
    }
    return s;
  }
}
