/**
 * A config class: properties declared with @EnvVar, validated with
 * class-validator, defaults as property initialisers. The kernel has its own
 * (KeelConfig, QueueConfig, MailConfig) and each context one beside its code.
 */
export type ConfigSchema<T extends object = object> = new () => T;
