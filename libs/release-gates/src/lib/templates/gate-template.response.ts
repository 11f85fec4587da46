import { CriterionDto } from '../gates/dto/gate.dto';

export class GateTemplateResponse {
  /** @example "S01" */
  key: string;
  /** @example "CI/CD" */
  name: string;
  /** @example "Every change is built and tested: no failing tests, line coverage of at least 80 %, no SARIF error." */
  description: string;
  criteria: CriterionDto[];
}

export class GateTemplateListResponse {
  data: GateTemplateResponse[];
}
