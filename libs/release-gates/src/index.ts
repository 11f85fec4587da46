export { ReleaseGatesModule } from './lib/release-gates.module';
export { ReleaseGatesHttpModule } from './lib/release-gates-http.module';
export { ReleaseGatesConfig } from './lib/release-gates-config';
export { releaseGatesEntities, releaseGatesMigrations, releaseGatesSealedColumns } from './lib/release-gates-schema';
export { GATE_TEMPLATES } from './lib/templates/gate-templates';
export type { GateTemplate } from './lib/templates/gate-templates';
