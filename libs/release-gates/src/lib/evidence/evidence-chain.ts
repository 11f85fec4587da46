import { createHash } from 'node:crypto';
import { canonicalJson } from '@keel/platform-crypto';

/** What an evidence item's link in its release's chain covers. */
export interface ChainLink {
  id: string;
  releaseId: string;
  type: string;
  platform: string | null;
  source: string | null;
  collectedAt: Date;
  /** The SHA-256 of the item's bytes, hex. */
  sha256: string;
  sizeBytes: number;
  uploadedBy: string | null;
  previousHash: string | null;
}

/**
 * The item's chain hash: SHA-256 (hex) of the canonical JSON of its fields
 * and its predecessor's chain hash. Changing any item's bytes or fields, or
 * removing or reordering items, breaks every later link.
 */
export function chainHashOf(link: ChainLink): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        id: link.id,
        releaseId: link.releaseId,
        type: link.type,
        platform: link.platform,
        source: link.source,
        collectedAt: link.collectedAt.toISOString(),
        sha256: link.sha256,
        sizeBytes: link.sizeBytes,
        uploadedBy: link.uploadedBy,
        previousHash: link.previousHash,
      }),
    )
    .digest('hex');
}

/** A stored item as the check reads it: its recorded hashes, and the SHA-256 of its stored bytes now. */
export interface StoredLink extends ChainLink {
  chainHash: string;
  contentSha256: string;
}

export interface ChainCheck {
  verified: boolean;
  length: number;
  /** The chain hash of the newest item; null for an empty chain. */
  head: string | null;
  /** The first item whose bytes, fields or link do not match; null when the chain verifies. */
  brokenAt: string | null;
  reason: string | null;
}

/** Checks the items of one release, oldest first: bytes against their hash, each link against its predecessor. */
export function verifyChain(items: readonly StoredLink[]): ChainCheck {
  let previous: string | null = null;
  for (const item of items) {
    const broken = (reason: string): ChainCheck => ({
      verified: false,
      length: items.length,
      head: items[items.length - 1]?.chainHash ?? null,
      brokenAt: item.id,
      reason,
    });
    if (item.contentSha256 !== item.sha256) return broken('its stored bytes no longer have its SHA-256');
    if (item.previousHash !== previous) return broken("it does not name the previous item's hash");
    if (chainHashOf(item) !== item.chainHash) return broken('its fields no longer have its chain hash');
    previous = item.chainHash;
  }
  return { verified: true, length: items.length, head: previous, brokenAt: null, reason: null };
}
