/**
 * The chart library the report inlines: uPlot's minified browser build and
 * its style sheet, read from the installed `uplot` package (a runtime
 * dependency) when a report is rendered, so the HTML file needs no network.
 *
 * uPlot was chosen for size and speed. Minified browser builds, measured
 * from the packages (2026-11): uPlot 1.6.32 51,081 bytes; Chart.js 4.6.1
 * 210,082; ECharts 6.1.0 1,121,883; Vega 6.4.0 with Vega-Lite 6.4.3
 * 771,968. uPlot draws tens of thousands of points on one canvas in
 * milliseconds, and the report's charts are time series (volume and
 * failures over time) plus bars, which it draws with its own bar paths.
 *
 * @module
 */

import { createRequire } from "node:module";
import { readTextFile } from "../io/text-file";
import { IoError } from "../wire/errors";

/**
 * Largest library file read: 1 MiB. uPlot's minified build is 51 KB and its
 * style sheet 2 KB (1.6.32); twenty times that leaves room for new releases
 * while a file replaced by something else is refused, not inlined.
 */
export const MAX_CHART_LIBRARY_BYTES = 1024 * 1024;

/** The library's script and style sheet, as text. */
export interface ChartLibrary {
  /** uPlot's minified IIFE build (defines the global `uPlot`). */
  script: string;
  /** uPlot's minified CSS. */
  style: string;
}

let cached: ChartLibrary | undefined;

/**
 * Reads uPlot's browser build and style sheet from `node_modules` (once per
 * process).
 *
 * @returns the two files' texts
 * @throws `IoError` when a file is missing, unreadable or over
 *   {@link MAX_CHART_LIBRARY_BYTES}
 */
export function loadChartLibrary(): ChartLibrary {
  if (cached !== undefined) return cached;
  const require = createRequire(import.meta.url);
  const read = (file: string, what: string) => {
    let path: string;
    try {
      path = require.resolve(`uplot/dist/${file}`);
    } catch (e) {
      throw new IoError(`cannot find ${what}: is the uplot package installed?`, {
        file: `uplot/dist/${file}`,
        offset: 0,
        recordOffset: 0,
        tokenId: -1,
        code: "ENOENT",
        cause: e,
      });
    }
    return readTextFile(path, { maxBytes: MAX_CHART_LIBRARY_BYTES, what });
  };
  cached = {
    script: read("uPlot.iife.min.js", "uPlot script"),
    style: read("uPlot.min.css", "uPlot style sheet"),
  };
  return cached;
}
