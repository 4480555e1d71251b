/** Registers `<gs-terminal>`. */
import { GsTerminal, type GsTerminalEventMap } from './gs-terminal.component.js';

export * from './gs-terminal.component.js';

if (!customElements.get('gs-terminal')) customElements.define('gs-terminal', GsTerminal);

declare global {
  interface HTMLElementTagNameMap {
    'gs-terminal': GsTerminal;
  }
  /** Only the names unique to `<gs-terminal>`; `state-change` and `error` are typed on the element (GsTerminalEventMap). */
  interface GlobalEventHandlersEventMap extends Omit<GsTerminalEventMap, 'state-change' | 'error'> {}
}
