export * from './address-classification';
export * from './address-refused-error';
export * from './address-refusal';
export * from './webhook-delivery-outcome';
export * from './webhook-secret';
export * from './webhook-sender';
export * from './webhook-signature';
export * from './webhook-target-policy';
