// The known answers from WeCom's encryption document (加解密方案说明, document/path/90968) and its
// sample libraries: company wx5823bf96d3bd56c7, token QDG6eK. If these fail, no real callback would
// be accepted.
import { createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WecomCryptoError, decodeAesKey, decrypt, encrypt, isValidSignature, signature } from '../../adapters/wecom/wecom-crypto.js';
import { parseFlatXml } from '../../adapters/wecom/wecom-xml.js';

const TOKEN = 'QDG6eK';
const CORP_ID = 'wx5823bf96d3bd56c7';
const KEY = decodeAesKey('jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C');

const URL_CHECK = {
  msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
  timestamp: '1409659589',
  nonce: '263014780',
  echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
};

const MESSAGE = {
  msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6',
  timestamp: '1409659813',
  nonce: '1372623149',
  encrypt:
    'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
};

describe('WeCom crypto, against the worked example', () => {
  it('verifies the URL check and decrypts its echostr', () => {
    const expected = signature(TOKEN, URL_CHECK.timestamp, URL_CHECK.nonce, URL_CHECK.echostr);
    expect(expected).toBe(URL_CHECK.msgSignature);
    expect(isValidSignature(expected, URL_CHECK.msgSignature)).toBe(true);
    expect(decrypt(KEY, URL_CHECK.echostr)).toEqual({ message: '1616140317555161061', receiveId: CORP_ID });
  });

  it('verifies and decrypts the example message', () => {
    expect(signature(TOKEN, MESSAGE.timestamp, MESSAGE.nonce, MESSAGE.encrypt)).toBe(MESSAGE.msgSignature);
    const { message, receiveId } = decrypt(KEY, MESSAGE.encrypt);
    expect(receiveId).toBe(CORP_ID);
    expect(parseFlatXml(message)).toMatchObject({
      ToUserName: CORP_ID,
      FromUserName: 'mycreate',
      CreateTime: '1409659813',
      MsgType: 'text',
      Content: 'hello',
      // a 64-bit id: kept as the exact string
      MsgId: '4561255354251345929',
      AgentID: '218',
    });
  });

  it('encrypts what it decrypts, with the example random reproducing the example ciphertext', () => {
    const raw = Buffer.from(MESSAGE.encrypt, 'base64');
    const { message } = decrypt(KEY, MESSAGE.encrypt);
    // the first 16 plaintext bytes are the random prefix: recover it by decrypting the first block
    const random = Buffer.from(decryptFirstBlock(raw));
    expect(encrypt(KEY, message, CORP_ID, random)).toBe(MESSAGE.encrypt);
    const chinese = '/申请 办公费 1200 购买打印纸';
    expect(decrypt(KEY, encrypt(KEY, chinese, CORP_ID))).toEqual({ message: chinese, receiveId: CORP_ID });
  });

  it('refuses wrong signatures, tampered ciphertexts and bad keys', () => {
    const expected = signature(TOKEN, MESSAGE.timestamp, MESSAGE.nonce, MESSAGE.encrypt);
    expect(isValidSignature(expected, MESSAGE.msgSignature.replace(/^4/, '5'))).toBe(false);
    expect(isValidSignature(expected, undefined)).toBe(false);
    expect(isValidSignature(expected, 'not-hex')).toBe(false);
    expect(signature(TOKEN, MESSAGE.timestamp, '1372623150', MESSAGE.encrypt)).not.toBe(MESSAGE.msgSignature);

    const raw = Buffer.from(MESSAGE.encrypt, 'base64');
    const lastBlockFlipped = Buffer.from(raw);
    lastBlockFlipped[raw.length - 1] = raw[raw.length - 1]! ^ 0xff;
    expect(() => decrypt(KEY, lastBlockFlipped.toString('base64'))).toThrow(WecomCryptoError);
    expect(() => decrypt(KEY, raw.subarray(0, 40).toString('base64'))).toThrow(WecomCryptoError);
    expect(() => decrypt(KEY, 'not base64 at all!')).toThrow(WecomCryptoError);
    expect(() => decodeAesKey('short')).toThrow(WecomCryptoError);
    // another company's key opens nothing of ours
    const other = decodeAesKey('a'.repeat(43));
    expect(() => decrypt(other, MESSAGE.encrypt)).toThrow(WecomCryptoError);
  });
});

function decryptFirstBlock(raw: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-cbc', KEY.key, KEY.iv);
  decipher.setAutoPadding(false);
  return decipher.update(raw.subarray(0, 16)).subarray(0, 16);
}
