/**
 * `srcObject(stream)`: an element directive that gives a `<video>` or `<audio>` its MediaStream.
 *
 * Lit re-commits an object bound with `.srcObject=${stream}` on every render, and each assignment of `srcObject`
 * runs the media element load algorithm: the picture goes black, `currentTime` returns to 0 and the sound drops.
 * This directive assigns only when the stream really changes (null and undefined both mean "none"), so a render
 * never touches a playing element (STYLE.md "Across our five elements").
 */
import { noChange, nothing } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

class SrcObjectDirective extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new TypeError('srcObject() belongs on a media element: <video ${srcObject(stream)}>');
  }

  render(_stream: MediaProvider | object | null | undefined): typeof nothing {
    return nothing;
  }

  override update(part: ElementPart, [stream]: [MediaProvider | object | null | undefined]): typeof noChange {
    const media = part.element as HTMLMediaElement;
    const next = (stream ?? null) as MediaProvider | null;
    if (media.srcObject !== next) media.srcObject = next;
    return noChange;
  }
}

export const srcObject = directive(SrcObjectDirective);
