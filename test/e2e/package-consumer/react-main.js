// The React wrapper from the package (no JSX, so the page needs no compiler step): props set, `onShareScreen` heard.
import { createElement, useRef } from 'react';
import { createRoot } from 'react-dom/client';
import GsScreenShare from 'gs-screen-share/react/gs-screen-share.js';

window.heard = [];
function App() {
  const ref = useRef(null);
  window.wrapped = ref;
  return createElement(GsScreenShare, {
    ref,
    userName: 'react_pkg',
    onShareScreen: (e) => window.heard.push(['shareScreen', e.detail.code]),
    onStateChange: (e) => window.heard.push(['state-change', e.detail.state]),
  });
}
createRoot(document.querySelector('#root')).render(createElement(App));
