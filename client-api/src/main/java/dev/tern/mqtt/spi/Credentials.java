package dev.tern.mqtt.spi;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A user name and password for one CONNECT, as a {@link CredentialsProvider} returns them. Immutable;
 * {@link #toString()} never shows the password.
 */
public final class Credentials {

    private final String username;
    private final byte[] password;

    private Credentials(String username, byte[] password) {
        this.username = username;
        this.password = password == null ? null : password.clone();
    }

    /**
     * Credentials with a user name and password bytes (copied); either may be null for none.
     *
     * @throws IllegalArgumentException if the password is longer than 65,535 bytes
     */
    public static Credentials of(String username, byte[] password) {
        if (password != null && password.length > 65_535) {
            throw new IllegalArgumentException("password must be at most 65,535 bytes");
        }
        return new Credentials(username, password);
    }

    /** Credentials with a user name and a password sent as UTF-8; either may be null for none. */
    public static Credentials of(String username, String password) {
        return of(username, password == null ? null : password.getBytes(StandardCharsets.UTF_8));
    }

    /** The user name, if any. */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** A copy of the password bytes, if any. */
    public Optional<byte[]> password() {
        return password == null ? Optional.empty() : Optional.of(password.clone());
    }

    /** Shows the user name and whether a password is present, never the password. */
    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=" + (password == null ? "absent" : "<hidden>") + "]";
    }
}
