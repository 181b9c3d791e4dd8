import type { DeliveryOutcome } from './delivery-outcome.js';
import type { SmsParams } from './channel-message.js';

/** One SMS as every gateway takes it: an approved template and its parameters, never free text. */
export interface SmsMessage {
  phone: string;
  templateCode: string;
  params: SmsParams;
  /** The delivery's id, handed to the gateway as its own reference (Aliyun OutId, Tencent SessionContext). */
  reference: string;
}

/** The one small interface of the SMS channel: Aliyun and Tencent Cloud adapters implement it. */
export abstract class SmsGateway {
  abstract send(message: SmsMessage): Promise<DeliveryOutcome>;
}

/** SMS_PROVIDER=none: nothing is sent, and the delivery says why. */
export class NoSmsGateway extends SmsGateway {
  send(): Promise<DeliveryOutcome> {
    return Promise.resolve({ kind: 'refused', error: 'no SMS gateway is configured (SMS_PROVIDER=none)' });
  }
}
