/**
 * `<gs-screen-share>` from React 19: (1) through @lit/react's createComponent wrapper, which sets properties and
 * maps events to `on…` props; (2) as a plain custom element, which React 19 renders with properties, its events
 * listened to through a ref. Written without JSX so the demo needs no extra compiler step.
 * ?id=<terminal id> picks the terminal (default `demo`).
 */
import React, { createElement as h, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createComponent, type EventName } from '@lit/react';
import { GsScreenShare, type GsResultDetail, type GsStateChangeDetail } from '../src/elements/gs-screen-share/gs-screen-share.js';
import { TERMINAL_ID_PATTERN, terminalAddress } from '../src/protocol/index.js';

/** The React wrapper: typed props and `on…` event props. */
const ScreenShare = createComponent({
  tagName: 'gs-screen-share',
  elementClass: GsScreenShare,
  react: React,
  events: {
    onShareScreen: 'shareScreen' as EventName<CustomEvent<GsResultDetail>>,
    onStopShareScreen: 'stopShareScreen' as EventName<CustomEvent<GsResultDetail>>,
    onHangup: 'hangup' as EventName<CustomEvent<GsResultDetail>>,
    onStateChange: 'state-change' as EventName<CustomEvent<GsStateChangeDetail>>,
  },
});

const requested = new URLSearchParams(location.search).get('id') ?? 'demo';
const id = TERMINAL_ID_PATTERN.test(requested) ? requested : 'demo';
document.querySelector<HTMLAnchorElement>('#terminal-link')!.href = `./terminal.html?id=${encodeURIComponent(id)}`;
const address = terminalAddress(location.origin, id);

function App() {
  const [log, setLog] = useState<string[]>([]);
  const [state, setState] = useState('idle');
  const add = (line: string) => setLog((lines) => [line, ...lines]);
  // The plain element: React 19 sets `userName` as a property; its events come through a ref.
  const plain = useRef<GsScreenShare>(null);
  useEffect(() => {
    const el = plain.current!;
    const onState = (e: CustomEvent<GsStateChangeDetail>) => add(`plain state-change ${e.detail.state}`);
    el.addEventListener('state-change', onState);
    return () => el.removeEventListener('state-change', onState);
  }, []);

  return h(
    'div',
    null,
    h('h2', null, 'Through @lit/react'),
    h(ScreenShare, {
      id: 'wrapped',
      address,
      userName: 'react_wrapper',
      onStateChange: (e: CustomEvent<GsStateChangeDetail>) => {
        setState(e.detail.state);
        add(`state-change ${e.detail.state}`);
      },
      onShareScreen: (e: CustomEvent<GsResultDetail>) => add(`shareScreen ${e.detail.code}`),
      onStopShareScreen: (e: CustomEvent<GsResultDetail>) => add(`stopShareScreen ${e.detail.code}`),
      onHangup: (e: CustomEvent<GsResultDetail>) => add(`hangup ${e.detail.code}`),
    }),
    h('p', null, 'React sees the state: ', h('output', { id: 'react-state' }, state)),
    h('h2', null, 'As a plain custom element (React 19)'),
    h('gs-screen-share', { id: 'plain', ref: plain, address, userName: 'react_plain' }),
    h('h2', null, 'Events'),
    h('ol', { id: 'log', className: 'log' }, log.map((line, i) => h('li', { key: log.length - i }, line))),
  );
}

createRoot(document.querySelector('#root')!).render(h(App));
