/**
 * The share quality of `<gs-screen-share>`: resolves its `quality`, `max-width`, `max-height`, `max-fps` and
 * `max-bitrate` into a QualityPlan (src/session/quality.ts, the pure part), keeps the last good plan when a setting
 * is bad (one `error` 400 per bad setting), applies a new plan to a live share without renegotiation, caps it by
 * the device's capability from the call's first answer (DEVICE.md), answers the quality menu, and fires
 * `quality-change`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Code, describeCode, type Result } from '../../protocol/index.js';
import { QualityError, capByDevice, resolveQuality, type QualityPlan } from '../../session/quality.js';
import { renderQualityMenu } from './quality-menu.js';
import type { MessageKey } from './messages.js';

/** `detail` of `quality-change`. */
export interface GsQualityChangeDetail {
  /** The plan now in force: preset, max width/height (px), min/max fps, kbps, contentHint, degradationPreference. */
  plan: QualityPlan;
  /** True when it was applied to a live share (applyConstraints + setParameters, no new offer/answer). */
  live: boolean;
}

/** The element's quality settings, as its properties name them. */
const SETTINGS = ['quality', 'maxWidth', 'maxHeight', 'maxFps', 'maxBitrate'] as const;

/** What the controller needs of its element. */
export interface QualityHost extends ReactiveControllerHost {
  /** Preset name; the quality menu sets it. */
  quality: string;
  readonly maxWidth: number;
  readonly maxHeight: number;
  readonly maxFps: number;
  readonly maxBitrate: number;
}

export interface QualityControllerOptions {
  /** True while a share is live (presenting or paused): a new plan is applied to it at once. */
  live: () => boolean;
  /** Applies a plan to the live share (applyConstraints + setParameters). */
  retune: (plan: QualityPlan) => Promise<void>;
  /** A bad setting, for the status line (`quality` is its reason), before its `error` fires. */
  onInvalid: (failure: Result & { quality: string }) => void;
  /** Fires an event on the element (`quality-change`, or `error` which does not bubble). */
  emit: (name: 'quality-change' | 'error', detail: GsQualityChangeDetail | Result, options?: { bubbles?: boolean }) => void;
}

export class QualityController implements ReactiveController {
  /** The last good plan, before the device's cap. */
  plan: QualityPlan = resolveQuality();
  /** The device's capability from the current call's first answer, if it stated one. */
  deviceCap: QualityPlan['deviceCap'];
  /** The message of the bad quality setting last reported, '' when the settings are good. */
  private error = '';

  constructor(
    private readonly host: QualityHost,
    private readonly options: QualityControllerOptions,
  ) {
    host.addController(this);
  }

  /** Nothing to start: the plan and the settings outlive a removal from the page. */
  hostConnected(): void {}

  /** The plan in force, capped by the device's capability (the lower of the preset's and the device's wins). */
  get capped(): QualityPlan {
    return capByDevice(this.plan, this.deviceCap);
  }

  /** From the element's `willUpdate`: re-resolves when a quality setting changed; true when one did. */
  settingsChanged(changed: ReadonlyMap<PropertyKey, unknown>): boolean {
    const any = SETTINGS.some((key) => changed.has(key));
    if (any) this.update();
    return any;
  }

  /** Resolves the quality settings; a bad one fires `error` 400 and keeps the last good plan; a live share is retuned. */
  update(): void {
    const { quality, maxWidth, maxHeight, maxFps, maxBitrate } = this.host;
    let next: QualityPlan;
    try {
      next = resolveQuality({ preset: quality, maxWidth, maxHeight, maxFps, maxKbps: maxBitrate });
    } catch (error) {
      if (!(error instanceof QualityError)) throw error;
      // call() re-reads the settings: the same bad setting is reported once.
      if (error.message === this.error) return;
      this.error = error.message;
      const failure = { code: error.code, message: `${describeCode(error.code)}: ${error.message}` };
      this.options.onInvalid({ ...failure, quality: error.message });
      this.options.emit('error', failure, { bubbles: false });
      return;
    }
    this.error = '';
    if (JSON.stringify(next) === JSON.stringify(this.plan)) return;
    this.plan = next;
    const live = this.options.live();
    if (live) {
      this.options.retune(next).catch((error: unknown) => {
        const failure = { code: Code.MEDIA_ERROR, message: `${describeCode(Code.MEDIA_ERROR)}: ${(error as Error)?.message ?? error}` };
        this.options.emit('error', failure, { bubbles: false });
      });
    }
    this.options.emit('quality-change', { plan: next, live });
  }

  /** The device's capability from the call's first answer (undefined at the start of a call); re-renders. */
  setDeviceCap(cap: QualityPlan['deviceCap']): void {
    this.deviceCap = cap;
    this.host.requestUpdate();
  }

  /** The quality menu (quality-menu.ts), showing the plan's preset; a pick sets the element's `quality`. */
  renderMenu(t: (key: MessageKey) => string) {
    return renderQualityMenu(this.plan.preset, this.pick, t);
  }

  private readonly pick = (preset: string) => {
    this.host.quality = preset;
  };
}
