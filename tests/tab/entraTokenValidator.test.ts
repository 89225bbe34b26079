import * as crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { TabApiSettings } from '../../src/config';
import {
  CachedKeySet,
  EntraTokenValidator,
  TokenRejection,
  bearerToken,
} from '../../src/tab/entraTokenValidator';

const TENANT = '11111111-2222-3333-4444-555555555555';
const OID = 'a1111111-1111-4111-8111-111111111111';
const settings: TabApiSettings = {
  clientId: 'client-id',
  audiences: ['client-id', 'api://tab.example/client-id'],
  scope: 'access_as_user',
  jwksUri: 'http://127.0.0.1:1/keys',
  allowedTenantIds: [],
};
const pair = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const keys = {
  getSigningKey: async (kid: string) => {
    if (kid !== 'k1') throw new Error(`no key ${kid}`);
    return { getPublicKey: () => pair.publicKey.export({ format: 'pem', type: 'spki' }).toString() };
  },
};
const NOW = Date.parse('2026-03-01T12:00:00Z');

function sign(claims: Record<string, unknown>): string {
  const now = Math.floor(NOW / 1000);
  const payload = Object.fromEntries(
    Object.entries({
      aud: 'client-id',
      iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
      tid: TENANT,
      oid: OID,
      scp: 'access_as_user',
      iat: now,
      nbf: now,
      exp: now + 3600,
      ...claims,
    }).filter(([, value]) => value !== undefined),
  );
  return jwt.sign(payload, pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), {
    algorithm: 'RS256',
    keyid: 'k1',
  });
}

async function rejection(token: string): Promise<TokenRejection> {
  const validator = new EntraTokenValidator(settings, keys, { now: () => NOW });
  return validator.validate(`Bearer ${token}`).then(
    () => {
      throw new Error('accepted');
    },
    (error: unknown) => error as TokenRejection,
  );
}

describe('EntraTokenValidator', () => {
  it('reads only a well-formed Bearer header', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Bearer abc def')).toBeUndefined();
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it('names the person: oid, tenant and name', async () => {
    const validator = new EntraTokenValidator(settings, keys, { now: () => NOW });
    await expect(validator.validate(`Bearer ${sign({ name: 'Alice' })}`)).resolves.toEqual({
      oid: OID,
      tenantId: TENANT,
      name: 'Alice',
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a v2 issuer with a trailing slash',
      { iss: `https://login.microsoftonline.com/${TENANT}/v2.0/` },
      'invalid_token',
    ],
    ['a v1 issuer without the trailing slash', { iss: `https://sts.windows.net/${TENANT}` }, 'invalid_token'],
    [
      'an issuer on another host',
      { iss: `https://sts.windows.net.evil.example/${TENANT}/` },
      'invalid_token',
    ],
    ['no oid', { oid: undefined }, 'invalid_token'],
    ['an oid that is not a GUID', { oid: 'aad-alice' }, 'invalid_token'],
    ['no expiry', { exp: undefined }, 'invalid_token'],
    ['expired 61 s ago', { exp: Math.floor(NOW / 1000) - 61 }, 'invalid_token'],
    ['a scope that only starts like ours', { scp: 'access_as_user_admin' }, 'insufficient_scope'],
    ['roles instead of scp', { scp: undefined, roles: ['access_as_user'] }, 'insufficient_scope'],
  ])('refuses %s', async (_label, claims, code) => {
    expect((await rejection(sign(claims))).code).toBe(code);
  });

  it('refuses a token whose header or payload is not base64 of JSON as invalid, not as a failure', async () => {
    const [header, , signature] = sign({}).split('.');
    for (const token of [`${header}.AAAA.${signature}`, `AAAA.${header}.${signature}`, `${header}.e30.`]) {
      const refused = await rejection(token);
      expect(refused).toBeInstanceOf(TokenRejection);
      expect(refused.code).toBe('invalid_token');
    }
  });

  it('refuses within the timeout when the keys never come', async () => {
    const hanging = { getSigningKey: () => new Promise<never>(() => undefined) };
    const validator = new EntraTokenValidator(settings, hanging, { now: () => NOW, keyFetchTimeoutMs: 50 });
    await expect(validator.validate(`Bearer ${sign({})}`)).rejects.toMatchObject({
      status: 401,
      reason: expect.stringMatching(/longer than 50 ms/),
    });
  });

  it('names the person by the lower-case oid, as Teams names them in chat', async () => {
    const validator = new EntraTokenValidator(settings, keys, { now: () => NOW });
    await expect(validator.validate(`Bearer ${sign({ oid: OID.toUpperCase() })}`)).resolves.toMatchObject({
      oid: OID,
    });
  });
});

describe('CachedKeySet', () => {
  const publicPem = pair.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  function source(published: string[]) {
    const counted = {
      fetches: 0,
      getSigningKeys: async () => {
        counted.fetches++;
        return published.map((kid) => ({ kid, getPublicKey: () => publicPem }));
      },
    };
    return counted;
  }

  it('is not locked out by forged key ids sent before the first real token', async () => {
    const entra = source(['k1']);
    const set = new CachedKeySet(entra, () => NOW);
    for (let i = 0; i < 30; i++) await expect(set.getSigningKey(`forged-${i}`)).rejects.toThrow();
    await expect(set.getSigningKey('k1')).resolves.toMatchObject({ getPublicKey: expect.any(Function) });
    expect(entra.fetches).toBeLessThanOrEqual(5);
  });

  it('finds a newly published key within one refetch interval however many forged ids come first', async () => {
    const published = ['k1'];
    const entra = source(published);
    let now = NOW;
    const set = new CachedKeySet(entra, () => now);
    await set.getSigningKey('k1');
    for (let i = 0; i < 30; i++) await expect(set.getSigningKey(`forged-${i}`)).rejects.toThrow();
    const fetches = entra.fetches;
    published.push('k2');
    now += 6_000;
    await expect(set.getSigningKey('k2')).resolves.toBeDefined();
    expect(entra.fetches).toBe(fetches + 1);
    await set.getSigningKey('k1');
    expect(entra.fetches).toBe(fetches + 1);
  });

  it('fetches once for concurrent unknown ids, and keeps known keys when a refetch fails', async () => {
    let fail = false;
    const entra = {
      fetches: 0,
      getSigningKeys: async () => {
        entra.fetches++;
        if (fail) throw new Error('Entra is down');
        return [{ kid: 'k1', getPublicKey: () => publicPem }];
      },
    };
    let now = NOW;
    const set = new CachedKeySet(entra, () => now);
    await Promise.all(Array.from({ length: 20 }, () => set.getSigningKey('k1')));
    expect(entra.fetches).toBe(1);
    fail = true;
    now += 13 * 60 * 60 * 1000; // past the cache age: a refetch is due, and fails
    await expect(set.getSigningKey('k1')).resolves.toBeDefined();
    await expect(set.getSigningKey('k9')).rejects.toThrow('Entra is down');
  });
});
