/**
 * Holds each step of a model path to the independent table (test/oracle/session-table.ts): the phase the real actor
 * reached, the frames the scripted terminal received and what the host heard, beside the chart's own prediction.
 * What the table depends on (a held terminal request, the requests awaiting a reply) is read off the wire.
 */
import assert from 'node:assert/strict';
import { cellFor, frameMatches, resultMatches, type Phase, type WireFacts } from '../oracle/session-table.js';
import type { SessionEmitted } from '../../src/session/types.js';

interface SnapshotLike {
  matches(value: string | Record<string, unknown>): boolean;
}

/** The phase of the real actor, by its state names (the table names the phases PROTOCOL.md walks). */
export function phaseOf(snap: SnapshotLike): Phase {
  const inCall = (v: unknown) => snap.matches({ inCall: v } as Record<string, unknown>);
  const starting = (s: string) => inCall({ sharing: { presenting: { starting: s } } });
  const map: [Phase, boolean][] = [
    ['idle', snap.matches('idle')],
    ['failed', snap.matches('failed')],
    ['calling.socket', inCall({ calling: 'connecting' })],
    ['calling.offer', inCall({ calling: 'offering' })],
    ['calling.answer', inCall({ calling: 'awaitingAnswer' })],
    ['calling.apply', inCall({ calling: 'applyingAnswer' })],
    ['connected', inCall('connected')],
    ['asked', inCall('asked')],
    ['starting.capture', starting('capturing')],
    ['starting.request', starting('requesting')],
    ['starting.offer', starting('offering')],
    ['starting.answer', starting('awaitingAnswer')],
    ['starting.apply', starting('applyingAnswer')],
    ['presenting', inCall({ sharing: { presenting: 'live' } })],
    ['paused', inCall({ sharing: 'paused' })],
    ['stopping', inCall('stopping')],
    ['cancelling', inCall('cancelling')],
    ['hangingUp', inCall('hangingUp')],
  ];
  const found = map.find(([, on]) => on);
  assert.ok(found, 'the actor is in no phase of the table');
  return found[0];
}

/** How the host hears `e`, in the table's notation. */
export function heard(e: SessionEmitted): string {
  if (e.type === 'result') return `${e.op} ${e.code}`;
  if (e.type === 'ended') return `ended ${e.code}`;
  return `request ${e.kind}`;
}

type WireFrame = { action: string; reqId?: number; sendPermission?: number; rspCode?: number };
function shape(text: string): WireFrame {
  const value = JSON.parse(text) as Record<string, { reqId?: number; sendPermission?: number; rspInfo?: { rspCode?: number } }>;
  const action = Object.keys(value).find((k) => k !== 'local_line')!;
  const b = value[action];
  return { action, reqId: b.reqId, sendPermission: b.sendPermission, rspCode: b.rspInfo?.rspCode };
}

/** One path's table checks: call `step` after each step with what happened in it. */
export class TableCheck {
  private facts: WireFacts = { held: null, awaiting: [] };
  /** The terminal's held ctrlPresentation: its reqId and sendPermission. */
  private held: { reqId: number; permission: number } | null = null;
  /** Rows of the table taken, and steps the documents leave open ("phase label"). */
  /** Steps this path checked against a row of the table. */
  checked = 0;

  constructor(
    private readonly taken: Set<string>,
    private readonly open: Set<string>,
  ) {}

  step(where: string, before: Phase, label: string, incoming: string | null, after: Phase, wire: string[], hears: SessionEmitted[]): void {
    let awaiting = this.facts.awaiting;
    if (incoming) {
      const frame = shape(incoming);
      if (frame.action.endsWith('Ret')) awaiting = awaiting.filter((a) => a !== frame.action.slice(0, -3));
    }
    const cell = cellFor(before, label, { held: this.facts.held, awaiting });
    const sent = wire.map(shape);
    const got = hears.map(heard);
    if (!cell) this.open.add(`${before} ${label.startsWith('timeout ') ? 'timeout' : label}`);
    else {
      this.taken.add(cell.row);
      this.checked++;
      const why = `${where}: table row "${cell.row}" (${cell.from})`;
      if (cell.to) assert.ok([cell.to].flat().includes(after), `${why}: phase ${after}, the table says ${cell.to} (awaiting ${JSON.stringify(awaiting)})`);
      if (cell.wire) {
        const ok = cell.wire.length === sent.length && cell.wire.every((w, i) => frameMatches(w, sent[i]));
        assert.ok(ok, `${why}: frames on the wire ${JSON.stringify(sent)}, the table says ${JSON.stringify(cell.wire)}`);
      }
      if (cell.wireEnds) {
        const last = sent.at(-1);
        assert.ok(last && frameMatches(cell.wireEnds, last), `${why}: frames on the wire ${JSON.stringify(sent)}, the table says they end with ${cell.wireEnds}`);
      }
      if (cell.hears) {
        const ok = cell.hears.length === got.length && cell.hears.every((h, i) => resultMatches(h, got[i]));
        assert.ok(ok, `${why}: the host heard ${JSON.stringify(got)}, the table says ${JSON.stringify(cell.hears)}`);
      }
      for (const some of cell.hearsSome ?? []) {
        assert.ok(got.some((g) => resultMatches(some, g)), `${why}: the host heard ${JSON.stringify(got)}, the table says it includes ${some}`);
      }
    }
    // What the wire now tells.
    const came = incoming ? shape(incoming) : null;
    const asks = came?.action === 'ctrlPresentation' && (came.sendPermission === 3 || came.sendPermission === 2);
    if (asks && this.held === null) this.held = { reqId: came.reqId!, permission: came.sendPermission! };
    for (const f of sent) {
      if (f.action === 'ctrlPresentationRet' && f.reqId === this.held?.reqId) this.held = null;
      if (!f.action.endsWith('Ret')) awaiting = [...awaiting, f.action];
    }
    if (after === 'idle' || after === 'failed') {
      this.held = null;
      awaiting = [];
    }
    this.facts = { held: this.held === null ? null : this.held.permission === 3 ? 'share' : 'stop', awaiting };
  }
}
