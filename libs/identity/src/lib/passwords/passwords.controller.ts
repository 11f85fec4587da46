import { PeopleOnly } from '../authentication/people-only.decorator';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ActorContext } from '../authentication/actor-context';
import { Public } from '@keel/platform-context';
import { ChangePasswordDto } from './dto/change-password.dto';
import { ForgotPasswordDto } from './dto/forgot-password.dto';
import { ResetPasswordDto } from './dto/reset-password.dto';
import { PasswordResetRequests } from './password-reset-requests';
import { PasswordsService } from './passwords.service';

@ApiTags('auth')
@Controller('v1/auth/password')
export class PasswordsController {
  constructor(
    private readonly passwords: PasswordsService,
    private readonly resetRequests: PasswordResetRequests,
    private readonly actors: ActorContext,
  ) {}

  /**
   * Mails a reset link valid for 1 hour when the address has an account. Always 202, in the
   * same time: the answer never tells whether it has one (the mail is sent after it, as a job).
   */
  @Public()
  @Post('forgot')
  @HttpCode(202)
  async forgot(@Body() body: ForgotPasswordDto): Promise<void> {
    await this.resetRequests.request(body.email);
  }

  /**
   * Sets a new password with the token from the reset mail and signs the
   * account out everywhere. 400 TOKEN_INVALID when the token is unknown, used
   * or expired; 422 VALIDATION_FAILED when the password is refused by the policy.
   */
  @Public()
  @Post('reset')
  @HttpCode(204)
  async reset(@Body() body: ResetPasswordDto): Promise<void> {
    await this.passwords.reset(body.token, body.password);
  }

  /**
   * Changes the caller's password and signs out every other session. 403
   * PASSWORD_INCORRECT when the current password is wrong (429
   * TOO_MANY_ATTEMPTS after repeated failures); 422 VALIDATION_FAILED when the
   * new one is refused by the policy.
   */
  @ApiBearerAuth()
  @PeopleOnly()
  @Post('change')
  @HttpCode(204)
  async change(@Body() body: ChangePasswordDto): Promise<void> {
    const { userId, sessionId } = this.actors.user;
    await this.passwords.change({ userId, sessionId }, body);
  }
}
