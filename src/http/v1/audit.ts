import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Services } from '../../domain/services.js';
import { AUDIT_ACTIONS, AuditEntry } from '../../model/audit.js';
import { StringEnum, Uuid } from '../../model/kit.js';
import { Page, PageQueryWith } from './schemas.js';

const AuditQuery = PageQueryWith({
  dataset_id: Type.Optional(Uuid),
  action: Type.Optional(StringEnum(AUDIT_ACTIONS)),
});

export const auditRoutes =
  ({ audit }: Pick<Services, 'audit'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/audit',
      {
        schema: {
          tags: ['tenancy'],
          summary: "The project's audit log",
          operationId: 'listAudit',
          description:
            'Who changed what, newest first: datasets made, changed, deleted, brought back and restored; version tags set and deleted; ' +
            'shares made and removed; API keys created and revoked (never a secret). Each entry names the key that acted and the user it ' +
            "acts as. For the project's admin keys. Commits themselves are recorded on their versions (key_id, user_id).",
          querystring: AuditQuery,
          response: { 200: Page(AuditEntry) },
        },
      },
      async (request) => audit.page(request.caller, request.query),
    );
  };
