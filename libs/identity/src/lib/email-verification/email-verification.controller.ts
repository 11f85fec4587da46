import { PeopleOnly } from '../authentication/people-only.decorator';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ActorContext } from '../authentication/actor-context';
import { Public } from '@keel/platform-context';
import { VerifyEmailDto } from './dto/verify-email.dto';
import { EmailVerificationService } from './email-verification.service';

@ApiTags('auth')
@Controller('v1/auth/email/verify')
export class EmailVerificationController {
  constructor(
    private readonly emailVerification: EmailVerificationService,
    private readonly actors: ActorContext,
  ) {}

  /**
   * Confirms the address with the token from the verification mail, or, with the token mailed for an email
   * change (POST /v1/me/email), moves the account to that new address and tells the old one. 400 TOKEN_INVALID
   * when it is unknown, used or expired; 409 EMAIL_TAKEN when the new address got an account meanwhile.
   */
  @Public()
  @Post()
  @HttpCode(204)
  async verify(@Body() body: VerifyEmailDto): Promise<void> {
    await this.emailVerification.verify(body.token);
  }

  /** Mails the caller a new verification link; earlier links stop working. An address already verified gets no mail. */
  @ApiBearerAuth()
  @PeopleOnly()
  @Post('resend')
  @HttpCode(202)
  async resend(): Promise<void> {
    await this.emailVerification.resend(this.actors.user.userId);
  }
}
