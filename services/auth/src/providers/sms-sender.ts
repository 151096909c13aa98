/** Sends one text message. Adapters: Twilio in production, a local sink file in development. */
export interface SmsSender {
  readonly name: string;
  send(to: string, body: string): Promise<void>;
}
