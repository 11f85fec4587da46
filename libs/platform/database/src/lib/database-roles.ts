/**
 * The two roles the first migration creates. Tables belong to the owner;
 * tenant transactions switch to the application role, which has no BYPASSRLS,
 * so row-level security holds even when the pool logs in as a superuser.
 */
export const DATABASE_OWNER_ROLE = 'keel_owner';
export const DATABASE_APP_ROLE = 'keel_app';
