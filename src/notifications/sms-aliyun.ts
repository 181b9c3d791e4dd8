import dysmsapi, { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { RuntimeOptions } from '@darabonba/typescript';
import type { AppConfig } from '../config/app-config.js';
import { asKept, type DeliveryOutcome, outcomeOfError, outcomeOfStatus } from './delivery-outcome.js';
import { SmsGateway, type SmsMessage } from './sms-gateway.js';

/** Codes that mean "not now" (flow control), worth another try; any other non-OK code is a refusal. */
const RETRYABLE_CODES = new Set(['isv.BUSINESS_LIMIT_CONTROL', 'isp.SYSTEM_ERROR', 'isp.RAM_PERMISSION_DENY']);

/** Aliyun SMS (短信服务, Dysmsapi 2017-05-25) through its official SDK. The queue retries; the SDK does not. */
export class AliyunSmsGateway extends SmsGateway {
  // A CommonJS module: its default export is the client class.
  private readonly client: InstanceType<typeof dysmsapi.default>;

  constructor(private readonly config: AppConfig) {
    super();
    this.client = new dysmsapi.default(
      new $OpenApiUtil.Config({
        accessKeyId: config.SMS_ACCESS_KEY_ID,
        accessKeySecret: config.SMS_ACCESS_KEY_SECRET,
        endpoint: config.SMS_ENDPOINT ?? 'dysmsapi.aliyuncs.com',
        protocol: config.SMS_PROTOCOL,
      }),
    );
  }

  async send(m: SmsMessage): Promise<DeliveryOutcome> {
    const request = new SendSmsRequest({
      phoneNumbers: m.phone,
      signName: this.config.SMS_SIGN_NAME,
      templateCode: m.templateCode,
      templateParam: JSON.stringify(m.params),
      outId: m.reference,
    });
    try {
      const res = await this.client.sendSmsWithOptions(
        request,
        new RuntimeOptions({
          autoretry: false,
          readTimeout: this.config.DELIVERY_TIMEOUT_MS,
          connectTimeout: Math.min(5_000, this.config.DELIVERY_TIMEOUT_MS),
        }),
      );
      const code = res.body?.code ?? '';
      if (code === 'OK') return { kind: 'sent' };
      const error = asKept(`Aliyun ${code}: ${res.body?.message ?? ''}`);
      return RETRYABLE_CODES.has(code) ? { kind: 'retry', error } : { kind: 'refused', error };
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      return typeof status === 'number' ? outcomeOfStatus(status, (err as Error).message) : outcomeOfError(err);
    }
  }
}
