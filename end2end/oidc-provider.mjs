// A real OpenID Provider for Tværs's single sign-on tests (issue 15 item 2): the certified npm
// package `oidc-provider`, not a stub of the protocol. It plays both of a municipality's
// providers — one client for staff (as Entra ID would be), one for parents (as a MitID broker) —
// with a static set of people and a minimal login page of its own.
//
//   node end2end/oidc-provider.mjs [--port 4400] [--redirect-base http://127.0.0.1:3000]
//                                  [--stop-with-stdin]
//
// Environment: OIDC_PORT and OIDC_REDIRECT_BASE instead of the flags. It prints one line,
// `ready <issuer>`, once it listens (port 0: a free port, named in the line). With
// --stop-with-stdin it stops when its standard input closes (the Rust tests' child process).
//
// The login page asks only which person signs in (no password: these are test people). A
// browser test fills in the field and presses the button; a non-browser test posts the same
// form. "Cancel" answers the client with error=access_denied.
//
// Test only: it keeps everything in memory, makes a new signing key at each start, and signs
// any cookie with a fixed key.

import http from 'node:http';
import crypto from 'node:crypto';
import Provider from 'oidc-provider';

function argument(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

const port = Number(argument('port', process.env.OIDC_PORT ?? '4400'));
const redirectBase = argument('redirect-base', process.env.OIDC_REDIRECT_BASE ?? 'http://127.0.0.1:3000');
const stopWithStdin = process.argv.includes('--stop-with-stdin');

// The people the provider knows. `acr`/`amr` are what it asserts about how they signed in.
// Staff are matched by Tværs on `preferred_username` (its default staff claim), parents on
// `sub` (its default parent claim): a broker's pseudonym would stand where the usernames are.
const PEOPLE = {
  'entra-leder': {
    claims: { preferred_username: 'leder', name: 'Lis Leder' },
    acr: 'urn:tvaers:test:loa:substantial', amr: ['pwd', 'mfa'],
  },
  // The same leader when the provider checked only a password: not enough for a leader.
  'entra-leder-pwd': {
    claims: { preferred_username: 'leder', name: 'Lis Leder' },
    acr: 'urn:tvaers:test:loa:low', amr: ['pwd'],
  },
  'entra-paedagog': {
    claims: { preferred_username: 'paedagog', name: 'Pia Pædagog' },
    acr: 'urn:tvaers:test:loa:low', amr: ['pwd'],
  },
  // Known to the municipality's login, unknown to Tværs.
  'entra-ukendt': {
    claims: { preferred_username: 'ukendt.person', name: 'Ukendt Person' },
    acr: 'urn:tvaers:test:loa:low', amr: ['pwd'],
  },
  // A parent who is no staff, at the staff provider.
  'entra-foraelder': {
    claims: { preferred_username: 'forælder', name: 'Frida Forælder' },
    acr: 'urn:tvaers:test:loa:low', amr: ['pwd'],
  },
  'forælder': {
    claims: { name: 'Frida Forælder' },
    acr: 'https://data.gov.dk/concept/core/nsis/loa/Substantial', amr: ['mitid'],
  },
  'forælder2': {
    claims: { name: 'Finn Forælder' },
    acr: 'https://data.gov.dk/concept/core/nsis/loa/Substantial', amr: ['mitid'],
  },
  // A staff member at the parent provider: no guardian.
  'paedagog': {
    claims: { name: 'Pia Pædagog' },
    acr: 'https://data.gov.dk/concept/core/nsis/loa/Substantial', amr: ['mitid'],
  },
  'mitid-ukendt': {
    claims: { name: 'Ukendt Forælder' },
    acr: 'https://data.gov.dk/concept/core/nsis/loa/Substantial', amr: ['mitid'],
  },
};

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(uid, clientId, problem, prompt) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test provider: sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<h1>Test provider</h1>
<p>Client: ${escape(clientId)}</p>
<p>Asked: ${escape(prompt?.name ?? '')} (${escape((prompt?.reasons ?? []).join(', '))})</p>
${problem ? `<p role="alert">${escape(problem)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
  <label for="login">Person</label>
  <input id="login" name="login" autocomplete="off" required>
  <button type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${escape(uid)}/cancel">
  <button type="submit">Cancel</button>
</form>
</body></html>`;
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > 10000) reject(new Error('body too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

// Tværs's callbacks. Loopback addresses make the clients "native" (RFC 8252 §7.3): the port
// may then differ, as each Rust test's server has its own.
function client(kind) {
  const redirect = `${redirectBase}/auth/oidc/${kind}/callback`;
  const loopback = /^http:\/\/(127\.0\.0\.1|\[::1\])(:\d+)?\//.test(redirect);
  return {
    client_id: `tvaers-${kind}`,
    client_secret: `${kind}-secret`,
    redirect_uris: [redirect],
    application_type: loopback ? 'native' : 'web',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  };
}

const server = http.createServer();
server.listen(port, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signing = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };

  const provider = new Provider(issuer, {
    clients: [client('staff'), client('parent')],
    jwks: { keys: [signing] },
    cookies: { keys: ['test-only-cookie-key'] },
    // `acr` and `amr` with the `openid` scope: in every ID token, as a broker puts them
    // (oidc-provider otherwise adds them only when the client asks for them by name).
    claims: {
      acr: null, amr: null, auth_time: null, sid: null, iss: null,
      openid: ['sub', 'acr', 'amr'], profile: ['name', 'preferred_username'],
    },
    acrValues: [...new Set(Object.values(PEOPLE).map((p) => p.acr))],
    // The profile claims in the ID token itself, as Entra ID puts them.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, id) {
      const person = PEOPLE[id];
      if (!person) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...person.claims }) };
    },
    // First-party clients: no consent screen; the grant is made at the first sign-in.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid profile');
      await grant.save();
      return grant;
    },
  });
  const handle = provider.callback();

  server.on('request', async (req, res) => {
    const match = /^\/interaction\/([\w-]+)(\/(login|cancel))?$/.exec(req.url.split('?')[0]);
    if (!match) {
      handle(req, res);
      return;
    }
    try {
      const details = await provider.interactionDetails(req, res);
      const clientId = details.params.client_id;
      if (req.method === 'GET' && !match[3]) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(loginPage(details.uid, clientId, '', details.prompt));
        return;
      }
      if (req.method !== 'POST') {
        res.writeHead(405).end();
        return;
      }
      if (match[3] === 'cancel') {
        await provider.interactionFinished(req, res, {
          error: 'access_denied', error_description: 'the person cancelled',
        }, { mergeWithLastSubmission: false });
        return;
      }
      const form = await readForm(req);
      const accountId = form.get('login') ?? '';
      const person = PEOPLE[accountId];
      if (!person) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(loginPage(details.uid, clientId, `No person "${accountId}" here.`, details.prompt));
        return;
      }
      // Consent in the same answer: native (loopback) clients are asked for it every time
      // (RFC 8252), and Tværs is a first-party client here.
      const grant = new provider.Grant({ clientId, accountId });
      grant.addOIDCScope(details.params.scope);
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, {
        login: { accountId, acr: person.acr, amr: person.amr, remember: false },
        consent: { grantId },
      }, { mergeWithLastSubmission: false });
    } catch (err) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(`interaction failed: ${err.message}`);
    }
  });

  console.log(`ready ${issuer}`);
});

if (stopWithStdin) {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('close', () => process.exit(0));
  process.stdin.resume();
}
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
