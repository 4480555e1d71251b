/**
 * The built-in confirm prompt of `<gs-screen-share>` (part `confirm`; slots `confirm-text`, `accept-button`,
 * `decline-button`): shown when the terminal asks to be shown the screen (ctrlPresentation(3), PROTOCOL.md "Flows")
 * and no host listener answered. It opens the `<dialog>` as a modal (focus moves into it
 * and stays there, Tab wraps between its two buttons), closes it when answered or when the ask is gone, and gives
 * focus back to where it was.
 */
import { html } from 'lit';

/** What the prompt needs of its element. */
interface PromptHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  requestUpdate(): void;
}

export class ConfirmPrompt {
  /** True while the prompt is shown. */
  open = false;
  /** Where focus was before the prompt opened; restored when it closes. */
  private focusBefore: HTMLElement | null = null;
  private answer: (accept: boolean) => void = () => {};

  constructor(private readonly host: PromptHost) {}

  /** Shows the prompt; `answer` is called once, with the person's choice (Escape declines). */
  ask(answer: (accept: boolean) => void): void {
    this.answer = answer;
    this.open = true;
    this.host.requestUpdate();
  }

  /** Hides the prompt without an answer (the ask was answered elsewhere, or is gone). */
  close(): void {
    if (!this.open) return;
    this.open = false;
    this.host.requestUpdate();
  }

  /**
   * Opens or closes the `<dialog>` to match: called from the element's `updated()`, after its slotted buttons got
   * their enabled state, so the modal's autofocus finds an enabled button.
   */
  sync(): void {
    const dialog = this.host.renderRoot.querySelector<HTMLDialogElement>('dialog[part="confirm"]');
    if (!dialog) return;
    if (this.open && !dialog.open) {
      this.focusBefore = deepActiveElement();
      dialog.showModal();
    } else if (!this.open && dialog.open) {
      dialog.close();
      const previous = this.focusBefore;
      this.focusBefore = null;
      if (previous?.isConnected) previous.focus();
    }
  }

  /** The `<dialog>`, with the title and text in the element's language. */
  render(t: (key: 'prompt.title' | 'prompt.text' | 'button.accept' | 'button.decline') => string) {
    return html`<dialog part="confirm" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-text" @cancel=${this.onCancel} @keydown=${this.onKeydown}>
      <h2 id="confirm-title" part="confirm-title">${t('prompt.title')}</h2>
      <div id="confirm-text"><slot name="confirm-text"><p part="confirm-text">${t('prompt.text')}</p></slot></div>
      <div part="confirm-actions">
        <slot name="accept-button" @click=${this.onAccept}
          ><button part="button accept-button" type="button" autofocus>${t('button.accept')}</button></slot
        >
        <slot name="decline-button" @click=${this.onDecline}
          ><button part="button decline-button" type="button">${t('button.decline')}</button></slot
        >
      </div>
    </dialog>`;
  }

  private readonly onAccept = () => this.answer(true);
  private readonly onDecline = () => this.answer(false);

  /** Escape in the prompt: decline (the dialog stays under our control, so the state and the dialog agree). */
  private readonly onCancel = (event: Event) => {
    event.preventDefault();
    this.answer(false);
  };

  /**
   * Keeps Tab inside the prompt: a modal dialog makes the page behind inert, but Tab past its last button would
   * leave for the browser's own toolbar; wrap around between the first and the last of the prompt's buttons.
   */
  private readonly onKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Tab') return;
    const buttons = ['accept-button', 'decline-button'].map((name) => {
      const slot = this.host.renderRoot.querySelector<HTMLSlotElement>(`slot[name="${name}"]`)!;
      return (slot.assignedElements()[0] as HTMLElement | undefined) ?? slot.querySelector('button')!;
    });
    const active = deepActiveElement();
    const first = buttons[0];
    const last = buttons[buttons.length - 1];
    if (event.shiftKey && (active === first || !buttons.includes(active!))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  };
}

/** The focused element, looking inside shadow roots. */
function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}
