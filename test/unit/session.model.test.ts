/**
 * Model-based tests of the session statechart: paths generated from the chart itself with
 * xstate/graph are run, step by step, against the real chart with the REAL signalling actor over a real
 * WebSocket to a scripted terminal (a `ws` server replaying protocol transcripts), with a scripted peer
 * connection and capture and a SimulatedClock for the request timeouts.
 *
 * The model (test/support/model-session.ts) is the chart plus what the world knows: which requests reached the
 * terminal, whether the socket is open. Its events per state are every host command (CALL, BEGIN_SCREEN, PAUSE,
 * STOP_SCREEN, HANG_UP, ANSWER_REQUEST, CONFIGURE) and the facts the actors can produce there: the terminal's
 * replies (200 and 4xx, with the answer SDP) to the requests it holds, its own requests (ctrlPresentation 3 and 2,
 * destroyMediaSession(4) with or without a 5xx reason, trickled candidates, an unsupported request), the socket
 * opening or closing, the peer's offer / applied answer / failure, the capture granted / refused / ended, and each
 * request timeout.
 *
 * For every edge of the model's graph, one path: the shortest path to the edge's source, then the edge. After each
 * step the real actor must be in the state the model predicts, with the same pending requests and reqIds; the
 * scripted terminal must have received exactly the frames the model predicts, byte for byte; the peer must have
 * been given exactly the predicted commands; the host must have heard exactly the predicted results; and the
 * signalling, peer and capture actors must be running exactly while their states are active.
 *
 * The chart's prediction cannot catch a wrong code or target in the chart (it predicts that too), so each step is
 * also held to the independent table test/oracle/session-table.ts, written from PROTOCOL.md and DEVICE.md: the phase
 * reached, the frames on the wire and what the host heard. Steps the documents leave open are listed, not checked.
 *
 * Then every state node and every transition of `sessionMachine` (each `on` / `after` transition, guarded
 * alternatives apart) and every row of the table must have been taken by the real actor in that same test, or it
 * fails (counted there, so the claim does not depend on which tests ran before).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createActor, SimulatedClock, type ActorLogic, type AnyActorRef, type InspectionEvent } from 'xstate';
import { getAdjacencyMap, getShortestPaths, type AdjacencyMap, type TraversalOptions } from 'xstate/graph';
import { sessionMachine } from '../../src/session/session.machine.js';
import { serialiseFrame } from '../../src/protocol/index.js';
import type { PeerCommand, SessionEmitted } from '../../src/session/types.js';
import {
  MODEL_INPUT,
  MODEL_TIMEOUT_MS,
  MODEL_URL,
  enumerateChart,
  eventsFor,
  initialModelState,
  labelOf,
  modelTransition,
  serializeModelState,
  transitionKey,
  type ModelEvent,
  type ModelState,
} from '../support/model-session.js';
import { ScriptedTerminal, until } from '../support/model-terminal.js';
import { createControlledActors } from '../support/model-actors.js';
import { TableCheck, phaseOf } from '../support/table-check.js';
import { tableRows } from '../oracle/session-table.js';

/**
 * Transitions that no path can take, each with the reason. A transition listed here is reported, not hidden:
 * the coverage line counts it as uncovered. Empty: every transition of the chart is reachable.
 */
const UNREACHABLE: Record<string, string> = {};

/**
 * The ICE watch (src/session/ice-restart.ts) in connected, presenting.live and paused, and the end it leads to:
 * not in the model, whose graph with the peer's connection states and the tries taken grew past what a test can
 * run (over 15 minutes, 3.8 GB). It is covered by test/unit/ice-watch.model.test.ts instead: every row of its own
 * independent table (test/oracle/ice-table.ts) in each of the three states, and every one of its state nodes and
 * transitions (`always` ones too, which this test's list leaves out) taken there. Here its states and transitions
 * are reported as not modelled (21 states, the three `stable` ones being entered here; 28 transitions), not counted
 * as covered.
 */
const ICE_WATCH_REASON = 'ICE watch, outside the model: covered by test/unit/ice-watch.model.test.ts';
const inIceWatch = (id: string) => /Ice(Stable)?$/.test(id) || /\.(disconnected|restarting)(\.|$)/.test(id);
const iceWatchTransition = (key: string) => inIceWatch(key.split(' ')[0]) || key.split(' ')[1] === 'ICE.GAVE_UP';

const chart = enumerateChart(sessionMachine);

