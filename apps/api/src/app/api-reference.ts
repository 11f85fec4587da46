import type { INestApplicationContext } from '@nestjs/common';
import { describeWebhooks } from '@keel/automation';
import { EventCatalog } from '@keel/events';
import type { ApiReference } from '@keel/platform-runtime';
import { keelApiTags } from '@keel/schema';

/** What a reader needs before the first operation: from nothing to a first call, then the rules every route keeps. */
const INTRODUCTION = `Keel is a multi-tenant SaaS backend: accounts, workspaces, members and roles, API keys, projects on
workflows, domain events, webhooks, automation rules and background jobs, over JSON HTTP.

## Getting started

From nothing to a first call in four steps. \`$KEEL\` is this server's address (the one this page is open at);
every request body is JSON, sent with \`Content-Type: application/json\`.

1. **Sign up** with \`POST /v1/auth/signup\`. The answer is \`201\` with your \`user\`, an \`accessToken\` and a
   \`refreshToken\`; a verification mail goes to the address.

   \`\`\`sh
   curl -s $KEEL/v1/auth/signup -H 'Content-Type: application/json' \\
     -d '{"email":"ada@example.com","password":"correct horse battery staple","name":"Ada Lovelace"}'
   \`\`\`

2. **Use the token.** Send \`Authorization: Bearer <accessToken>\` with every other call (on this page:
   **Authorize**). It lasts \`expiresIn\` seconds (15 minutes); trade the refresh token for a new pair at
   \`POST /v1/auth/refresh\`, or sign in again at \`POST /v1/auth/login\`.

   \`\`\`sh
   TOKEN=<accessToken from the answer>
   curl -s $KEEL/v1/me -H "Authorization: Bearer $TOKEN"
   \`\`\`

3. **Create a workspace** with \`POST /v1/workspaces\`: you are its owner, and its \`id\` is the \`{workspaceId}\` of
   every workspace route.

   \`\`\`sh
   curl -s $KEEL/v1/workspaces -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
     -d '{"name":"Acme Inc."}'
   \`\`\`

4. **Make a first call** in it: create a project, then list them.

   \`\`\`sh
   WORKSPACE=<id from the answer>
   curl -s $KEEL/v1/workspaces/$WORKSPACE/projects -H "Authorization: Bearer $TOKEN" \\
     -H 'Content-Type: application/json' -d '{"key":"WEB","name":"Website relaunch"}'
   curl -s $KEEL/v1/workspaces/$WORKSPACE/projects -H "Authorization: Bearer $TOKEN"
   \`\`\`

Once your address is verified (the link in the mail), invite people (**invites**) and mint an API key for a
script or a CI pipeline (**api-keys**): a key is sent as the bearer too, and acts in its workspace only.

## Every route

- **Errors** are RFC 9457 problem details (\`application/problem+json\`) with a stable \`code\`, field \`errors\`
  where a field is at fault, and the \`requestId\` to quote.
- **Permissions**: each workspace route names the one it needs (\`x-keel-permission\`); a workspace you cannot see
  is \`404\`, a permission you lack \`403 PERMISSION_DENIED\`.
- **Lists** take \`?limit=&cursor=\` and answer \`{"data": [...], "nextCursor": "..." | null}\`.
- **Writes that can race** take an \`expectedVersion\`; a stale one is \`409 VERSION_CONFLICT\`.
- **Retries**: an \`Idempotency-Key\` header on a POST makes sending it again safe.
- **Webhooks**: every event a workspace publishes can be POSTed to your endpoint, signed the Standard Webhooks way;
  each one, with its body, is listed under **Webhooks** below.
`;

/**
 * The API app's reference: the getting-started introduction, tags in a
 * user's journey, and one webhook per type the event catalog holds when the
 * document is built (every context has registered its types by then).
 */
export function apiReference(app: INestApplicationContext): ApiReference {
  return {
    introduction: INTRODUCTION,
    tags: keelApiTags,
    webhooks: describeWebhooks(app.get(EventCatalog).list()),
  };
}
