// WeCom's callback crypto, written with node:crypto (WeCom 加解密方案说明, document/path/90968):
//   msg_signature = sha1(sort(token, timestamp, nonce, encrypt)) as lowercase hex;
//   AESKey = base64(EncodingAESKey + "="), 32 bytes; AES-256-CBC with IV = AESKey[0..16];
//   PKCS#7 padding to a multiple of 32 bytes;
//   plaintext = random(16) + msg_len(4, big-endian) + msg + receiveid (the corp id for an app).
// @wecom/crypto does the same, but it accepts bad padding and lengths silently; here every check fails
// closed, because the input comes from the network.
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const BLOCK = 32; // the scheme pads to 32 bytes, not AES's 16 (加解密方案说明)

export class WecomCryptoError extends Error {
  constructor(readonly reason: 'bad_key' | 'bad_ciphertext' | 'bad_padding' | 'bad_length') {
    super(`wecom crypto: ${reason}`);
    this.name = 'WecomCryptoError';
  }
}

export interface WecomKey {
  key: Buffer;
  iv: Buffer;
}

/** EncodingAESKey is 43 characters of [A-Za-z0-9]; with "=" appended it is base64 of 32 bytes. */
export function decodeAesKey(encodingAesKey: string): WecomKey {
  if (!/^[A-Za-z0-9]{43}$/.test(encodingAesKey)) throw new WecomCryptoError('bad_key');
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new WecomCryptoError('bad_key');
  return { key, iv: key.subarray(0, 16) };
}

export function signature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

/** Constant-time comparison of a received msg_signature with the expected one. */
export function isValidSignature(expected: string, received: string | undefined): boolean {
  if (!received || !/^[0-9a-f]{40}$/i.test(received)) return false;
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(received.toLowerCase(), 'hex'));
}

export interface Decrypted {
  message: string;
  receiveId: string;
}

export function decrypt({ key, iv }: WecomKey, encrypted: string): Decrypted {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypted)) throw new WecomCryptoError('bad_ciphertext');
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) throw new WecomCryptoError('bad_ciphertext');
  const decipher = createDecipheriv('aes-256-cbc', key, iv);
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data), decipher.final()]);
  const pad = plain[plain.length - 1]!;
  if (pad < 1 || pad > BLOCK || pad > plain.length || !plain.subarray(plain.length - pad).every((b) => b === pad)) {
    throw new WecomCryptoError('bad_padding');
  }
  const body = plain.subarray(0, plain.length - pad);
  if (body.length < 20) throw new WecomCryptoError('bad_length');
  const length = body.readUInt32BE(16);
  if (20 + length > body.length) throw new WecomCryptoError('bad_length');
  return {
    message: body.subarray(20, 20 + length).toString('utf8'),
    receiveId: body.subarray(20 + length).toString('utf8'),
  };
}

export function encrypt({ key, iv }: WecomKey, message: string, receiveId: string, random: Buffer = randomBytes(16)): string {
  const msg = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(msg.length, 0);
  const body = Buffer.concat([random, length, msg, Buffer.from(receiveId, 'utf8')]);
  const pad = BLOCK - (body.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([body, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}