/** What one run of every path took: filled by runPath, read by the same test that runs them. */
interface Coverage {
  states: Set<string>;
  transitions: Set<string>;
  /** Rows of the independent table (test/oracle/session-table.ts) checked, and steps it leaves open. */
  rows: Set<string>;
  open: Set<string>;
  frames: number;
  /** Steps checked against a row of the table. */
  tableSteps: number;
}

let terminal: ScriptedTerminal;
before(async () => {
  terminal = await ScriptedTerminal.start();
});
after(async () => {
  await terminal?.stop();
});

type ModelLogic = ActorLogic<ModelState & { status: 'active'; output: undefined; error: undefined }, ModelEvent>;
const modelLogic = {
  transition: (state: ModelState, event: ModelEvent) => modelTransition(state, event),
  getInitialSnapshot: () => initialModelState(),
} as unknown as ModelLogic;
const traversal = {
  events: (state: ModelState) => eventsFor(state),
  serializeState: (state: ModelState) => serializeModelState(state),
  serializeEvent: (event: ModelEvent) => labelOf(event),
  fromState: initialModelState(),
} as unknown as TraversalOptions<ReturnType<ModelLogic['transition']>, ModelEvent, unknown>;

interface ModelPath {
  /** Labels of the events, in order. */
  labels: string[];
  /** Serialized model state expected after each event. */
  expected: string[];
}

/** One path per edge of the model's graph: the shortest path to its source, then the edge; prefixes dropped. */
function generatePaths(): { paths: ModelPath[]; vertices: number; edges: number } {
  const adjacency = getAdjacencyMap(modelLogic, traversal) as unknown as AdjacencyMap<ModelState, ModelEvent>;
  const shortest = new Map<string, ModelPath>();
  for (const path of getShortestPaths(modelLogic, traversal)) {
    // Steps after alterPath: [init, …, (event → state)]; the first step is the initial state.
    const steps = path.steps.slice(1);
    shortest.set(serializeModelState(path.state as unknown as ModelState), {
      labels: steps.map((s) => labelOf(s.event)),
      expected: steps.map((s) => serializeModelState(s.state as unknown as ModelState)),
    });
  }
  const all: ModelPath[] = [];
  let edges = 0;
  for (const [source, { transitions }] of Object.entries(adjacency)) {
    const head = shortest.get(source);
    assert.ok(head, `no path reaches ${source}`);
    for (const [label, { state }] of Object.entries(transitions) as [string, { state: Parameters<typeof serializeModelState>[0] }][]) {
      edges++;
      all.push({ labels: [...head.labels, label], expected: [...head.expected, serializeModelState(state)] });
    }
  }
  all.sort((a, b) => b.labels.length - a.labels.length);
  const prefixes = new Set<string>();
  const paths: ModelPath[] = [];
  for (const path of all) {
    const key = path.labels.join('\n');
    if (prefixes.has(key)) continue;
    paths.push(path);
    for (let i = 1; i <= path.labels.length; i++) prefixes.add(path.labels.slice(0, i).join('\n'));
  }
  return { paths: paths.reverse(), vertices: Object.keys(adjacency).length, edges };
}

/** Peer commands as compared: the track is a live object, so only whether one is given counts. */
const peerShape = (c: PeerCommand) => (c.type === 'SET_SLIDES' ? { type: c.type, track: c.track !== null } : c);

