import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Services } from '../../domain/services.js';
import { Uuid } from '../../model/kit.js';
import { LIMITS } from '../../model/limits.js';
import { Webhook, WebhookCreate, WebhookDelivery, WebhookUpdate, WebhookWithSecret, WEBHOOK_EVENTS } from '../../model/webhooks.js';
import { IdParams, NoContent, Page, PageQuery, problems } from './schemas.js';

const tags = ['webhooks'];
const DeliveryParams = Type.Object({ id: Uuid, delivery_id: Type.Integer({ minimum: 1, maximum: LIMITS.integerMax }) });

/** A project's webhooks: for its admin keys. */
export const webhookRoutes =
  ({ webhooks }: Pick<Services, 'webhooks'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/webhooks',
      {
        schema: {
          tags,
          summary: 'Subscribe a URL to events',
          operationId: 'createWebhook',
          description:
            `Events: ${WEBHOOK_EVENTS.join(', ')}. Each change is written to an outbox in its own transaction and POSTed as \`{type, timestamp, data}\`, ` +
            'signed in the Standard Webhooks form (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The secret is shown in this answer only. ' +
            `A URL reaching a private address is refused unless the operator allows them; at most ${LIMITS.webhooksPerProject} webhooks per project (409).`,
          body: WebhookCreate,
          response: { 201: WebhookWithSecret, ...problems(409) },
        },
      },
      async (request, reply) => reply.code(201).send(await webhooks.create(request.caller, request.body)),
    );

    app.get(
      '/webhooks',
      {
        schema: {
          tags,
          summary: 'List webhooks',
          operationId: 'listWebhooks',
          description: "The project's webhooks, oldest first.",
          querystring: PageQuery,
          response: { 200: Page(Webhook) },
        },
      },
      async (request) => webhooks.list(request.caller, request.query),
    );

    app.get(
      '/webhooks/:id',
      {
        schema: {
          tags,
          summary: 'Get a webhook',
          operationId: 'getWebhook',
          description: 'One webhook (never its secret).',
          params: IdParams,
          response: { 200: Webhook, ...problems(404) },
        },
      },
      async (request) => webhooks.get(request.caller, request.params.id),
    );

    app.patch(
      '/webhooks/:id',
      {
        schema: {
          tags,
          summary: 'Change a webhook',
          operationId: 'updateWebhook',
          description: 'Its URL, its events, or whether it is enabled (a disabled webhook is sent nothing new).',
          params: IdParams,
          body: WebhookUpdate,
          response: { 200: Webhook, ...problems(404) },
        },
      },
      async (request) => webhooks.update(request.caller, request.params.id, request.body),
    );

    app.delete(
      '/webhooks/:id',
      {
        schema: {
          tags,
          summary: 'Delete a webhook',
          operationId: 'deleteWebhook',
          description: 'With its delivery log; deliveries still pending are dropped.',
          params: IdParams,
          response: { 204: NoContent, ...problems(404) },
        },
      },
      async (request, reply) => {
        await webhooks.remove(request.caller, request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/webhooks/:id/ping',
      {
        schema: {
          tags,
          summary: 'Send a test ping',
          operationId: 'pingWebhook',
          description: 'Queues a `webhook.ping` event to this webhook, delivered and logged like any other.',
          params: IdParams,
          response: { 202: WebhookDelivery, ...problems(404) },
        },
      },
      async (request, reply) => reply.code(202).send(await webhooks.ping(request.caller, request.params.id)),
    );

    app.get(
      '/webhooks/:id/deliveries',
      {
        schema: {
          tags,
          summary: "A webhook's delivery log",
          operationId: 'listWebhookDeliveries',
          description:
            'Newest first: each event sent, its status (pending, delivered, failed), attempts and the last response code or error.',
          params: IdParams,
          querystring: PageQuery,
          response: { 200: Page(WebhookDelivery), ...problems(404) },
        },
      },
      async (request) => webhooks.deliveries(request.caller, request.params.id, request.query),
    );

    app.post(
      '/webhooks/:id/deliveries/:delivery_id/redeliver',
      {
        schema: {
          tags,
          summary: 'Send a delivery again',
          operationId: 'redeliverWebhook',
          description:
            'A delivered or failed delivery is sent again as soon as possible, with the same `webhook-id` and a fresh day of retries.',
          params: DeliveryParams,
          response: { 202: WebhookDelivery, ...problems(404) },
        },
      },
      async (request, reply) =>
        reply.code(202).send(await webhooks.redeliver(request.caller, request.params.id, request.params.delivery_id)),
    );
  };
