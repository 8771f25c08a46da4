/**
 * The praudit printer: OpenBSM `praudit` output, byte for byte.
 *
 * All output is a byte string (one char per byte); see {@link prauditBytes}.
 *
 * @module
 */

export { PrintBuffer } from "./bytes";
export { prauditBytes } from "./format";
export { type PrauditOptions, resolvePrauditOptions } from "./options";
export { PrauditPrinter, prauditText } from "./printer";
export { XML_DEVIATIONS } from "./xml";
