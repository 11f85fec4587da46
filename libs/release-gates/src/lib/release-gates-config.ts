import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ConfigSection, EnvVar, toInteger } from '@keel/platform-config';

/** Release gates' variables: evidence uploads. */
@ConfigSection('Release gates')
export class ReleaseGatesConfig {
  @EnvVar({
    type: 'integer',
    description:
      'Largest evidence file (a JUnit report, an lcov file, a SARIF log…) one upload may carry, in bytes; a larger one is refused with 413.',
  })
  @Transform(toInteger)
  @Min(1024)
  @Max(512 * 1024 * 1024)
  @IsInt()
  EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
}
