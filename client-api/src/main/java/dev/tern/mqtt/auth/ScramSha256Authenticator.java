package dev.tern.mqtt.auth;

import dev.tern.mqtt.exceptions.MqttAuthenticationException;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SCRAM-SHA-256 (RFC 7677, the mechanism of RFC 5802) as an MQTT 5.0 enhanced authentication method: the password
 * never crosses the wire, and the server proves that it knows the password too.
 *
 * <p>The exchange: CONNECT carries {@code client-first-message}, the server answers AUTH 0x18 with
 * {@code server-first-message} (nonce, salt, iteration count), the client sends AUTH 0x18 with
 * {@code client-final-message} (its proof), and the server accepts with CONNACK (or AUTH 0x00 when
 * re-authenticating) carrying {@code server-final-message}, whose server signature the client verifies; a server
 * whose signature does not verify fails the connection with {@code MqttAuthenticationException}.
 *
 * <p>The user name is escaped as RFC 5802 requires ({@code =} and {@code ,}); user name and password are otherwise
 * used as given, in UTF-8 (no SASLprep normalization), which matches servers for ASCII credentials. Channel binding
 * is not used ({@code n,,}). Thread-safe: each exchange has its own state.
 */
public final class ScramSha256Authenticator implements Authenticator {

    /** The Authentication Method name: {@value}. */
    public static final String METHOD = "SCRAM-SHA-256";

    /** More iterations than this are refused: a hostile server could otherwise make the client spin. */
    static final int MAX_ITERATIONS = 1_000_000;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String GS2_HEADER = "n,,";

    private final String username;
    private final char[] password;
    private final Supplier<String> nonces;

    ScramSha256Authenticator(String username, char[] password, Supplier<String> nonces) {
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password").clone();
        this.nonces = nonces;
    }

    /** An authenticator for this user name and password (copied). */
    public static ScramSha256Authenticator of(String username, char[] password) {
        return new ScramSha256Authenticator(username, password, ScramSha256Authenticator::randomNonce);
    }

    private static String randomNonce() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public AuthExchange start(boolean reauthentication) {
        return new Exchange(nonces.get());
    }

    /** Shows the method and user name, never the password. */
    @Override
    public String toString() {
        return "ScramSha256Authenticator[username=" + username + ", password=<hidden>]";
    }

    private static String saslName(String name) {
        return name.replace("=", "=3D").replace(",", "=2C");
    }

    /** One exchange: client-first, then client-final, then the server signature check. */
    private final class Exchange implements AuthExchange {

        private final String clientNonce;
        private final String clientFirstBare;
        private byte[] expectedServerSignature;
        private boolean serverVerified;

        Exchange(String clientNonce) {
            this.clientNonce = clientNonce;
            this.clientFirstBare = "n=" + saslName(username) + ",r=" + clientNonce;
        }

        @Override
        public byte[] initialData() {
            return (GS2_HEADER + clientFirstBare).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] onContinue(byte[] serverData) {
            String message = new String(serverData, StandardCharsets.UTF_8);
            if (expectedServerSignature != null) {
                // some servers send server-final-message in an AUTH 0x18 of its own before CONNACK
                verify(message);
                return null;
            }
            Map<Character, String> attrs = parse(message);
            if (attrs.containsKey('e')) {
                throw new MqttAuthenticationException("SCRAM: the server reported an error: " + attrs.get('e'));
            }
            String nonce = require(attrs, 'r');
            String salt = require(attrs, 's');
            int iterations;
            try {
                iterations = Integer.parseInt(require(attrs, 'i'));
            } catch (NumberFormatException e) {
                throw new MqttAuthenticationException("SCRAM: the iteration count is not a number");
            }
            if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
                throw new MqttAuthenticationException("SCRAM: the server's nonce does not extend the client's");
            }
            if (iterations < 1 || iterations > MAX_ITERATIONS) {
                throw new MqttAuthenticationException("SCRAM: iteration count out of range: " + iterations);
            }
            byte[] saltBytes;
            try {
                saltBytes = Base64.getDecoder().decode(salt);
            } catch (IllegalArgumentException e) {
                throw new MqttAuthenticationException("SCRAM: the salt is not Base64");
            }
            String clientFinalWithoutProof = "c=" + Base64.getEncoder().encodeToString(
                    GS2_HEADER.getBytes(StandardCharsets.US_ASCII)) + ",r=" + nonce;
            byte[] authMessage = (clientFirstBare + "," + message + "," + clientFinalWithoutProof)
                    .getBytes(StandardCharsets.UTF_8);
            try {
                byte[] saltedPassword = pbkdf2(password, saltBytes, iterations);
                byte[] clientKey = hmac(saltedPassword, "Client Key".getBytes(StandardCharsets.US_ASCII));
                byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
                byte[] clientSignature = hmac(storedKey, authMessage);
                byte[] proof = new byte[clientKey.length];
                for (int i = 0; i < proof.length; i++) {
                    proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
                }
                byte[] serverKey = hmac(saltedPassword, "Server Key".getBytes(StandardCharsets.US_ASCII));
                expectedServerSignature = hmac(serverKey, authMessage);
                return (clientFinalWithoutProof + ",p=" + Base64.getEncoder().encodeToString(proof))
                        .getBytes(StandardCharsets.UTF_8);
            } catch (GeneralSecurityException e) {
                throw new MqttAuthenticationException("SCRAM: the JDK lacks HMAC-SHA-256 or PBKDF2", e);
            }
        }

        @Override
        public void onSuccess(byte[] serverData) {
            if (serverData.length > 0) {
                verify(new String(serverData, StandardCharsets.UTF_8));
            }
            if (!serverVerified) {
                throw new MqttAuthenticationException("SCRAM: the server accepted without proving that it knows"
                        + " the password (no server-final-message)");
            }
        }

        private void verify(String serverFinal) {
            if (expectedServerSignature == null) {
                throw new MqttAuthenticationException("SCRAM: server-final-message before server-first-message");
            }
            Map<Character, String> attrs = parse(serverFinal);
            if (attrs.containsKey('e')) {
                throw new MqttAuthenticationException("SCRAM: the server reported an error: " + attrs.get('e'));
            }
            byte[] signature;
            try {
                signature = Base64.getDecoder().decode(require(attrs, 'v'));
            } catch (IllegalArgumentException e) {
                throw new MqttAuthenticationException("SCRAM: the server signature is not Base64");
            }
            if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
                throw new MqttAuthenticationException("SCRAM: the server signature does not verify; the server"
                        + " does not know the password");
            }
            serverVerified = true;
        }
    }

    private static Map<Character, String> parse(String message) {
        Map<Character, String> attrs = new HashMap<>();
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(1) == '=') {
                attrs.putIfAbsent(part.charAt(0), part.substring(2));
            }
        }
        return attrs;
    }

    private static String require(Map<Character, String> attrs, char name) {
        String value = attrs.get(name);
        if (value == null || value.isEmpty()) {
            throw new MqttAuthenticationException("SCRAM: the server's message has no '" + name + "' attribute");
        }
        return value;
    }

    static byte[] pbkdf2(char[] password, byte[] salt, int iterations) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } finally {
            spec.clearPassword();
        }
    }

    static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
