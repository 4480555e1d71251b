// Browser tests: src/**/*.test.ts, compiled by esbuild (Lit's legacy decorators, per tsconfig.json) and run with
// Mocha in Debian's Chromium (or CHROMIUM_PATH) through playwright-core. No browser is ever downloaded.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { countsReporter } from './scripts/wtr-counts-reporter.mjs';
import { chromiumArgs } from './scripts/chromium-args.mjs';
import { signallingServerPlugin } from './scripts/wtr-signalling-plugin.mjs';

const DEFAULT_VIEWPORT = { width: 1280, height: 720 };
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export default {
  files: ['src/**/*.test.ts'],
  nodeResolve: true,
  // One page at a time: 2 cores, and WebRTC/capture tests are timing sensitive.
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 300_000,
  // signallingServerPlugin: our real server on 127.0.0.1 for tests that call a real <gs-terminal> (GET /__signalling).
  // GET /__ice-servers-never: an ICE-servers URL that never answers, for the tests of an aborted fetch; the request
  // ends when the page aborts it.
  middleware: [
    (ctx, next) =>
      ctx.path === '/__ice-servers-never' ? new Promise((resolve) => ctx.req.on('close', () => resolve(undefined))) : next(),
  ],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }), signallingServerPlugin()],
  testFramework: { config: { timeout: 20_000 } },
  // countsReporter writes the totals to $WTR_COUNTS_FILE for scripts/test.mjs (and does nothing without it).
  reporters: [defaultReporter(), countsReporter()],
  // Lit's one-line dev-mode notice would otherwise be printed for every test file.
  filterBrowserLogs: ({ args }) => !(typeof args[0] === 'string' && args[0].startsWith('Lit is in dev mode')),
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      // Headless Chromium's fake "Entire screen" capture is as big as the page's emulated screen, which follows
      // the viewport, and WTR resets every page's viewport to 800x600 before each test file. Make that default
      // 1280x720 (Playwright's own default), so getDisplayMedia gives 1280x720 frames; an explicit setViewport()
      // from @web/test-runner-commands with any other size still goes through.
      createPage: async ({ context }) => {
        const page = await context.newPage();
        const setViewportSize = page.setViewportSize.bind(page);
        page.setViewportSize = (size) =>
          setViewportSize(size.width === 800 && size.height === 600 ? DEFAULT_VIEWPORT : size);
        return page;
      },
      launchOptions: {
        executablePath,
        headless: true,
        args: chromiumArgs,
      },
    }),
  ],
};
