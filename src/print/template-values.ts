/**
 * What the generated XML printer (src/gen/xml-printer.ts) and `-r`'s
 * templates call beside the string helpers of src/print/format.ts: the
 * IPC type, exit status and privilege-use words, and the list formats'
 * elements.
 *
 * @module
 */

import type { PrintContext } from "./context";
import {
  cString,
  EXIT_ERROR_PREFIX,
  IPC_TYPE_WORDS,
  PRIV_USE_WORDS,
  xmlEscape,
  xmlVisString,
} from "./format";

/** libbsm's `print_ipctype`: the IPC type's words (`-r`: the number). */
export function ipcTypeText(c: PrintContext, type: number): string {
  return !c.raw && type >= 1 && type <= 3 ? IPC_TYPE_WORDS[type - 1] : `${type}`;
}

/** An exit token's status: `Error N`. */
export function exitErrorText(status: number): string {
  return `${EXIT_ERROR_PREFIX}${status}`;
}

/** A use-of-privilege token's status. */
export function privUseText(status: number): string {
  return PRIV_USE_WORDS[status ? 1 : 0];
}

/**
 * A list format's elements, each inside `<element>...</element>`: `args`
 * (at most 128, `AUDIT_MAX_ARGS`, through `vis(3)`), `cstrs` (escaped),
 * `groups` (group names).
 */
export function templateList(
  c: PrintContext,
  format: string,
  v: readonly Uint8Array[] | readonly number[],
  element: string,
): string {
  let s = "";
  if (format === "groups") {
    for (const g of v as readonly number[]) s += `<${element}>${c.group(g)}</${element}>`;
    return s;
  }
  const list = v as readonly Uint8Array[];
  const n = format === "args" ? Math.min(list.length, 128) : list.length;
  for (let i = 0; i < n; i++) {
    const text = cString(list[i]);
    s += `<${element}>${format === "args" ? xmlVisString(text) : xmlEscape(text, false)}</${element}>`;
  }
  return s;
}