async function runPath(path: ModelPath, index: number, covered: Coverage): Promise<void> {
  const line = terminal.line(`model-${index}`, true);
  const url = terminal.url(line);
  const { controls, actors } = createControlledActors();
  const clock = new SimulatedClock();
  const processed: string[] = [];
  let root: AnyActorRef | undefined;
  const actor = createActor(sessionMachine.provide({ actors }), {
    input: MODEL_INPUT,
    clock,
    inspect: (ev: InspectionEvent) => {
      if (!root || ev.actorRef !== root) return;
      if (ev.type === '@xstate.microstep') for (const t of ev._transitions) covered.transitions.add(transitionKey(t));
      if (ev.type === '@xstate.snapshot') processed.push(ev.event.type);
    },
  });
  root = actor;
  const emitted: SessionEmitted[] = [];
  actor.on('*', (e) => emitted.push(e as SessionEmitted));
  const expectedWire: string[] = [];
  const expectedPeer: PeerCommand[] = [];
  const expectedEmitted: SessionEmitted[] = [];
  let model = initialModelState();
  const reports = new Map<string, number>();
  const table = new TableCheck(covered.rows, covered.open);
  actor.start();
  const where = (i: number) =>
    `path #${index} step ${i + 1} "${path.labels[i]}"\n  path: ${path.labels.map((l, j) => (j === i ? `[${l}]` : l)).join(' → ')}`;

  try {
    for (const [i, label] of path.labels.entries()) {
      const event = eventsFor(model).find((e) => labelOf(e) === label);
      assert.ok(event, `${where(i)}: cannot happen in ${serializeModelState(model)}`);
      const next = modelTransition(model, event);
      assert.equal(serializeModelState(next), path.expected[i], `${where(i)}: the model is not deterministic`);

      // Make the fact happen in the real world.
      const mark = processed.length;
      const phaseBefore = phaseOf(actor.getSnapshot());
      const wireMark = expectedWire.length;
      const heardMark = emitted.length;
      const processedOnce = async (type: string) =>
        assert.ok(await until(() => processed.slice(mark).includes(type)), `${where(i)}: the actor never got ${type}`);
      switch (event.type) {
        case 'CALL':
          actor.send({ ...event, url: event.url === MODEL_URL ? url : event.url });
          break;
        case 'BEGIN_SCREEN':
        case 'PAUSE':
        case 'STOP_SCREEN':
        case 'HANG_UP':
        case 'ANSWER_REQUEST':
        case 'CONFIGURE':
          actor.send(event);
          break;
        case 'SIGNAL.OPEN':
          assert.ok(await until(() => line.held.length > 0), `${where(i)}: the page never knocked`);
          line.accept();
          await processedOnce('SIGNAL.OPEN');
          break;
        case 'SIGNAL.CLOSED':
          if (model.socket === 'connecting') {
            assert.ok(await until(() => line.held.length > 0), `${where(i)}: the page never knocked`);
            line.reject(503);
          } else {
            line.close(4000, 'scripted close');
          }
          await processedOnce('SIGNAL.CLOSED');
          break;
        case 'SIGNAL.FRAME':
          line.send(serialiseFrame(event.frame));
          await processedOnce('SIGNAL.FRAME');
          break;
        case 'PEER.OFFER':
        case 'PEER.ANSWER_APPLIED': {
          // A peer reports an offer only when asked for one, an applied answer only when given one.
          const asked = event.type === 'PEER.OFFER' ? 'CREATE_OFFER' : 'APPLY_ANSWER';
          const given = controls.peerCommands.filter((c) => c.type === asked).length;
          const reported = (reports.get(event.type) ?? 0) + 1;
          assert.ok(reported <= given, `${where(i)}: the peer was never given ${asked} for this ${event.type}`);
          reports.set(event.type, reported);
          controls.peer(event);
          break;
        }
        case 'PEER.ERROR':
        case 'PEER.STATE':
        case 'PEER.CANDIDATE':
          controls.peer(event);
          break;
        case 'CAPTURE.READY':
          controls.capture({ type: 'READY' });
          break;
        case 'CAPTURE.FAILED':
        case 'CAPTURE.ENDED':
          controls.capture(event);
          break;
        default:
          if (event.type.startsWith('xstate.after.')) clock.increment(MODEL_TIMEOUT_MS);
          else assert.fail(`${where(i)}: no way to make ${event.type} happen`);
      }

      // The real actor against the model.
      const snap = actor.getSnapshot();
      for (const node of snap._nodes) covered.states.add(node.id);
      assert.deepEqual(snap.value, next.snap.value, `${where(i)}: state`);
      const { reqId, pending, incoming } = snap.context;
      assert.deepEqual({ reqId, pending, incoming }, {
        reqId: next.snap.context.reqId,
        pending: next.snap.context.pending,
        incoming: next.snap.context.incoming,
      }, `${where(i)}: context`);
      expectedEmitted.push(...next.emitted);
      assert.deepEqual(emitted, expectedEmitted, `${where(i)}: emitted results`);
      expectedPeer.push(...next.peer);
      assert.deepEqual(controls.peerCommands.map(peerShape), expectedPeer.map(peerShape), `${where(i)}: peer commands`);
      expectedWire.push(...next.wire.map(serialiseFrame));
      await until(() => line.frames.length >= expectedWire.length, 1000);
      assert.deepEqual(line.frames, expectedWire, `${where(i)}: frames on the wire`);
      // The same step against the documents, which the chart's prediction above cannot stand in for.
      const fromTerminal = event.type === 'SIGNAL.FRAME' ? serialiseFrame(event.frame) : null;
      table.step(where(i), phaseBefore, label, fromTerminal, phaseOf(snap), line.frames.slice(wireMark), emitted.slice(heardMark));
      const inCall = next.snap.matches('inCall');
      if (model.snap.matches('inCall') && !inCall) {
        // Leaving the call closes the page's socket (or abandons its upgrade): nothing is left running.
        assert.ok(await until(() => line.socket === null && line.held.length === 0), `${where(i)}: the page's socket is still open`);
      }
      assert.deepEqual(controls.live, { signalling: inCall, peer: inCall, capture: next.snap.matches({ inCall: 'sharing' }) }, `${where(i)}: running actors`);
      model = next;
    }
  } finally {
    actor.stop();
  }
  // Everything the page sent has arrived once its socket is closed: nothing more than the model said.
  await until(() => line.socket === null && line.held.length === 0, 1000);
  assert.deepEqual(line.frames, expectedWire, `path #${index}: frames on the wire after the end`);
  assert.equal(line.received.filter((t) => t === '<binary>').length, 0);
  covered.frames += expectedWire.length;
  covered.tableSteps += table.checked;
  terminal.drop(line);
}

