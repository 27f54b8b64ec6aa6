import { SignJWT, errors, jwtVerify } from 'jose';
import type { JwtAlgorithm } from '../config.js';
import { DomainError, unauthorized } from './errors.js';
import type { Role, Project } from '../model/tenancy.js';
import type { Caller } from './caller.js';
import type { KeyGrants } from './key-grants.js';

export interface TokenConfig {
  secret: string;
  algorithm: JwtAlgorithm;
  ttlSeconds: number;
}

/** What a token stands for: a project key's caller and where its project lives. */
export interface TokenClaims extends Caller {
  projectId: string;
  namespaceSlug: string;
  projectSlug: string;
}

const ISSUER = 'datashelf';

/**
 * Short-lived JWTs issued for an API key: the key's project, role and slugs travel
 * signed in the token, and the key must still be live (asked of the same cache as the
 * keys themselves, so revoking a key ends its tokens too). Only the configured algorithm
 * is accepted, so a token signed any other way (or `alg: none`) is refused.
 */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    private readonly config: TokenConfig,
    private readonly grants: KeyGrants,
  ) {
    this.key = new TextEncoder().encode(config.secret);
  }

  async issue(caller: Caller, project: Project): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number }> {
    const token = await new SignJWT({ pid: project.id, ns: project.namespace, prj: project.slug, role: caller.role, uid: caller.userId })
      .setProtectedHeader({ alg: this.config.algorithm, typ: 'JWT' })
      .setSubject(caller.keyId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${this.config.ttlSeconds}s`)
      .sign(this.key);
    return { access_token: token, token_type: 'Bearer', expires_in: this.config.ttlSeconds };
  }

  async verify(token: string): Promise<TokenClaims> {
    const claims = await this.claims(token);
    if (!(await this.grants.byKeyId(claims.keyId))) {
      throw unauthorized('the API key this token was issued for has been revoked', 'credential_invalid');
    }
    return claims;
  }

  private async claims(token: string): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: [this.config.algorithm], issuer: ISSUER });
      const { sub, pid, ns, prj, role, uid } = payload as Record<string, unknown>;
      if (
        typeof sub !== 'string' ||
        typeof pid !== 'string' ||
        typeof ns !== 'string' ||
        typeof prj !== 'string' ||
        typeof role !== 'string'
      ) {
        throw unauthorized('the token is missing claims', 'credential_invalid');
      }
      return {
        keyId: sub,
        projectId: pid,
        role: role as Role,
        userId: typeof uid === 'string' ? uid : null,
        namespaceSlug: ns,
        projectSlug: prj,
      };
    } catch (error) {
      if (error instanceof DomainError) throw error;
      const expired = error instanceof errors.JWTExpired;
      throw unauthorized(expired ? 'the token has expired' : 'the token is not valid', 'credential_invalid');
    }
  }
}
