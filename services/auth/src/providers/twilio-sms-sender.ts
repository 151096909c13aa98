import twilio from 'twilio';
import type { SmsSender } from './sms-sender.ts';

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  from: string;
  /** Replaces https://api.twilio.com; only tests set it, to reach a local stand-in of the API. */
  apiBaseUrl?: string | undefined;
}

/** The real Twilio SDK; with `apiBaseUrl` its requests go to a stand-in instead of Twilio. */
export function twilioSmsSender(settings: TwilioSettings): SmsSender {
  const httpClient = new twilio.RequestClient({ timeout: 10_000 });
  if (settings.apiBaseUrl) {
    const base = settings.apiBaseUrl.replace(/\/$/, '');
    const request = httpClient.request.bind(httpClient);
    httpClient.request = (options) => request({ ...options, uri: options.uri?.replace(/^https:\/\/api\.twilio\.com/, base) });
  }
  const client = twilio(settings.accountSid, settings.authToken, { httpClient, autoRetry: true, maxRetries: 2 });
  return {
    name: 'twilio',
    async send(to, body) {
      await client.messages.create({ to, from: settings.from, body });
    },
  };
}
