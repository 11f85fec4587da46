import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DomainError, NoStore } from '@keel/platform-errors';
import { ActorContext } from '../authentication/actor-context';
import { PeopleOnly } from '../authentication/people-only.decorator';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { ConfirmTotpDto } from './dto/confirm-totp.dto';
import { MfaProofDto } from './dto/mfa-proof.dto';
import { MfaStatusResponse } from './dto/mfa-status.response';
import { RecoveryCodesResponse } from './dto/recovery-codes.response';
import { TotpEnrolmentResponse } from './dto/totp-enrolment.response';
import { MfaService } from './mfa.service';
import { SessionsService } from '../sessions/sessions.service';

/** The caller's second factor: an authenticator app (TOTP) and its recovery codes. */
@ApiTags('me')
@ApiBearerAuth()
@PeopleOnly()
@Controller('v1/me/mfa')
export class MfaController {
  constructor(
    private readonly mfa: MfaService,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly actors: ActorContext,
  ) {}

  /** Whether an authenticator app is set up, and how many recovery codes are left. */
  @Get()
  async status(): Promise<MfaStatusResponse> {
    const status = await this.mfa.status(this.actors.user.userId);
    return { ...status, enabledAt: status.enabledAt?.toISOString() ?? null };
  }

  /**
   * Starts setting up an authenticator app: a new secret and its otpauth URI (show it as a QR code). Nothing changes
   * at sign-in until POST /v1/me/mfa/totp/confirm. 409 MFA_ALREADY_ENABLED when one is already confirmed.
   */
  @Post('totp')
  @NoStore()
  async beginTotp(): Promise<TotpEnrolmentResponse> {
    return this.mfa.beginTotp(await this.currentUser());
  }

  /**
   * Confirms the app with its current code; from now on sign-in asks for a code. Answers ten recovery codes, shown
   * this once. The current session counts as `aal2` from its next access token (POST /v1/auth/refresh).
   * 403 MFA_CODE_INVALID for a wrong code; 409 MFA_NOT_ENABLED when no set-up is pending.
   */
  @Post('totp/confirm')
  @NoStore()
  @HttpCode(200)
  async confirmTotp(@Body() body: ConfirmTotpDto): Promise<RecoveryCodesResponse> {
    const { userId, sessionId } = this.actors.user;
    const recoveryCodes = await this.mfa.confirmTotp(await this.currentUser(), body.code);
    await this.sessions.reassure(userId, sessionId, {
      aal: 'aal2',
      amr: ['pwd', 'otp', 'mfa'],
      authenticatedAt: new Date(),
    });
    return { recoveryCodes };
  }

  /**
   * Removes the authenticator app and the recovery codes; needs a current `code` or a `recoveryCode`.
   * 403 MFA_CODE_INVALID otherwise (failures meet the sign-in throttle); 409 MFA_NOT_ENABLED without one.
   */
  @Delete('totp')
  @HttpCode(204)
  async disableTotp(@Body() body: MfaProofDto): Promise<void> {
    await this.mfa.disableTotp(await this.currentUser(), body);
  }

  private async currentUser(): Promise<User> {
    const user = await this.users.findById(this.actors.user.userId);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'The account of this session no longer exists.');
    return user;
  }
}
