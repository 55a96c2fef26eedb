// A local push service for the end-to-end tests (issue 18). Chromium here cannot reach a
// real one (Google's FCM), so this stands in for it, written from the published
// conventions: RFC 8030 (a POST to the subscription's endpoint, `TTL`, `Urgency`,
// `Topic`, 201 when kept, 429 with `Retry-After` when busy, 410 when gone), RFC 8292
// (`Authorization: vapid t=<ES256 JWT for this origin>, k=<the server's key>`) and RFC
// 8291 / 8188 (the `aes128gcm` body, decrypted here with the device's own keys, by Node's
// crypto, independently of the server's crate).
//
// Each device is a key pair and an auth secret made as a browser makes them; its endpoint
// is `<origin>/push/<name>`. A name starting `busy` answers 429 to its first message.
import { createECDH, createPublicKey, createDecipheriv, hkdfSync, randomBytes, verify } from "node:crypto";
import { createServer } from "node:http";

const b64url = (bytes) => Buffer.from(bytes).toString("base64url");

/// Starts the service; `received` lists every request, decrypted where it could be.
export async function startPushService() {
  const devices = new Map();
  const received = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const name = decodeURIComponent(req.url.replace(/^\/push\//, ""));
      const device = devices.get(name);
      const body = Buffer.concat(chunks);
      const entry = { name, method: req.method, headers: req.headers, length: body.length };
      const before = received.filter((r) => r.name === name).length;
      received.push(entry);
      if (!device) {
        res.writeHead(410).end();
        return;
      }
      try {
        entry.vapid = checkVapid(req.headers.authorization ?? "", service.origin);
        entry.message = JSON.parse(decrypt(body, device).toString("utf8"));
      } catch (error) {
        entry.error = String(error.message ?? error);
        res.writeHead(400).end(entry.error);
        return;
      }
      if (name.startsWith("busy") && before === 0) {
        res.writeHead(429, { "retry-after": "1" }).end();
        return;
      }
      res.writeHead(201, { location: `/message/${received.length}` }).end();
    });
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const service = {
    origin: `http://127.0.0.1:${server.address().port}`,
    received,
    /// A new device: what `PushSubscription.toJSON()` would give for it.
    device(name) {
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const auth = randomBytes(16);
      devices.set(name, { ecdh, auth });
      return {
        endpoint: `${service.origin}/push/${encodeURIComponent(name)}`,
        expirationTime: null,
        keys: { p256dh: b64url(ecdh.getPublicKey()), auth: b64url(auth) },
      };
    },
    /// The messages a device was sent and kept (201), in order.
    kept(name) {
      return received.filter((r) => r.name === name && r.message && !r.error);
    },
    close: () => new Promise((ok) => server.close(ok)),
  };
  return service;
}

/// RFC 8291: the content key and nonce from the device's keys, the sender's public key and
/// the salt the body carries; then RFC 8188's one record, its padding stripped.
function decrypt(body, { ecdh, auth }) {
  const salt = body.subarray(0, 16);
  const idLength = body[20];
  const senderPublic = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  const shared = ecdh.computeSecret(senderPublic);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), ecdh.getPublicKey(), senderPublic]);
  const ikm = Buffer.from(hkdfSync("sha256", shared, auth, keyInfo, 32));
  const key = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
  const decipher = createDecipheriv("aes-128-gcm", key, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  // The last record ends with 0x02 and any zeros after it.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error("no last-record delimiter");
  return padded.subarray(0, end);
}

/// RFC 8292: the JWT's signature by `k`, its audience this service's origin, not expired,
/// good for at most a day. Answers the claims and the key.
function checkVapid(header, origin) {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header);
  if (!match) throw new Error(`no VAPID authorization: ${header}`);
  const [, token, k] = match;
  const [head, claims, signature] = token.split(".");
  const raw = Buffer.from(k, "base64url");
  const key = createPublicKey({
    key: { kty: "EC", crv: "P-256", x: b64url(raw.subarray(1, 33)), y: b64url(raw.subarray(33, 65)) },
    format: "jwk",
  });
  const signed = verify("sha256", Buffer.from(`${head}.${claims}`), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(signature, "base64url"));
  if (!signed) throw new Error("the VAPID JWT is not signed by k");
  const body = JSON.parse(Buffer.from(claims, "base64url").toString("utf8"));
  const now = Date.now() / 1000;
  if (body.aud !== origin) throw new Error(`VAPID aud ${body.aud} is not ${origin}`);
  if (!(body.exp > now && body.exp <= now + 24 * 3600 + 60)) throw new Error(`VAPID exp ${body.exp} out of range`);
  return { claims: body, k };
}
