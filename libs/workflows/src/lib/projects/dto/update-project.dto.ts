import { PartialType, PickType } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import { CreateProjectDto } from './create-project.dto';

/** The name and description to change (the key is fixed), at the version the change is based on. */
// Null is validated, not skipped: a field is changed or left out, never silently nulled.
export class UpdateProjectDto extends PartialType(PickType(CreateProjectDto, ['name', 'description'] as const), {
  skipNullProperties: false,
}) {
  /** The `version` the change is based on; a stale one is 409 VERSION_CONFLICT. @example 1 */
  @IsInt()
  @Min(1)
  expectedVersion: number;
}
