import { describe, expect, it } from 'vitest';
import { hashPassword, isPasswordHash, md5, md5Hex } from './md5.ts';

describe('md5', () => {
  it('matches the RFC 1321 test suite', () => {
    const vectors: [string, string][] = [
      ['', 'd41d8cd98f00b204e9800998ecf8427e'],
      ['a', '0cc175b9c0f1b6a831c399e269772661'],
      ['abc', '900150983cd24fb0d6963f7d28e17f72'],
      ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
      ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
      ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
      ['12345678901234567890123456789012345678901234567890123456789012345678901234567890', '57edf4a22be3c955ac49da2e2107b67a'],
    ];
    for (const [input, digest] of vectors) expect(md5Hex(input)).toBe(digest);
  });

  it('handles lengths around the 56-byte padding boundary', () => {
    // Reference digests from a standard MD5 implementation.
    expect(md5Hex('a'.repeat(55))).toBe('ef1772b6dff9a122358552954ad0df65');
    expect(md5Hex('a'.repeat(56))).toBe('3b0c8ac703f828b04c6c197006d17218');
    expect(md5Hex('a'.repeat(64))).toBe('014842d480b571495a4a0363793f7367');
  });

  it('hashes text as UTF-8 and accepts bytes', () => {
    expect(md5Hex('é')).toBe(md5Hex(new Uint8Array([0xc3, 0xa9])));
    expect(md5(new Uint8Array(0))).toHaveLength(16);
  });
});

describe('hashPassword', () => {
  it('prefixes $1$ to the md5 of the password', () => {
    expect(hashPassword('password')).toBe('$1$5f4dcc3b5aa765d61d8327deb882cf99');
  });

  it('keeps a value that is already hashed, lowercased', () => {
    expect(hashPassword('$1$5F4DCC3B5AA765D61D8327DEB882CF99')).toBe('$1$5f4dcc3b5aa765d61d8327deb882cf99');
    expect(isPasswordHash('$1$5f4dcc3b5aa765d61d8327deb882cf99')).toBe(true);
  });

  it('hashes a password that only looks like a hash', () => {
    const lookalike = '$1$zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz';
    expect(isPasswordHash(lookalike)).toBe(false);
    expect(hashPassword(lookalike)).toBe(`$1$${md5Hex(lookalike)}`);
  });
});
