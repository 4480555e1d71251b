/** Registers `<gs-terminal>`. */
import { GsTerminal } from './gs-terminal.component.js';

export * from './gs-terminal.component.js';

if (!customElements.get('gs-terminal')) customElements.define('gs-terminal', GsTerminal);

declare global {
  interface HTMLElementTagNameMap {
    'gs-terminal': GsTerminal;
  }
}
