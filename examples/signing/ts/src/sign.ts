// Sign a 授权核对委托书 (the authorization) as an issuing office does: TypeScript on Node,
// with node:crypto's Ed25519 (no JOSE dependency; TypeScript and @types/node to compile).
//
//     npm ci && npx tsc -p . && node dist/sign.js --key issuer-key.json --household ../household.json [--valid-days 30]
//
// prints the compact JWS (header.payload.signature) on standard output.
//
// --key is the office's key file as `verification keys create-issuer` writes it:
// {"issuer": "450102001", "kid": "…", "jwk": {"kty": "OKP", "crv": "Ed25519", "x": "…", "d": "…"}}
// (the private key as a JWK, RFC 8037). --household holds the case's part of the payload:
// purpose, region_code, area, members and scopes; this program adds authorization_id, issuer
// and the times iat, nbf, exp.
//
// Contract: openapi/authorization.schema.json; guide: docs/integrators/signing-authorizations.md.

import { createPrivateKey, randomUUID, sign, type JsonWebKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const SECONDS_PER_DAY = 86_400;

interface KeyFile {
  issuer: string;
  kid: string;
  jwk: JsonWebKey; // {"kty": "OKP", "crv": "Ed25519", "x": …, "d": …}
}

interface Member {
  id_number: string; // 公民身份号码, GB 11643: 17 digits and a check character (X upper-case)
  name: string;
  relation: string; // "self", "spouse", "child", "parent", …
  consented: true;
}

interface Household {
  purpose: "dibao_application" | "dibao_review" | "tekun" | "temporary_assistance";
  region_code: string; // six digits
  area: "urban" | "rural";
  members: Member[];
  scopes: string[];
}

interface Payload extends Household {
  authorization_id: string;
  issuer: string;
  iat: number; // NumericDates: whole seconds since the epoch, UTC
  nbf: number;
  exp: number;
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url"); // no padding
}

export function buildPayload(issuer: string, household: Household, validDays: number): Payload {
  const now = Math.floor(Date.now() / 1000);
  return {
    // unique per authorization, never an ID number: a UUID after a prefix
    authorization_id: `auth-${randomUUID()}`,
    issuer,
    purpose: household.purpose,
    region_code: household.region_code,
    area: household.area,
    members: household.members,
    scopes: household.scopes,
    iat: now,
    nbf: now,
    exp: now + validDays * SECONDS_PER_DAY,
  };
}

/** The compact serialization: BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature). */
export function signCompact(kid: string, payload: Payload, key: KeyObject): string {
  const header = { alg: "EdDSA", kid };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  // Ed25519 takes the message itself: no digest algorithm (null)
  const signature = sign(null, Buffer.from(signingInput, "ascii"), key);
  return `${signingInput}.${base64url(signature)}`;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      key: { type: "string" },
      household: { type: "string" },
      "valid-days": { type: "string", default: "30" },
    },
  });
  if (!values.key || !values.household) {
    console.error("usage: node dist/sign.js --key KEY.json --household HOUSEHOLD.json [--valid-days N]");
    process.exit(2);
  }
  const keyFile = JSON.parse(readFileSync(values.key, "utf8")) as KeyFile;
  const household = JSON.parse(readFileSync(values.household, "utf8")) as Household;
  // a PKCS#8 PEM works too: createPrivateKey(readFileSync("office.pem", "utf8"))
  const key = createPrivateKey({ key: keyFile.jwk, format: "jwk" });
  if (key.asymmetricKeyType !== "ed25519") {
    throw new Error("the key must be an Ed25519 OKP JWK");
  }
  const payload = buildPayload(keyFile.issuer, household, Number(values["valid-days"]));
  console.log(signCompact(keyFile.kid, payload, key));
}

main();
