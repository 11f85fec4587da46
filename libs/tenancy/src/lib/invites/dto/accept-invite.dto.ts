import { IsString, MaxLength, MinLength } from 'class-validator';

export class AcceptInviteDto {
  /** The token from the invite mail. @example "q3mZ8c1Xv0Rk7Hn2Lp5Ws9Ty4Ub6Ja1Dc3Ef5Gh7Ij9" */
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  token: string;
}