/**
 * One test runs every path and then claims the coverage of that same run: states and transitions of the chart, and
 * rows of the independent table, counted only from the paths this test ran (no state shared with another test,
 * so the claim holds whatever runs first, or alone).
 */
test('every edge of the model graph, run against the real chart, real signalling and a scripted terminal; every transition and table row taken', async () => {
  const started = Date.now();
  const covered: Coverage = { states: new Set(), transitions: new Set(), rows: new Set(), open: new Set(), frames: 0, tableSteps: 0 };
  const { paths, vertices, edges } = generatePaths();
  const steps = paths.reduce((n, p) => n + p.labels.length, 0);
  const failures: string[] = [];
  for (const [index, path] of paths.entries()) {
    try {
      await runPath(path, index, covered);
    } catch (error) {
      failures.push((error as Error).message);
      // A broken chart or actor fails most paths, each after waiting: stop early, the first ones tell.
      if (failures.length >= 10) break;
    }
  }
  console.log(
    `model: ${vertices} model states, ${edges} edges → ${paths.length} paths, ${steps} steps, ${covered.frames} frames checked on the wire, ${covered.tableSteps} steps checked against the table, ${failures.length} failed, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  assert.deepEqual(failures.slice(0, 5), [], `${failures.length} of ${paths.length} paths failed${failures.length >= 10 ? ' (stopped there)' : ''}`);

  const states = chart.states;
  const transitions = [...chart.transitions.keys()];
  const statesCovered = states.filter((s) => covered.states.has(s));
  const transitionsCovered = transitions.filter((t) => covered.transitions.has(t));
  const rows = tableRows();
  console.log(`covered ${statesCovered.length}/${states.length} states, ${transitionsCovered.length}/${transitions.length} transitions, ${rows.filter((r) => covered.rows.has(r)).length}/${rows.length} table rows`);
  console.log(`steps the documents leave open (phase, fact), not checked against the table: ${covered.open.size}\n  ${[...covered.open].sort().join('\n  ')}`);
  for (const [key, reason] of Object.entries(UNREACHABLE)) console.log(`  unreachable (allowed): ${key}: ${reason}`);
  const iceStates = states.filter((s) => !covered.states.has(s) && inIceWatch(s));
  const iceTransitions = transitions.filter((t) => !covered.transitions.has(t) && iceWatchTransition(t));
  console.log(`  not modelled (${ICE_WATCH_REASON}): ${iceStates.length} states, ${iceTransitions.length} transitions`);
  const missingStates = states.filter((s) => !covered.states.has(s) && !iceStates.includes(s));
  const missingTransitions = transitions.filter((t) => !covered.transitions.has(t) && !(t in UNREACHABLE) && !iceTransitions.includes(t));
  assert.deepEqual(missingStates, [], 'state nodes never entered');
  assert.deepEqual(
    missingTransitions.map((t) => {
      const d = chart.transitions.get(t)!;
      return `${t}${d.guard ? ` [${d.guard}]` : ''} → ${d.targets.join(', ') || '(no target)'}`;
    }),
    [],
    'transitions never taken',
  );
  assert.deepEqual(rows.filter((r) => !covered.rows.has(r)), [], 'table rows never checked');
});
