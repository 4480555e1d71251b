/** The flags every Chromium of the tests and benchmarks is started with (see chromium-args.mjs). */
export declare const chromiumArgs: string[];
