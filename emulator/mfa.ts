// Virtual MFA devices: RFC 6238 TOTP (SHA-1, 6 digits, 30 s) via otpauth. A code is good
// for its own step and the one after it, and only once per device.
import { Secret, TOTP } from "otpauth";
import { timingSafeEqual } from "node:crypto";

const PERIOD_MS = 30_000;

export class MfaDevices {
  private readonly totps = new Map<string, TOTP>();
  private readonly used = new Map<string, Set<number>>(); // serial -> steps already accepted

  constructor(devices: Iterable<{ serial: string; totpSecret: string }>) {
    for (const d of devices) {
      this.totps.set(d.serial, new TOTP({ secret: Secret.fromBase32(d.totpSecret.replace(/=+$/, "")), algorithm: "SHA1", digits: 6, period: 30 }));
    }
  }

  has(serial: string): boolean {
    return this.totps.has(serial);
  }

  /** The code the device shows at `nowMs`, whether it was already accepted, and how long it lasts. */
  show(serial: string, nowMs: number): { code: string; used: boolean; secondsLeft: number } | undefined {
    const totp = this.totps.get(serial);
    if (!totp) return undefined;
    const step = Math.floor(nowMs / PERIOD_MS);
    return {
      code: totp.generate({ timestamp: nowMs }),
      used: this.used.get(serial)?.has(step) ?? false,
      secondsLeft: Math.ceil(((step + 1) * PERIOD_MS - nowMs) / 1000),
    };
  }

  /** Accepts the code of the current or the previous step, once; marks it used. */
  consume(serial: string, code: string, nowMs: number): boolean {
    const totp = this.totps.get(serial);
    if (!totp) return false;
    const step = Math.floor(nowMs / PERIOD_MS);
    const used = this.used.get(serial) ?? new Set<number>();
    for (const s of [step, step - 1]) {
      const expected = totp.generate({ timestamp: s * PERIOD_MS });
      if (code.length === expected.length && timingSafeEqual(Buffer.from(code), Buffer.from(expected))) {
        if (used.has(s)) return false;
        used.add(s);
        this.used.set(serial, used);
        return true;
      }
    }
    return false;
  }

  reset(): void {
    this.used.clear();
  }
}
