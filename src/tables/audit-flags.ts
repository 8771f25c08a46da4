/**
 * Audit flags: the class lists of audit_control (`flags:lo,+ex,-fc`,
 * `naflags:`), of audit_event's class field, of `auditreduce -c` and of
 * `audit_user`, parsed as libbsm's `getauditflagsbin` (bsm_flags.c) parses
 * them.
 *
 * A flags string is a comma-separated list of class names; empty items
 * vanish (`strtok`). Each name may carry prefixes:
 *
 * | item | success mask | failure mask |
 * |---|---|---|
 * | `ex` | adds ex | adds ex |
 * | `+ex` | adds ex | |
 * | `-ex` | | adds ex |
 * | `^ex` | removes ex | removes ex |
 * | `^+ex` | removes ex | |
 * | `^-ex` | | removes ex |
 *
 * Items apply left to right, so `all,^-fr` selects every class, and fr
 * only on success. `^` comes before `+`/`-`, as libbsm reads it.
 *
 * @module
 */

/** Success and failure class masks, as `getauditflagsbin` fills an `au_mask_t`. */
export interface ClassMasks {
  /** Classes selected on success (`am_success`), unsigned 32-bit. */
  success: number;
  /** Classes selected on failure (`am_failure`), unsigned 32-bit. */
  failure: number;
}

/** One item of a flags string, its prefixes read. */
export interface AuditFlag {
  /** The item as written (`^-fr`). */
  text: string;
  /** The class name, prefixes stripped. */
  name: string;
  /** Applies to the success mask (no prefix, or `+`). */
  success: boolean;
  /** Applies to the failure mask (no prefix, or `-`). */
  failure: boolean;
  /** `^`: removes the class instead of adding it. */
  remove: boolean;
}

/**
 * What {@link parseAuditFlags} resolves class names against: an
 * `EventTable` (its audit_class table) is one.
 */
export interface AuditClassLookup {
  /**
   * The class with this name (the first, when several share it), or
   * `undefined` when there is none.
   */
  classByName(name: string): { readonly mask: number } | undefined;
}

/** A flags string naming a class the class table does not know. */
export class AuditFlagsError extends RangeError {
  /**
   * @param flag - the item as written (`^-zz`)
   * @param className - the unknown class name in it (`zz`)
   */
  constructor(
    readonly flag: string,
    readonly className: string,
  ) {
    super(`unknown audit class: ${className}`);
    this.name = "AuditFlagsError";
  }
}

/**
 * Reads the prefixes of one flags item (`^-fr`), as libbsm does: `^` first,
 * then `+` or `-`. The name is not checked.
 *
 * @param item - one item of a flags string, without commas
 */
export function readAuditFlag(item: string): AuditFlag {
  let at = 0;
  const remove = item.startsWith("^");
  if (remove) at = 1;
  let success = true;
  let failure = true;
  const sign = item[at];
  if (sign === "+") {
    failure = false;
    at++;
  } else if (sign === "-") {
    success = false;
    at++;
  }
  return { text: item, name: item.slice(at), success, failure, remove };
}

/**
 * The items of a flags string (or of several, in order), prefixes read.
 * Empty items vanish, as under `strtok`.
 *
 * @param flags - a comma-separated list (`lo,+ex`), or several
 */
export function splitAuditFlags(flags: string | Iterable<string>): AuditFlag[] {
  const out: AuditFlag[] = [];
  for (const list of typeof flags === "string" ? [flags] : flags) {
    for (const item of list.split(",")) if (item !== "") out.push(readAuditFlag(item));
  }
  return out;
}

/**
 * Parses audit flags (`lo,+ex,-fc,^fr`) into success and failure masks, as
 * libbsm's `getauditflagsbin` does (see the module notes for the prefixes).
 *
 * @param flags - a comma-separated list, or several (applied in order)
 * @param classes - where class names are looked up (an `EventTable`)
 * @returns the masks, each unsigned 32-bit
 * @throws {@link AuditFlagsError} (a RangeError) for the first unknown
 *   class name, where `getauditflagsbin` returns -1
 */
export function parseAuditFlags(
  flags: string | Iterable<string>,
  classes: AuditClassLookup,
): ClassMasks {
  let success = 0;
  let failure = 0;
  for (const f of splitAuditFlags(flags)) {
    const cls = classes.classByName(f.name);
    if (cls === undefined) throw new AuditFlagsError(f.text, f.name);
    if (f.success) success = f.remove ? success & ~cls.mask : success | cls.mask;
    if (f.failure) failure = f.remove ? failure & ~cls.mask : failure | cls.mask;
  }
  return { success: success >>> 0, failure: failure >>> 0 };
}

/** {@link resolveAuditFlags}'s answer: the masks libbsm would use, and every unknown class item. */
export interface ResolvedAuditFlags extends ClassMasks {
  /** Every item naming a class the table does not know, in order (empty when all are known). */
  unknown: AuditFlag[];
}

/**
 * Parses audit flags as {@link parseAuditFlags} does, but reports every
 * unknown class instead of throwing at the first. As with
 * `getauditflagsbin`, which fails on an unknown class and leaves the mask
 * its caller had zeroed, both masks are 0 when any class is unknown.
 *
 * @param flags - a comma-separated list, or several (applied in order)
 * @param classes - where class names are looked up
 */
export function resolveAuditFlags(
  flags: string | Iterable<string>,
  classes: AuditClassLookup,
): ResolvedAuditFlags {
  const unknown: AuditFlag[] = [];
  const items = splitAuditFlags(flags);
  for (const f of items) if (classes.classByName(f.name) === undefined) unknown.push(f);
  if (unknown.length > 0) return { success: 0, failure: 0, unknown };
  const { success, failure } = parseAuditFlags(
    items.map((f) => f.text),
    classes,
  );
  return { success, failure, unknown };
}
