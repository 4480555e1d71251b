/**
 * A piece of an element that is loaded on demand, the first time a page takes the path that needs it (a dynamic
 * `import()`: a chunk of its own in the cdn/ build, a module of its own in the npm package). The host asks for it
 * with `need()` wherever it renders or runs that piece; `settled()` lets the host's `updateComplete` wait for a
 * load under way. A load that fails is reported once through `onFailure` (never retried: the page goes on
 * without the piece) instead of leaving the path hanging.
 */
import type { ReactiveControllerHost } from 'lit';

export class LazyModule<M> {
  /** The module once it has loaded, else null. */
  module: M | null = null;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly load: () => Promise<M>,
    /** Told once, with the import's error message, when the module could not be loaded. */
    private readonly onFailure: (message: string) => void,
  ) {}

  /** Starts the load the first time (the host re-renders when it is in); returns the module once loaded, else null. */
  need(): M | null {
    this.loading ??= this.load()
      .then(
        (module) => {
          this.module = module;
          this.host.requestUpdate();
        },
        (error: unknown) => this.onFailure((error as Error)?.message ?? String(error)),
      )
      .finally(() => (this.pending = false));
    return this.module;
  }

  /** The load under way, if one is: the host's `updateComplete` waits for it. */
  settled(): Promise<void> | undefined {
    return this.pending && this.loading ? this.loading : undefined;
  }

  private pending = true;
}
