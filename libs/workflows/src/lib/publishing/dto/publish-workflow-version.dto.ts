import { ApiProperty } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';

export class PublishWorkflowVersionDto {
  /**
   * For each state of the active version that this one drops and projects
   * are in: the state of this version they move to.
   * @example {"Planned":"Backlog"}
   */
  @IsOptional()
  @IsObject()
  @ApiProperty({ additionalProperties: { type: 'string', maxLength: 50 } })
  stateMapping?: Record<string, string>;
}
