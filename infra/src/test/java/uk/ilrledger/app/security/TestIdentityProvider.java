package uk.ilrledger.app.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An OIDC identity provider for tests: an RSA key pair made at start, its public key served as a JWK
 * set over loopback HTTP, and signed tokens with whatever claims a test asks for. Another key pair
 * under the same key id signs tokens whose signature must not verify.
 */
public final class TestIdentityProvider {

    public static final String ISSUER = "https://id.example.test/realms/ilr-ledger";

    private static TestIdentityProvider running;

    private final RSAKey key;
    private final RSAKey impostor;
    private final HttpServer server;

    private TestIdentityProvider() throws IOException, JOSEException {
        key = new RSAKeyGenerator(2048).keyID("signing-key").generate();
        impostor = new RSAKeyGenerator(2048).keyID("signing-key").generate();
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(jwks);
            }
        });
        server.setExecutor(null);
        server.start();
    }

    /** The one provider of this test run, started on first use; it lives as long as the JVM. */
    public static synchronized TestIdentityProvider get() {
        if (running == null) {
            try {
                running = new TestIdentityProvider();
            } catch (IOException | JOSEException e) {
                throw new IllegalStateException("cannot start the test identity provider", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> running.server.stop(0)));
        }
        return running;
    }

    public String jwkSetUri() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
                + "/jwks";
    }

    /** The properties that make the service trust this provider's tokens. */
    public String[] properties() {
        return new String[] {"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + jwkSetUri(),
                "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + ISSUER};
    }

    /** A valid token for {@code subject}, with its roles and UKPRNs in the default claims, for an hour. */
    public String token(String subject, List<String> roles, List<String> ukprns) {
        return sign(key, claims(subject, Instant.now(), Map.of("roles", roles, "ukprns", ukprns)).build());
    }

    /** The claims of a valid token, for a test to change one of. */
    public JWTClaimsSet.Builder claims(String subject, Instant issuedAt, Map<String, Object> extra) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(issuedAt))
                .notBeforeTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(Duration.ofHours(1))));
        extra.forEach(claims::claim);
        return claims;
    }

    /** Signed with this provider's key. */
    public String sign(JWTClaimsSet claims) {
        return sign(key, claims);
    }

    /** Signed with another key under the same key id: looks right, does not verify. */
    public String signWithAnotherKey(JWTClaimsSet claims) {
        return sign(impostor, claims);
    }

    private static String sign(RSAKey with, JWTClaimsSet claims) {
        try {
            SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(),
                    claims);
            token.sign(new RSASSASigner(with));
            return token.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
