/**
 * The context key through which `<gs-screen-share>` shares its session with descendants (toolbars, previews,
 * stats panels) via @lit/context. A Symbol, so two copies of the library never collide.
 */
import { createContext } from '@lit/context';
import type { SessionClient } from '../../session/session-client.js';

export const sessionContext = createContext<SessionClient | undefined>(Symbol('gs-screen-share-session'));
