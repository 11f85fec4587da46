import { randomBytes } from 'node:crypto';

/** A slug from a workspace name: `Acme Inc.` → `acme-inc`; `workspace` when nothing usable is left. */
export function slugFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return slug || 'workspace';
}

/** The same slug with a short random suffix, for when the plain one is taken. */
export function slugWithSuffix(slug: string): string {
  return `${slug.slice(0, 40)}-${randomBytes(3).toString('hex')}`;
}
