import { sms } from 'tencentcloud-sdk-nodejs-sms';
import type { AppConfig } from '../config/app-config.js';
import { asKept, type DeliveryOutcome, outcomeOfError } from './delivery-outcome.js';
import { SmsGateway, type SmsMessage } from './sms-gateway.js';

/** Codes that mean "not now", worth another try; any other non-Ok code is a refusal. */
const RETRYABLE = /^(LimitExceeded|InternalError|RequestLimitExceeded|FailedOperation\.InsufficientBalance)/;

/** Tencent Cloud SMS (短信, API 2021-01-11) through its official SDK. */
export class TencentSmsGateway extends SmsGateway {
  private readonly client: InstanceType<typeof sms.v20210111.Client>;

  constructor(private readonly config: AppConfig) {
    super();
    this.client = new sms.v20210111.Client({
      credential: { secretId: config.SMS_ACCESS_KEY_ID, secretKey: config.SMS_ACCESS_KEY_SECRET },
      region: config.SMS_REGION,
      profile: {
        httpProfile: {
          endpoint: config.SMS_ENDPOINT ?? 'sms.tencentcloudapi.com',
          protocol: `${config.SMS_PROTOCOL}://`,
          // Whole seconds, as the SDK takes them.
          reqTimeout: Math.ceil(config.DELIVERY_TIMEOUT_MS / 1000),
        },
      },
    });
  }

  async send(m: SmsMessage): Promise<DeliveryOutcome> {
    try {
      const res = await this.client.SendSms({
        PhoneNumberSet: [`+86${m.phone}`],
        SmsSdkAppId: this.config.SMS_SDK_APP_ID as string,
        SignName: this.config.SMS_SIGN_NAME,
        TemplateId: m.templateCode,
        // Tencent's templates take positional parameters ({1}, {2}): the title, then the time.
        TemplateParamSet: [m.params.title, m.params.time],
        SessionContext: m.reference,
      });
      const status = res.SendStatusSet?.[0];
      if (status?.Code === 'Ok') return { kind: 'sent' };
      const error = asKept(`Tencent ${status?.Code ?? 'no status'}: ${status?.Message ?? ''}`);
      return RETRYABLE.test(status?.Code ?? '') ? { kind: 'retry', error } : { kind: 'refused', error };
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      return code && !RETRYABLE.test(code) && !/ECONN|ETIMEDOUT|timeout|socket/i.test(code)
        ? { kind: 'refused', error: asKept(`Tencent ${code}: ${(err as Error).message}`) }
        : outcomeOfError(err);
    }
  }
}
