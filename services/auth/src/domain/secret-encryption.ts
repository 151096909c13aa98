/**
 * Secrets at rest (signing keys, TOTP secrets): AES-256-GCM under the key-encryption key, as
 * `v1.<iv>.<tag>.<ciphertext>` (base64url). The associated data names what the secret is and
 * whose, so a ciphertext cannot be moved to another row or opened as another kind of secret.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ciphertextVersion = 'v1';
const ivBytes = 12;
const authTagBytes = 16;
const masterKeyBytes = 32;

/** What a secret is (`signing-key`, `totp`) and which row it belongs to (kid, user id). */
export interface SecretBinding {
  purpose: string;
  id: string;
}

function checkMasterKey(masterKey: Buffer): void {
  if (masterKey.length !== masterKeyBytes) throw new Error(`the key-encryption key must be ${masterKeyBytes} bytes, got ${masterKey.length}`);
}

function associatedData(binding: SecretBinding): Buffer {
  return Buffer.from(`lynk:${binding.purpose}:${ciphertextVersion}:${binding.id}`, 'utf8');
}

export function encryptSecret(plaintext: string, masterKey: Buffer, binding: SecretBinding): string {
  checkMasterKey(masterKey);
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv, { authTagLength: authTagBytes });
  cipher.setAAD(associatedData(binding));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [ciphertextVersion, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** Throws when the master key is wrong, the binding differs or a byte was changed. */
export function decryptSecret(sealed: string, masterKey: Buffer, binding: SecretBinding): string {
  checkMasterKey(masterKey);
  const what = `${binding.purpose} ${binding.id}`;
  const [version, iv, tag, ciphertext, ...rest] = sealed.split('.');
  if (version !== ciphertextVersion || iv === undefined || tag === undefined || ciphertext === undefined || rest.length > 0) {
    throw new Error(`${what} is not in the ${ciphertextVersion} format`);
  }
  const ivBuffer = Buffer.from(iv, 'base64url');
  const tagBuffer = Buffer.from(tag, 'base64url');
  if (ivBuffer.length !== ivBytes || tagBuffer.length !== authTagBytes) throw new Error(`${what} has a malformed IV or tag`);
  const decipher = createDecipheriv('aes-256-gcm', masterKey, ivBuffer, { authTagLength: authTagBytes });
  decipher.setAAD(associatedData(binding));
  decipher.setAuthTag(tagBuffer);
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(`${what} could not be decrypted: wrong key-encryption key, or the stored value was altered`);
  }
}
