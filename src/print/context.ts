/**
 * The per-printer state the token printers read: flags, the delimiter, and
 * memoized lookups (event names, user and group names, `ctime` text,
 * return status text), each already a byte string and, in XML mode,
 * already escaped for an attribute value.
 *
 * @module
 */

import { returnStatusText } from "../tables/errno";
import type { EventTable } from "../tables/events";
import { ZoneOffsets } from "../tables/time-zone";
import type { NameResolver } from "../tables/users";
import { ctimeUtc, int32, utf8ByteString, xmlEscape } from "./format";
import type { PrauditOptions } from "./praudit-options";

/**
 * Ids below this are memoized in arrays, larger ones in capped Maps: an
 * array index is cheaper than a Map look-up on the printer's hottest path
 * (five per subject token; bench/run.ts, "praudit -l" case).
 */
const SMALL_IDS = 1 << 16;

/** Cap of the name caches (ids are attacker-controlled; memory stays bounded). */
const NAME_CACHE_MAX = 65536;

/** The bytes of a byte string. */
function bytesOf(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

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
  /** The offsets of the zone times print in (cached per span of equal offset). */
  readonly zone: ZoneOffsets;

  // Preallocated to the id range: V8 turns an empty array assigned at
  // index 43190 into a dictionary.
  private readonly eventCache: (string | undefined)[] = new Array(65536);
  /** Names of ids below SMALL_IDS, by id: an array index beats a Map look-up. */
  private readonly userSmall: (string | undefined)[] = new Array(SMALL_IDS);
  private readonly groupSmall: (string | undefined)[] = new Array(SMALL_IDS);
  private readonly userCache = new Map<number, string>();
  private readonly groupCache = new Map<number, string>();
  private readonly statusCache: (string | undefined)[] = new Array(256);
  private readonly userBytesSmall: (Uint8Array | undefined)[] = new Array(SMALL_IDS);
  private readonly groupBytesSmall: (Uint8Array | undefined)[] = new Array(SMALL_IDS);
  private readonly userBytesBig = new Map<number, Uint8Array>();
  private readonly groupBytesBig = new Map<number, Uint8Array>();
  private readonly eventBytesCache: (Uint8Array | undefined)[] = new Array(65536);
  private readonly statusBytesCache: (Uint8Array | undefined)[] = new Array(256);
  /** The last large user and group ids looked up, and their bytes. */
  private lastBigUser = -1;
  private lastBigUserBytes: Uint8Array = new Uint8Array(0);
  private lastBigGroup = -1;
  private lastBigGroupBytes: Uint8Array = new Uint8Array(0);
  private lastSecBytes = Number.NaN;
  private lastCtimeBytes: Uint8Array = new Uint8Array(0);
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
    this.zone = new ZoneOffsets(o.timeZone);
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
    if (id >>> 0 === id && id < SMALL_IDS) {
      const s = this.userSmall[id];
      if (s !== undefined) return s;
    }
    return this.userSlow(id);
  }

  private userSlow(id: number): string {
    if (this.numericIds) return this.small(this.userSmall, id, int32(id));
    let s = this.userCache.get(id);
    if (s === undefined) {
      s = this.small(this.userSmall, id, this.out(this.names.user(id)));
      if (this.userCache.size >= NAME_CACHE_MAX) this.userCache.clear();
      this.userCache.set(id, s);
    }
    return s;
  }

  /** Remembers `s` for `id` in `table` when `id` is small; returns `s`. */
  private small(table: (string | undefined)[], id: number, s: string): string {
    if (id >>> 0 === id && id < SMALL_IDS) table[id] = s;
    return s;
  }

  /** {@link user} as bytes, memoized (the text printer copies them). */
  userBytes(id: number): Uint8Array {
    if (id >>> 0 !== id || id >= SMALL_IDS) {
      if (id !== this.lastBigUser) {
        this.lastBigUserBytes = this.bigBytes(this.userBytesBig, id, true);
        this.lastBigUser = id;
      }
      return this.lastBigUserBytes;
    }
    let b = this.userBytesSmall[id];
    if (b === undefined) b = this.userBytesSmall[id] = bytesOf(this.user(id));
    return b;
  }

  /** {@link group} as bytes, memoized. */
  groupBytes(id: number): Uint8Array {
    if (id >>> 0 !== id || id >= SMALL_IDS) {
      if (id !== this.lastBigGroup) {
        this.lastBigGroupBytes = this.bigBytes(this.groupBytesBig, id, false);
        this.lastBigGroup = id;
      }
      return this.lastBigGroupBytes;
    }
    let b = this.groupBytesSmall[id];
    if (b === undefined) b = this.groupBytesSmall[id] = bytesOf(this.group(id));
    return b;
  }

  /** Bytes of a large id's name, memoized in a capped Map (AU_DEFAUDITID, 2^32-1, is common). */
  private bigBytes(cache: Map<number, Uint8Array>, id: number, user: boolean): Uint8Array {
    let b = cache.get(id);
    if (b === undefined) {
      if (cache.size >= NAME_CACHE_MAX) cache.clear();
      b = bytesOf(user ? this.user(id) : this.group(id));
      cache.set(id, b);
    }
    return b;
  }

  /** {@link event} as bytes, memoized. */
  eventBytes(n: number): Uint8Array {
    let b = this.eventBytesCache[n];
    if (b === undefined) b = this.eventBytesCache[n] = bytesOf(this.event(n));
    return b;
  }

  /** {@link status} as bytes, memoized. */
  statusBytes(n: number): Uint8Array {
    let b = this.statusBytesCache[n];
    if (b === undefined) b = this.statusBytesCache[n] = bytesOf(this.status(n));
    return b;
  }

  /** {@link ctime} as bytes, memoized for runs of equal seconds. */
  ctimeBytes(seconds: number): Uint8Array {
    if (seconds !== this.lastSecBytes) {
      this.lastSecBytes = seconds;
      this.lastCtimeBytes = bytesOf(this.ctime(seconds));
    }
    return this.lastCtimeBytes;
  }

  /** libbsm's `print_group`. */
  group(id: number): string {
    if (id >>> 0 === id && id < SMALL_IDS) {
      const s = this.groupSmall[id];
      if (s !== undefined) return s;
    }
    return this.groupSlow(id);
  }

  private groupSlow(id: number): string {
    if (this.numericIds) return this.small(this.groupSmall, id, int32(id));
    let s = this.groupCache.get(id);
    if (s === undefined) {
      s = this.small(this.groupSmall, id, this.out(this.names.group(id)));
      if (this.groupCache.size >= NAME_CACHE_MAX) this.groupCache.clear();
      this.groupCache.set(id, s);
    }
    return s;
  }

  /**
   * `ctime` text of `seconds` in the printer's time zone (`localtime`'s
   * wall clock, printed as UTC would be), memoized for runs of equal seconds.
   */
  ctime(seconds: number): string {
    if (seconds !== this.lastSec) {
      this.lastSec = seconds;
      const t = ctimeUtc(this.zone.localSeconds(seconds));
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
