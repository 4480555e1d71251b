/**
 * `<gs-screen-share>` from Vue 3: a string template compiled in the browser (vite aliases `vue` to Vue's full
 * esm-bundler build), `isCustomElement` so Vue leaves `gs-*` tags to the browser, `.prop` bindings for properties
 * and listeners. In a string template (or an SFC) Vue 3.5 keeps the case of `@shareScreen` (the e2e test proves the
 * listener below hears it); in an in-DOM template the HTML parser lower-cases it to `@sharescreen`, which hears
 * nothing, so the page listens through the kebab-case `gs-` aliases too (`@gs-share-screen`, `@gs-stop-share-screen`,
 * `@gs-hangup`), which work in both. ?id=<terminal id> picks the terminal.
 */
import { createApp, ref } from 'vue';
import '../src/elements/gs-screen-share/gs-screen-share.js';
import type { GsResultDetail, GsStateChangeDetail } from '../src/elements/gs-screen-share/gs-screen-share.js';
import { TERMINAL_ID_PATTERN, terminalAddress } from '../src/protocol/index.js';

const requested = new URLSearchParams(location.search).get('id') ?? 'demo';
const id = TERMINAL_ID_PATTERN.test(requested) ? requested : 'demo';
document.querySelector<HTMLAnchorElement>('#terminal-link')!.href = `./terminal.html?id=${encodeURIComponent(id)}`;

const app = createApp({
  template: `
    <gs-screen-share id="vue-share" :address="address" .userName="userName"
      @state-change="onState" @gs-share-screen="onResult('shareScreen', $event)"
      @gs-stop-share-screen="onResult('stopShareScreen', $event)" @gs-hangup="onResult('hangup', $event)"
      @shareScreen="onResult('camelCase shareScreen', $event)"></gs-screen-share>
    <p>Vue sees the state: <output id="vue-state">{{ state }}</output></p>
    <h2>Events</h2>
    <ol id="log" class="log"><li v-for="line in log" :key="line.n">{{ line.text }}</li></ol>
  `,
  setup() {
    const state = ref('idle');
    const log = ref<{ n: number; text: string }[]>([]);
    let n = 0;
    const add = (text: string) => log.value.unshift({ n: ++n, text });
    return {
      address: terminalAddress(location.origin, id),
      userName: 'vue_client',
      state,
      log,
      onState: (e: CustomEvent<GsStateChangeDetail>) => {
        state.value = e.detail.state;
        add(`state-change ${e.detail.state}`);
      },
      onResult: (name: string, e: CustomEvent<GsResultDetail>) => add(`${name} ${e.detail.code}`),
    };
  },
});
app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('gs-');
app.mount('#app');
