// A relying party as a Node service writes one: openid-client discovers the issuer (requiring https, an
// application/json discovery document and an issuer equal to the one asked for), then jose verifies each token
// against the remote JWK set (signature, iss, aud, exp, nbf).
// Input on stdin: {"issuer": URL, "audience": AUD, "tokens": {name: jwt}}. Output on stdout: {name: {accepted, detail}}.
// The test CA reaches Node through NODE_EXTRA_CA_CERTS.
import * as client from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const input = JSON.parse(await readStdin());
let metadata;
try {
  const config = await client.discovery(new URL(input.issuer), 'sa-issuer-conformance');
  metadata = config.serverMetadata();
} catch (e) {
  process.stderr.write(`discovery of ${input.issuer} failed: ${e.code ?? e.name}: ${e.message}${e.cause ? ` (${e.cause})` : ''}\n`);
  process.exit(1);
}
const keys = createRemoteJWKSet(new URL(metadata.jwks_uri));
const results = {};
for (const [name, token] of Object.entries(input.tokens)) {
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer: metadata.issuer,
      audience: input.audience,
      algorithms: ['RS256', 'ES256'],
    });
    results[name] = { accepted: true, detail: payload.sub };
  } catch (e) {
    results[name] = { accepted: false, detail: `${e.code ?? e.name}: ${e.message}` };
  }
}
process.stdout.write(JSON.stringify(results));
