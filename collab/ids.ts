// Stable item ids: short, random, URL-safe. Web Crypto only, so this runs in browsers and Node alike.

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
export const ITEM_ID_LENGTH = 10;
// 252 = 7 * 36: bytes at or above it are skipped so every character is equally likely.
const UNBIASED_LIMIT = 252;

/** A new item id: 10 characters of base36 (about 52 bits), from crypto.getRandomValues. */
export function newItemId(): string {
  let id = '';
  while (id.length < ITEM_ID_LENGTH) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    for (const byte of bytes) {
      if (byte < UNBIASED_LIMIT && id.length < ITEM_ID_LENGTH) id += ALPHABET.charAt(byte % 36);
    }
  }
  return id;
}

/** Ids taken from an imported file are kept when they look like ids: a short non-blank string. */
export function isUsableItemId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 64 && value.trim() === value;
}
