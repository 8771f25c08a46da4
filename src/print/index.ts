/**
 * The praudit printer: OpenBSM `praudit` output, byte for byte.
 *
 * All output is a byte string (one char per byte); see {@link prauditBytes}.
 *
 * @module
 */

export { prauditBytes } from "./format";
export { PrauditPrinter, prauditText } from "./praudit";
export { type PrauditOptions, resolvePrauditOptions } from "./praudit-options";
export { PrintBuffer } from "./print-buffer";
export { XML_DEVIATIONS } from "./xml-deviations";
