import type { Departed } from './request-departure.ts';

/** One push to one device. `collapseKey` lets the device replace an older push of the same room. */
export interface PushMessage {
  token: string;
  title: string;
  body: string;
  collapseKey: string;
  /** What the app needs to open the right place: room and message ids. */
  data: Record<string, string>;
}

/**
 * What became of a push: sent; the token is dead (prune it); worth retrying later; or refused for
 * good for another reason (dead-letter it, with the reason).
 */
export type PushOutcome =
  | { status: 'sent' }
  | { status: 'invalid-token'; reason: string }
  | { status: 'retry'; reason: string }
  | { status: 'rejected'; reason: string };

export interface PushSender {
  readonly name: string;
  /**
   * `departed` is called synchronously just before the push is handed to the OS, with nothing left
   * that could hold it back; a caller commits its claim then, so a push never leaves unclaimed (a
   * crash would send it twice) and a claim is never committed long before its push (a crash would
   * lose it). What it returns, if anything, is called right after the push was handed over. It is
   * not called when the push failed before leaving.
   */
  send(message: PushMessage, departed?: Departed): Promise<PushOutcome>;
  close(): Promise<void>;
}
