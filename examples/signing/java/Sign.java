// Sign a 授权核对委托书 (the authorization) as an issuing office does: Java 17, the JDK alone
// (java.security's Ed25519 and java.util.Base64; no Maven dependency). Run from source:
//
//     java Sign.java --key issuer-key.json --household ../household.json [--valid-days 30]
//
// prints the compact JWS (header.payload.signature) on standard output.
//
// --key is the office's key file as `verification keys create-issuer` writes it:
// {"issuer": "450102001", "kid": "…", "jwk": {"kty": "OKP", "crv": "Ed25519", "x": "…", "d": "…"}}
// (the private key as a JWK, RFC 8037). --household holds the case's part of the payload:
// purpose, region_code, area, members and scopes; this program adds authorization_id, issuer
// and the times iat, nbf, exp. The JDK has no JSON library, so a minimal reader and writer
// for the two files and the payload are at the end of this file.
//
// Contract: openapi/authorization.schema.json; guide: docs/integrators/signing-authorizations.md.

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

public final class Sign {
    private static final long SECONDS_PER_DAY = 86_400L;
    // PKCS#8 DER of an Ed25519 private key is this fixed prefix and the 32-byte seed (RFC 8410)
    private static final byte[] PKCS8_ED25519_PREFIX = {
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
    };

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Map<String, Object> keyFile = object(Json.parse(read(options.get("--key"))));
        Map<String, Object> household = object(Json.parse(read(options.get("--household"))));
        long validDays = Long.parseLong(options.getOrDefault("--valid-days", "30"));

        String issuer = (String) keyFile.get("issuer");
        String kid = (String) keyFile.get("kid");
        Map<String, Object> jwk = object(keyFile.get("jwk"));
        if (!"OKP".equals(jwk.get("kty")) || !"Ed25519".equals(jwk.get("crv"))) {
            throw new IllegalArgumentException("the key must be an Ed25519 OKP JWK");
        }

        long now = System.currentTimeMillis() / 1000L; // a NumericDate: whole seconds, UTC
        Map<String, Object> payload = new LinkedHashMap<>();
        // unique per authorization, never an ID number: a UUID after a prefix
        payload.put("authorization_id", "auth-" + UUID.randomUUID());
        payload.put("issuer", issuer);
        for (String field : List.of("purpose", "region_code", "area", "members", "scopes")) {
            payload.put(field, household.get(field));
        }
        payload.put("iat", now);
        payload.put("nbf", now);
        payload.put("exp", now + validDays * SECONDS_PER_DAY);

        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "EdDSA");
        header.put("kid", kid);

        System.out.println(sign(header, payload, privateKey((String) jwk.get("d"))));
    }

    /** The compact serialization: BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature). */
    static String sign(Map<String, Object> header, Map<String, Object> payload, PrivateKey key)
            throws Exception {
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = base64url.encodeToString(Json.write(header).getBytes(StandardCharsets.UTF_8))
                + "." + base64url.encodeToString(Json.write(payload).getBytes(StandardCharsets.UTF_8));
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initSign(key);
        ed25519.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + base64url.encodeToString(ed25519.sign());
    }

    /** The JWK's d (the 32-byte seed, base64url) as a java.security private key. */
    static PrivateKey privateKey(String d) throws Exception {
        byte[] seed = Base64.getUrlDecoder().decode(d);
        if (seed.length != 32) {
            throw new IllegalArgumentException("the JWK's d must be 32 bytes");
        }
        byte[] der = new byte[PKCS8_ED25519_PREFIX.length + seed.length];
        System.arraycopy(PKCS8_ED25519_PREFIX, 0, der, 0, PKCS8_ED25519_PREFIX.length);
        System.arraycopy(seed, 0, der, PKCS8_ED25519_PREFIX.length, seed.length);
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (!options.containsKey("--key") || !options.containsKey("--household")) {
            System.err.println("usage: java Sign.java --key KEY.json --household HOUSEHOLD.json [--valid-days N]");
            System.exit(2);
        }
        return options;
    }

    private static String read(String path) throws Exception {
        return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }

    /** Just enough JSON (RFC 8259): objects, arrays, strings, integers, true, false, null. */
    static final class Json {
        private final String text;
        private int at;

        private Json(String text) {
            this.text = text;
        }

        static Object parse(String text) {
            Json reader = new Json(text);
            Object value = reader.value();
            reader.space();
            if (reader.at != text.length()) {
                throw reader.error("trailing characters");
            }
            return value;
        }

        static String write(Object value) {
            StringBuilder out = new StringBuilder();
            write(value, out);
            return out.toString();
        }

        private static void write(Object value, StringBuilder out) {
            if (value == null) {
                out.append("null");
            } else if (value instanceof String s) {
                out.append('"');
                for (char c : s.toCharArray()) {
                    switch (c) {
                        case '"' -> out.append("\\\"");
                        case '\\' -> out.append("\\\\");
                        case '\n' -> out.append("\\n");
                        case '\r' -> out.append("\\r");
                        case '\t' -> out.append("\\t");
                        default -> {
                            if (c < 0x20) {
                                out.append(String.format("\\u%04x", (int) c));
                            } else {
                                out.append(c); // UTF-8 when encoded: names stay readable
                            }
                        }
                    }
                }
                out.append('"');
            } else if (value instanceof Map<?, ?> map) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    write(entry.getKey(), out);
                    out.append(':');
                    write(entry.getValue(), out);
                }
                out.append('}');
            } else if (value instanceof List<?> list) {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(list.get(i), out);
                }
                out.append(']');
            } else if (value instanceof Long || value instanceof Integer || value instanceof Boolean) {
                out.append(value); // integers only: NumericDates have no fraction
            } else {
                throw new IllegalArgumentException("cannot write " + value.getClass());
            }
        }

        private Object value() {
            space();
            if (at >= text.length()) {
                throw error("unexpected end");
            }
            char c = text.charAt(at);
            if (c == '{') {
                Map<String, Object> map = new LinkedHashMap<>();
                at++;
                space();
                if (peek('}')) {
                    return map;
                }
                do {
                    space();
                    String name = string();
                    space();
                    expect(':');
                    map.put(name, value());
                    space();
                } while (peek(','));
                expect('}');
                return map;
            }
            if (c == '[') {
                List<Object> list = new ArrayList<>();
                at++;
                space();
                if (peek(']')) {
                    return list;
                }
                do {
                    list.add(value());
                    space();
                } while (peek(','));
                expect(']');
                return list;
            }
            if (c == '"') {
                return string();
            }
            for (String word : List.of("true", "false", "null")) {
                if (text.startsWith(word, at)) {
                    at += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            int start = at;
            if (c == '-') {
                at++;
            }
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                at++;
            }
            if (start == at || at < text.length() && ".eE".indexOf(text.charAt(at)) >= 0) {
                throw error("only integers are read");
            }
            return Long.parseLong(text.substring(start, at));
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                if (at >= text.length()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = text.charAt(at++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> throw error("bad escape");
                }
            }
        }

        private void space() {
            while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
        }

        private boolean peek(char c) {
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error("expected '" + c + "'");
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("JSON: " + what + " at character " + at);
        }
    }
}
