/**
 * The classic-script build of gsRTC (dist/…/gsRTC.js, an IIFE): it sets `window.gsRTC` and the global functions
 * preInit, call, beginScreen, pausePresent, stopScreen and hangUP, so a page written for the original library only
 * swaps its `<script>` tag (seed 000).
 */
import { gsRTC, GsRTC } from './gsrtc.js';

const globals = globalThis as Record<string, unknown>;
globals.GsRTC = GsRTC;
globals.gsRTC = gsRTC;
globals.preInit = gsRTC.preInit.bind(gsRTC);
globals.call = gsRTC.call.bind(gsRTC);
globals.beginScreen = gsRTC.beginScreen.bind(gsRTC);
globals.pausePresent = gsRTC.pausePresent.bind(gsRTC);
globals.stopScreen = gsRTC.stopScreen.bind(gsRTC);
globals.hangUP = gsRTC.hangUP.bind(gsRTC);
