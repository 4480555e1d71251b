/**
 * A Lit ReactiveController that follows the session's long steps (src/session/public-state.ts `progressPhase`:
 * calling, capturing, requesting) and the seconds spent in the current one, re-rendering its host when the step
 * changes and once a second while one lasts. Nothing runs when no step is under way.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { progressPhase, type ProgressPhase } from '../../session/public-state.js';
import type { SessionClient } from '../../session/session-client.js';

export class ProgressController implements ReactiveController {
  /** The step under way, or null. */
  phase: ProgressPhase | null = null;
  private startedAt = 0;
  private timer?: ReturnType<typeof setInterval>;
  private subscription?: { unsubscribe(): void };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => SessionClient | undefined,
  ) {
    host.addController(this);
  }

  /** Whole seconds spent in the current step (0 when none). */
  get elapsedSeconds(): number {
    return this.phase ? Math.floor((Date.now() - this.startedAt) / 1000) : 0;
  }

  hostConnected(): void {
    const client = this.client();
    if (!client) return;
    this.subscription = client.actor.subscribe((snapshot) => this.follow(progressPhase(snapshot)));
  }

  hostDisconnected(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.follow(null);
  }

  private follow(next: ProgressPhase | null): void {
    if (next === this.phase) return;
    this.phase = next;
    this.startedAt = Date.now();
    clearInterval(this.timer);
    this.timer = next ? setInterval(() => this.host.requestUpdate(), 1000) : undefined;
    this.host.requestUpdate();
  }
}
