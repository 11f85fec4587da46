import { Injectable } from '@nestjs/common';
import { RequestContext } from '@keel/platform-context';
import { SecretBox } from '@keel/platform-crypto';
import { GlobalTables, newId } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { AuditLog } from '../audit/audit-log.service';
import { SignInThrottle } from '../sign-in-throttle/sign-in-throttle.service';
import { User } from '../users/user.entity';
import { MfaMethod, MfaProof } from './mfa-proof';
import { RecoveryCode } from './recovery-code.entity';
import { newRecoveryCode, RECOVERY_CODE_COUNT, recoveryCodeHash } from './recovery-codes';
import { acceptedStep, newTotpSecret, totpUri } from './totp';
import { TotpFactor } from './totp-factor.entity';
import { totpSealingContext } from './totp-sealing';

/** Where a user's MFA stands. */
export interface MfaStatus {
  totpEnabled: boolean;
  enabledAt: Date | null;
  recoveryCodesRemaining: number;
}

/** The name authenticator apps show beside the account. */
const ISSUER = 'Keel';

/**
 * TOTP enrolment, recovery codes and checking a second factor. Every check
 * goes through the sign-in throttle of the account and the client address,
 * so guessing six digits meets the same doubling waits as guessing passwords.
 */
@Injectable()
export class MfaService {
  constructor(
    private readonly globalTables: GlobalTables,
    private readonly secretBox: SecretBox,
    private readonly throttle: SignInThrottle,
    private readonly audit: AuditLog,
    private readonly request: RequestContext,
  ) {}

  private get factors() {
    return this.globalTables.manager.getRepository(TotpFactor);
  }

  private get recoveryCodes() {
    return this.globalTables.manager.getRepository(RecoveryCode);
  }

  async status(userId: string): Promise<MfaStatus> {
    const factor = await this.factors.findOneBy({ userId });
    const enabled = factor?.confirmedAt != null;
    const remaining = enabled
      ? await this.recoveryCodes
          .createQueryBuilder('code')
          .where('code.user_id = :userId AND code.used_at IS NULL', { userId })
          .getCount()
      : 0;
    return { totpEnabled: enabled, enabledAt: factor?.confirmedAt ?? null, recoveryCodesRemaining: remaining };
  }

  /** Whether the user must give a second factor to sign in. */
  async isEnabled(userId: string): Promise<boolean> {
    const rows: unknown[] = await this.globalTables.manager.query(
      'SELECT 1 FROM mfa_totp_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL',
      [userId],
    );
    return rows.length > 0;
  }

  /**
   * Starts (or restarts) enrolment: a new secret, pending until confirmed.
   * 409 MFA_ALREADY_ENABLED when an authenticator is already confirmed.
   */
  async beginTotp(user: User): Promise<{ secret: string; otpauthUri: string }> {
    if (await this.isEnabled(user.id)) {
      throw new DomainError(
        'MFA_ALREADY_ENABLED',
        'An authenticator app is already set up; remove it first to set up another.',
      );
    }
    const secret = newTotpSecret();
    const secretSealed = this.secretBox.seal(secret, totpSealingContext(user.id));
    await this.globalTables.manager.query(
      `INSERT INTO mfa_totp_factors (user_id, secret_sealed) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET secret_sealed = EXCLUDED.secret_sealed, last_used_step = NULL, created_at = now()
       WHERE mfa_totp_factors.confirmed_at IS NULL`,
      [user.id, secretSealed],
    );
    await this.audit.recordForAccount({ action: 'mfa.totp_enrolment_started', subjectUserId: user.id });
    return { secret, otpauthUri: totpUri(secret, user.email, ISSUER) };
  }

