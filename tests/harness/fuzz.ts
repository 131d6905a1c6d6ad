// Frame fuzzing for the protocol suites: a seeded PRNG (the seed is printed, so a failure replays
// with FUZZ_SEED), valid /collab and socket.io frames to start from, and the mutations applied to them.
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { awarenessFrame, queryAwarenessFrame, syncStep1Frame, updateFrame } from './frames.ts';

export type Rng = prng.PRNG;

export interface FuzzSettings {
  seed: number;
  /** Frames per channel: FUZZ_ITERATIONS, a few hundred in the normal run. */
  iterations: number;
  /** Stop sending after this long even if frames are left (FUZZ_BUDGET_MS). */
  budgetMs: number;
}

export function fuzzSettings(defaults: { iterations: number; budgetMs: number }): FuzzSettings {
  const number = (name: string, fallback: number) => {
    const value = Number(process.env[name]);
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return {
    seed: number('FUZZ_SEED', Math.floor(Math.random() * 2 ** 31)),
    iterations: number('FUZZ_ITERATIONS', defaults.iterations),
    budgetMs: number('FUZZ_BUDGET_MS', defaults.budgetMs),
  };
}

const int = (rng: Rng, min: number, max: number) => prng.int31(rng, min, max);

/** Valid /collab frames a fuzzing client of its own could send: edits under its own client id
 *  (on a root type no honest client reads), sync requests and answers, awareness, queries. */
export function collabCorpus(rng: Rng): Uint8Array[] {
  const doc = new Y.Doc();
  const text = doc.getText('fuzz');
  const list = doc.getArray<unknown>('fuzz-list');
  const frames: Uint8Array[] = [];
  for (let i = 0; i < 40; i += 1) {
    const before = Y.encodeStateVector(doc);
    const roll = int(rng, 0, 3);
    if (roll === 0) text.insert(int(rng, 0, text.length), prng.utf16String(rng, 12));
    else if (roll === 1 && text.length > 0) text.delete(int(rng, 0, text.length - 1), 1);
    else if (roll === 2) list.push([{ n: i, s: prng.word(rng) }]);
    else text.format(0, text.length, { bold: prng.bool(rng) });
    frames.push(updateFrame(Y.encodeStateAsUpdate(doc, before)));
  }
  frames.push(updateFrame(Y.encodeStateAsUpdate(doc), 'step2'), syncStep1Frame(), syncStep1Frame(Y.encodeStateVector(doc)));
  frames.push(queryAwarenessFrame(), Uint8Array.of(2, 0, 0));
  frames.push(awarenessFrame([{ clientId: doc.clientID, clock: 1, state: { user: { name: 'fuzz', color: '#123456' }, field: 'summary' } }]));
  frames.push(awarenessFrame([{ clientId: doc.clientID, clock: 2, state: null }]));
  return frames;
}

/** Valid engine.io / socket.io text packets over the websocket transport. */
export function socketIoCorpus(resumeId: string): string[] {
  return ['40', `420["join","${resumeId}"]`, `42["leave","${resumeId}"]`, '421["watch"]', '42["unwatch"]', '3', '2probe', '41', `451-["join",{"_placeholder":true,"num":0}]`];
}

function mutateBytes(rng: Rng, frame: Uint8Array): Uint8Array {
  const bytes = Array.from(frame);
  switch (int(rng, 0, 7)) {
    case 0: // truncated
      return Uint8Array.from(bytes.slice(0, int(rng, 0, Math.max(0, bytes.length - 1))));
    case 1: // flipped bytes
      for (let n = int(rng, 1, 4); n > 0 && bytes.length > 0; n -= 1) bytes[int(rng, 0, bytes.length - 1)] = int(rng, 0, 255);
      return Uint8Array.from(bytes);
    case 2: // a huge varint where a length or number was
      bytes.splice(int(rng, 0, bytes.length), 0, ...Array.from({ length: int(rng, 1, 9) }, () => 0xff), 0x7f);
      return Uint8Array.from(bytes);
    case 3: // random bytes inserted
      bytes.splice(int(rng, 0, bytes.length), 0, ...prng.uint8Array(rng, int(rng, 1, 32)));
      return Uint8Array.from(bytes);
    case 4: // two frames in one
      return Uint8Array.from([...bytes, ...bytes.slice(int(rng, 0, bytes.length))]);
    case 5: // noise
      return prng.uint8Array(rng, int(rng, 0, 64));
    case 6: // a bit flipped in the header
      if (bytes.length > 1) bytes[int(rng, 0, 1)] = (bytes[0] ?? 0) ^ (1 << int(rng, 0, 7));
      return Uint8Array.from(bytes);
    default: // intact: valid frames keep the fuzzer's connection useful
      return frame;
  }
}

export const mutateFrame = (rng: Rng, corpus: readonly Uint8Array[]): Uint8Array => mutateBytes(rng, prng.oneOf(rng, [...corpus]));

const NASTY = ['\u0000', '\ud800', '😀', '"', '\\', '[', ']', '{', '}', ',', '-', '9'.repeat(40), '[[[[[[[[[[[[[[[[[[[[', '{"_placeholder":true,"num":99}'];

export function mutateText(rng: Rng, corpus: readonly string[]): string {
  const packet = prng.oneOf(rng, [...corpus]);
  const at = int(rng, 0, packet.length);
  switch (int(rng, 0, 4)) {
    case 0:
      return packet.slice(0, at);
    case 1:
      return packet.slice(0, at) + prng.oneOf(rng, NASTY) + packet.slice(at);
    case 2:
      return packet.slice(0, at) + prng.utf16String(rng, 16) + packet.slice(at + 1);
    case 3:
      return `42${'['.repeat(int(rng, 1, 5000))}`;
    default:
      return packet;
  }
}
