/**
 * The people of `<gs-room>` as it shows them: the participant list's items and one video tile per member. Tiles
 * bind their streams with the srcObject directive, so a render never restarts a playing `<video>`.
 */
import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Translator } from '../i18n/localize.js';
import type { Participant } from '../../room/room-client.js';
import { srcObject } from '../internal/src-object.js';
import type { MessageKey } from './messages.js';

/** A member's tile: its camera (ours muted) and, while shared, its screen; `self` marks ours (`tile self`). */
export function tile(tr: Translator, who: Pick<Participant, 'memberId' | 'displayName' | 'camera' | 'screen'>, self: boolean) {
  const caption = self ? tr.t('room.you', { name: who.displayName }) : who.displayName;
  return html`<figure part=${self ? 'tile self' : 'tile'} data-member-id=${who.memberId}>
    <video part="video" data-kind="camera" aria-label=${tr.t('room.label.camera', { name: caption })} autoplay playsinline ?muted=${self} .muted=${self} ${srcObject(who.camera)}></video>
    ${who.screen
      ? html`<video part="video" data-kind="screen" aria-label=${tr.t('room.label.screen', { name: caption })} autoplay playsinline muted ${srcObject(who.screen)}></video>`
      : nothing}
    <figcaption>${caption}</figcaption>
  </figure>`;
}

/** The participant list: us first, then each remote member with its link state (`room.link.*`). */
export function memberItems(tr: Translator, userName: string, people: Participant[]) {
  return html`<li>${tr.t('room.you', { name: userName })}</li>
    ${repeat(
      people,
      (p) => p.memberId,
      (p) => html`<li data-member-id=${p.memberId}>${p.displayName} <small>${tr.t(`room.link.${p.link}` as MessageKey)}</small></li>`,
    )}`;
}