  /**
   * Confirms a pending enrolment with the app's current code and returns the
   * ten recovery codes, shown this once. 409 MFA_NOT_ENABLED without a pending
   * enrolment; 403 MFA_CODE_INVALID for a wrong code.
   */
  async confirmTotp(user: User, code: string): Promise<string[]> {
    const factor = await this.factors.findOneBy({ userId: user.id });
    if (!factor || factor.confirmedAt) {
      throw new DomainError(
        'MFA_NOT_ENABLED',
        factor ? 'The authenticator app is already confirmed.' : 'No enrolment is pending: POST /v1/me/mfa/totp first.',
      );
    }
    await this.checked(user, 'mfa.totp_confirm_failed', () => this.spendTotpCode(factor, code));
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await this.globalTables.runUnscoped(async () => {
      await this.factors.update({ userId: user.id }, { confirmedAt: new Date() });
      await this.replaceRecoveryCodes(user.id, codes);
    });
    await this.audit.recordForAccount({ action: 'mfa.totp_enabled', subjectUserId: user.id });
    return codes;
  }

  /** Removes the authenticator and the recovery codes, once a current code or a recovery code proves the factor. */
  async disableTotp(user: User, proof: MfaProof): Promise<void> {
    if (!(await this.isEnabled(user.id))) {
      throw new DomainError('MFA_NOT_ENABLED', 'This account has no authenticator app set up.');
    }
    await this.verify(user, proof, 'mfa.totp_disable_failed');
    await this.globalTables.runUnscoped(async () => {
      await this.factors.delete({ userId: user.id });
      await this.recoveryCodes.delete({ userId: user.id });
    });
    await this.audit.recordForAccount({ action: 'mfa.totp_disabled', subjectUserId: user.id });
  }

  /**
   * Checks a second factor of a user whose MFA is on: a current TOTP code
   * (each accepted once) or an unused recovery code (spent). 403
   * MFA_CODE_INVALID otherwise, recorded as `failedAction` in the account trail.
   */
  async verify(user: User, proof: MfaProof, failedAction: string): Promise<MfaMethod> {
    return this.checked(user, failedAction, async () => {
      if (proof.recoveryCode)
        return (await this.spendRecoveryCode(user.id, proof.recoveryCode)) ? 'recovery' : undefined;
      const factor = await this.factors.findOneBy({ userId: user.id });
      if (!factor?.confirmedAt || !proof.code) return undefined;
      return (await this.spendTotpCode(factor, proof.code)) ? 'otp' : undefined;
    });
  }

  /** Runs a check under the sign-in throttle: 429 while locked, a failure counted, a success taking its count back. */
  private async checked<T>(user: User, failedAction: string, check: () => Promise<T | undefined | false>): Promise<T> {
    const subject = { email: user.email, clientAddress: this.request.clientAddress };
    await this.throttle.admit(subject);
    const outcome = await check();
    if (outcome === undefined || outcome === false) {
      await this.audit.recordForAccount({ action: failedAction, subjectUserId: user.id });
      throw new DomainError('MFA_CODE_INVALID', 'The code is wrong, expired or already used.', {
        errors: [
          {
            field: 'code',
            rule: 'mfaCode',
            message: 'Enter the current code of your authenticator app, or a recovery code.',
          },
        ],
      });
    }
    await this.throttle.recordSuccess(subject);
    return outcome;
  }

  /** True when the code is the factor's for now (±1 step) and of a later step than any accepted before; records the step. */
  private async spendTotpCode(factor: TotpFactor, code: string): Promise<boolean> {
    const secret = this.secretBox.openText(factor.secretSealed, totpSealingContext(factor.userId));
    const step = acceptedStep(secret, code.trim());
    if (step === undefined) return false;
    // One conditional UPDATE: the same code sent twice at once is accepted once.
    const [, affected]: [unknown, number] = await this.globalTables.manager.query(
      `UPDATE mfa_totp_factors SET last_used_step = $2
        WHERE user_id = $1 AND (last_used_step IS NULL OR last_used_step < $2)`,
      [factor.userId, step],
    );
    return affected > 0;
  }

  private async spendRecoveryCode(userId: string, code: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.globalTables.manager.query(
      `UPDATE mfa_recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`,
      [userId, recoveryCodeHash(code)],
    );
    return affected > 0;
  }

  private async replaceRecoveryCodes(userId: string, codes: string[]): Promise<void> {
    await this.recoveryCodes.delete({ userId });
    await this.recoveryCodes.insert(
      codes.map((code) => ({ id: newId(), userId, codeHash: recoveryCodeHash(code), usedAt: null })),
    );
  }
}
