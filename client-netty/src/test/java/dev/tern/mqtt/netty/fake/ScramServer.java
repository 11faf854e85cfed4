package dev.tern.mqtt.netty.fake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server side of SCRAM-SHA-256 (RFC 5802) for the scripted broker, written from the RFC independently of the
 * client's code so the two check each other: it answers client-first with server-first and verifies the client's
 * proof. One instance per exchange. Test code only.
 */
final class ScramServer {

    private final String user;
    private final byte[] storedKey;
    private final byte[] serverKey;
    private final String saltBase64;
    private final int iterations = 4096;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;

    ScramServer(String user, String password) {
        this.user = user;
        try {
            byte[] salt = "tern-test-salt-1".getBytes(StandardCharsets.US_ASCII);
            saltBase64 = Base64.getEncoder().encodeToString(salt);
            byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
            storedKey = MessageDigest.getInstance("SHA-256").digest(hmac(salted, "Client Key"));
            serverKey = hmac(salted, "Server Key");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** server-first-message for a client-first-message, or null if the user is unknown. */
    String serverFirst(String clientFirst) {
        if (!clientFirst.startsWith("n,,")) {
            throw new IllegalArgumentException("unexpected GS2 header: " + clientFirst);
        }
        clientFirstBare = clientFirst.substring(3);
        String name = attribute(clientFirstBare, 'n');
        if (!user.equals(name)) {
            return null;
        }
        nonce = attribute(clientFirstBare, 'r') + "srv-nonce-42";
        serverFirst = "r=" + nonce + ",s=" + saltBase64 + ",i=" + iterations;
        return serverFirst;
    }

    /** server-final-message if the client's proof verifies, else null. */
    String serverFinal(String clientFinal) {
        try {
            String withoutProof = clientFinal.substring(0, clientFinal.indexOf(",p="));
            if (!nonce.equals(attribute(clientFinal, 'r')) || !"biws".equals(attribute(clientFinal, 'c'))) {
                return null;
            }
            byte[] proof = Base64.getDecoder().decode(attribute(clientFinal, 'p'));
            String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
            byte[] clientSignature = hmac(storedKey, authMessage);
            byte[] clientKey = new byte[proof.length];
            for (int i = 0; i < proof.length; i++) {
                clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
            }
            if (!MessageDigest.isEqual(MessageDigest.getInstance("SHA-256").digest(clientKey), storedKey)) {
                return null;
            }
            return "v=" + Base64.getEncoder().encodeToString(hmac(serverKey, authMessage));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String attribute(String message, char name) {
        for (String part : message.split(",")) {
            if (part.length() > 1 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        return null;
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
