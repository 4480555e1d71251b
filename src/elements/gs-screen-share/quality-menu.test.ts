import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import './gs-screen-share.js';
import type { GsScreenShare, GsQualityChangeDetail } from './gs-screen-share.component.js';

describe('<gs-screen-share> quality', () => {
  it('has no quality menu unless quality-menu is set; the default plan is sharp text', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share></gs-screen-share>`);
    expect(el.shadowRoot!.querySelector('[part="quality-menu"]')).to.equal(null);
    expect(el.qualityPlan).to.include({ preset: 'text', contentHint: 'detail', degradationPreference: 'maintain-resolution', maxFps: 15, kbps: 1500 });
  });

  it('the quality menu lists the presets; picking one sets `quality` and fires quality-change (not live without a share)', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share quality-menu></gs-screen-share>`);
    const select = el.shadowRoot!.querySelector<HTMLSelectElement>('[part="quality-menu"]')!;
    expect([...select.options].map((o) => o.value)).to.deep.equal(['text', 'balanced', 'motion']);
    expect(select.value).to.equal('text');
    expect(select.closest('label')!.getAttribute('part')).to.equal('quality');
    select.value = 'motion';
    setTimeout(() => select.dispatchEvent(new Event('change')));
    const event = await oneEvent(el, 'quality-change');
    const detail = (event as CustomEvent<GsQualityChangeDetail>).detail;
    expect(el.quality).to.equal('motion');
    expect(detail.live).to.equal(false);
    expect(detail.plan).to.include({ preset: 'motion', maxHeight: 720, maxFps: 60, contentHint: 'motion', degradationPreference: 'maintain-framerate' });
  });

  it('attributes set the plan: max-width, max-height, max-fps and max-bitrate override the preset', async () => {
    const el = await fixture<GsScreenShare>(
      html`<gs-screen-share quality="balanced" max-width="1280" max-height="720" max-fps="20" max-bitrate="800"></gs-screen-share>`,
    );
    expect(el.qualityPlan).to.include({ preset: 'balanced', maxWidth: 1280, maxHeight: 720, maxFps: 20, kbps: 800 });
    const context = (el as unknown as { session: { client: { actor: { getSnapshot(): { context: Record<string, unknown> } } } } }).session.client.actor.getSnapshot().context;
    expect(context.maxBitrateKbps).to.equal(800);
  });

  it('an unknown preset fires error 400 (not bubbling) and keeps the plan; the status line shows it', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share></gs-screen-share>`);
    setTimeout(() => (el.quality = 'cinema'));
    const event = (await oneEvent(el, 'error')) as unknown as CustomEvent<{ code: number; message: string }>;
    expect(event.bubbles).to.equal(false);
    expect(event.detail.code).to.equal(400);
    expect(event.detail.message).to.contain('Unknown quality preset "cinema"');
    expect(el.qualityPlan.preset).to.equal('text');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="status"]')!.textContent).to.contain('400');
    // call() re-reads the settings; the same bad preset is not reported twice.
    let errors = 0;
    el.addEventListener('error', () => errors++);
    await el.call('ws://127.0.0.1:9/terminals/none');
    expect(errors).to.equal(1); // the call's own 302, not another 400
  });
});
