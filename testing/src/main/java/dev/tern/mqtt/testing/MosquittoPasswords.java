package dev.tern.mqtt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Writes a Mosquitto 2.0 password file without {@code mosquitto_passwd}: one line {@code user:$7$101$salt$hash},
 * PBKDF2-HMAC-SHA512 with 101 iterations, a 12-byte salt and a 64-byte hash, both Base64 (the format
 * {@code mosquitto_passwd} writes).
 */
final class MosquittoPasswords {

    private MosquittoPasswords() {
    }

    static Path write(Path file, String user, String password) {
        try {
            byte[] salt = new byte[12];
            new SecureRandom().nextBytes(salt);
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 101, 512)).getEncoded();
            Base64.Encoder b64 = Base64.getEncoder();
            Files.writeString(file, user + ":$7$101$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash)
                    + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
