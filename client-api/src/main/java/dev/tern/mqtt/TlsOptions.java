package dev.tern.mqtt;

import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * How the client sets up TLS for {@code mqtts://} and {@code wss://} servers. Secure by default:
 * {@link #defaults()} trusts the JDK's CA certificates, verifies that the server's certificate names the host of
 * the server URI, sends that host name (SNI), allows TLS 1.3 and 1.2 only, and gives up on a handshake after
 * {@link #DEFAULT_HANDSHAKE_TIMEOUT}.
 *
 * <pre>{@code
 * TlsOptions tls = TlsOptions.builder()
 *         .trustedCertificates(Path.of("ca.pem"))                            // the broker's CA
 *         .clientCertificate(Path.of("client.pem"), Path.of("client.key"))  // mutual TLS, if the broker asks
 *         .build();
 * }</pre>
 *
 * <p>Files are read again on every connection attempt, so a certificate or key replaced on disk (rotated) is used
 * from the next reconnect on, without a restart. A file that cannot be read fails that attempt.
 *
 * <p>Trust comes from one source: the JDK default, a PEM file of CA certificates, a trust store (file or
 * {@link KeyStore}), or a complete {@link SSLContext}. The client certificate likewise comes from PEM files or a
 * key store. Immutable and thread-safe; {@link #toString()} never shows a password.
 */
public final class TlsOptions {

    /** How long a TLS handshake may take unless told otherwise: 10 seconds. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** The TLS versions used unless told otherwise, preferred first; no other version can be chosen. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final Set<String> ALLOWED_PROTOCOLS = Set.copyOf(DEFAULT_PROTOCOLS);
    private static final TlsOptions DEFAULTS = builder().build();

    private final Path trustedCertificates;
    private final Path trustStoreFile;
    private final KeyStore trustStore;
    private final char[] trustStorePassword;
    private final Path certificateFile;
    private final Path privateKeyFile;
    private final Path keyStoreFile;
    private final KeyStore keyStore;
    private final char[] keyPassword;
    private final SSLContext sslContext;
    private final boolean hostnameVerification;
    private final List<String> protocols;
    private final List<String> cipherSuites;
    private final List<String> alpnProtocols;
    private final Duration handshakeTimeout;

    private TlsOptions(Builder b) {
        trustedCertificates = b.trustedCertificates;
        trustStoreFile = b.trustStoreFile;
        trustStore = b.trustStore;
        trustStorePassword = b.trustStorePassword == null ? null : b.trustStorePassword.clone();
        certificateFile = b.certificateFile;
        privateKeyFile = b.privateKeyFile;
        keyStoreFile = b.keyStoreFile;
        keyStore = b.keyStore;
        keyPassword = b.keyPassword == null ? null : b.keyPassword.clone();
        sslContext = b.sslContext;
        hostnameVerification = b.hostnameVerification;
        protocols = List.copyOf(b.protocols);
        cipherSuites = List.copyOf(b.cipherSuites);
        alpnProtocols = List.copyOf(b.alpnProtocols);
        handshakeTimeout = b.handshakeTimeout;
    }

    /** The secure defaults: JDK trust, hostname verification, TLS 1.3 and 1.2, no client certificate. */
    public static TlsOptions defaults() {
        return DEFAULTS;
    }

    /** A builder that starts from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts with every value of these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A PEM file of trusted CA certificates, if trust comes from one. */
    public Optional<Path> trustedCertificates() {
        return Optional.ofNullable(trustedCertificates);
    }

    /** A trust store file (PKCS#12 or JKS), if trust comes from one. */
    public Optional<Path> trustStoreFile() {
        return Optional.ofNullable(trustStoreFile);
    }

    /** A loaded trust store, if trust comes from one. */
    public Optional<KeyStore> trustStore() {
        return Optional.ofNullable(trustStore);
    }

    /** A copy of the trust store file's password, if one was given. */
    public Optional<char[]> trustStorePassword() {
        return Optional.ofNullable(trustStorePassword == null ? null : trustStorePassword.clone());
    }

    /** The client certificate chain as a PEM file, for mutual TLS. */
    public Optional<Path> certificateFile() {
        return Optional.ofNullable(certificateFile);
    }

    /** The client's private key as a PEM file (PKCS#8, RSA or EC; PKCS#1 RSA too), for mutual TLS. */
    public Optional<Path> privateKeyFile() {
        return Optional.ofNullable(privateKeyFile);
    }

    /** A key store file (PKCS#12 or JKS) holding the client certificate and key, for mutual TLS. */
    public Optional<Path> keyStoreFile() {
        return Optional.ofNullable(keyStoreFile);
    }

    /** A loaded key store holding the client certificate and key, for mutual TLS. */
    public Optional<KeyStore> keyStore() {
        return Optional.ofNullable(keyStore);
    }

    /** A copy of the password of the private key (and of the key store file), if one was given. */
    public Optional<char[]> keyPassword() {
        return Optional.ofNullable(keyPassword == null ? null : keyPassword.clone());
    }

    /** A complete JDK {@link SSLContext} that replaces every trust and key setting, if one was given. */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /** Whether the server's certificate must name the server's host; true unless turned off explicitly. */
    public boolean isHostnameVerification() {
        return hostnameVerification;
    }

    /** The TLS versions offered, preferred first; a subset of {@link #DEFAULT_PROTOCOLS}. */
    public List<String> protocols() {
        return protocols;
    }

    /** The cipher suites offered, preferred first; empty means the JDK's defaults. */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /** The ALPN protocol names offered (for example {@code x-amzn-mqtt-ca}); empty means no ALPN. */
    public List<String> alpnProtocols() {
        return alpnProtocols;
    }

    /** How long the TLS handshake may take. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** Describes the options: files and choices, never a password. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("TlsOptions[trust=");
        if (sslContext != null) {
            s.append("sslContext(").append(sslContext.getProtocol()).append(')');
        } else if (trustedCertificates != null) {
            s.append(trustedCertificates);
        } else if (trustStoreFile != null) {
            s.append(trustStoreFile);
        } else if (trustStore != null) {
            s.append("keyStore(").append(trustStore.getType()).append(')');
        } else {
            s.append("jdk-default");
        }
        s.append(", clientCertificate=");
        if (certificateFile != null) {
            s.append(certificateFile).append(" + ").append(privateKeyFile);
        } else if (keyStoreFile != null) {
            s.append(keyStoreFile);
        } else if (keyStore != null) {
            s.append("keyStore(").append(keyStore.getType()).append(')');
        } else {
            s.append("none");
        }
        return s.append(", hostnameVerification=").append(hostnameVerification)
                .append(", protocols=").append(protocols)
                .append(cipherSuites.isEmpty() ? "" : ", cipherSuites=" + cipherSuites)
                .append(alpnProtocols.isEmpty() ? "" : ", alpn=" + alpnProtocols)
                .append(", handshakeTimeout=").append(handshakeTimeout).append(']').toString();
    }

    /** Builds {@link TlsOptions}; {@link #build()} checks that each of trust and key material has one source. */
    public static final class Builder {

        private Path trustedCertificates;
        private Path trustStoreFile;
        private KeyStore trustStore;
        private char[] trustStorePassword;
        private Path certificateFile;
        private Path privateKeyFile;
        private Path keyStoreFile;
        private KeyStore keyStore;
        private char[] keyPassword;
        private SSLContext sslContext;
        private boolean hostnameVerification = true;
        private List<String> protocols = DEFAULT_PROTOCOLS;
        private List<String> cipherSuites = List.of();
        private List<String> alpnProtocols = List.of();
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;

        private Builder() {
        }

        private Builder(TlsOptions o) {
            trustedCertificates = o.trustedCertificates;
            trustStoreFile = o.trustStoreFile;
            trustStore = o.trustStore;
            trustStorePassword = o.trustStorePassword == null ? null : o.trustStorePassword.clone();
            certificateFile = o.certificateFile;
            privateKeyFile = o.privateKeyFile;
            keyStoreFile = o.keyStoreFile;
            keyStore = o.keyStore;
            keyPassword = o.keyPassword == null ? null : o.keyPassword.clone();
            sslContext = o.sslContext;
            hostnameVerification = o.hostnameVerification;
            protocols = o.protocols;
            cipherSuites = o.cipherSuites;
            alpnProtocols = o.alpnProtocols;
            handshakeTimeout = o.handshakeTimeout;
        }

        /** Trusts the CA certificates in this PEM file (read on every connect) instead of the JDK's. */
        public Builder trustedCertificates(Path pemFile) {
            this.trustedCertificates = Objects.requireNonNull(pemFile, "pemFile");
            return this;
        }

        /** Trusts the certificates in this PKCS#12 or JKS file (read on every connect); password may be null. */
        public Builder trustStore(Path file, char[] password) {
            this.trustStoreFile = Objects.requireNonNull(file, "file");
            this.trustStorePassword = password == null ? null : password.clone();
            return this;
        }

        /** Trusts the certificates in this loaded key store. */
        public Builder trustStore(KeyStore trustStore) {
            this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
            return this;
        }

        /**
         * Mutual TLS: the client certificate chain and its unencrypted private key, both PEM files read on every
         * connect. The key may be PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA or EC) or PKCS#1 ({@code BEGIN RSA
         * PRIVATE KEY}).
         */
        public Builder clientCertificate(Path certificatePem, Path privateKeyPem) {
            return clientCertificate(certificatePem, privateKeyPem, null);
        }

        /** Mutual TLS with an encrypted PKCS#8 key ({@code BEGIN ENCRYPTED PRIVATE KEY}) and its password. */
        public Builder clientCertificate(Path certificatePem, Path privateKeyPem, char[] keyPassword) {
            this.certificateFile = Objects.requireNonNull(certificatePem, "certificatePem");
            this.privateKeyFile = Objects.requireNonNull(privateKeyPem, "privateKeyPem");
            this.keyPassword = keyPassword == null ? null : keyPassword.clone();
            return this;
        }

        /** Mutual TLS: the client certificate and key from a PKCS#12 or JKS file (read on every connect). */
        public Builder keyStore(Path file, char[] password) {
            this.keyStoreFile = Objects.requireNonNull(file, "file");
            this.keyPassword = password == null ? null : password.clone();
            return this;
        }

        /** Mutual TLS: the client certificate and key from a loaded key store, with the key's password. */
        public Builder keyStore(KeyStore keyStore, char[] keyPassword) {
            this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
            this.keyPassword = keyPassword == null ? null : keyPassword.clone();
            return this;
        }

        /**
         * A complete {@link SSLContext} (its trust and key managers) instead of the trust and key settings. Hostname
         * verification, SNI, protocols, cipher suites, ALPN and the handshake timeout still apply.
         */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /**
         * Turns off the check that the server's certificate names the host the client connects to. Insecure: any
         * server with a certificate from a trusted CA can then pose as this one. Meant for tests and for servers
         * reached through an address that is not in their certificate; the client logs a warning on every connect.
         */
        public Builder disableHostnameVerification() {
            this.hostnameVerification = false;
            return this;
        }

        /** The TLS versions to offer, from {@code TLSv1.3} and {@code TLSv1.2}; default both. */
        public Builder protocols(List<String> protocols) {
            this.protocols = List.copyOf(protocols);
            return this;
        }

        /** The cipher suites to offer (JDK names), preferred first; default empty, the JDK's choice. */
        public Builder cipherSuites(List<String> cipherSuites) {
            this.cipherSuites = List.copyOf(cipherSuites);
            return this;
        }

        /**
         * The ALPN protocol names to offer, preferred first; default none. For example {@code x-amzn-mqtt-ca} to
         * reach AWS IoT Core's MQTT on port 443.
         */
        public Builder alpnProtocols(List<String> alpnProtocols) {
            this.alpnProtocols = List.copyOf(alpnProtocols);
            return this;
        }

        /** How long the TLS handshake may take; default {@link #DEFAULT_HANDSHAKE_TIMEOUT}. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Builds the options.
         *
         * @throws IllegalArgumentException if trust or the client key comes from more than one source, a PEM
         *         certificate has no key, a protocol other than TLS 1.2 or 1.3 is asked for, or the timeout is not
         *         positive
         */
        public TlsOptions build() {
            int trustSources = count(trustedCertificates, trustStoreFile, trustStore, sslContext);
            if (trustSources > 1) {
                throw new IllegalArgumentException("trust comes from one source only: trusted certificates, a trust"
                        + " store or an SSLContext");
            }
            int keySources = count(certificateFile, keyStoreFile, keyStore);
            if (keySources > 1 || (keySources == 1 && sslContext != null)) {
                throw new IllegalArgumentException("the client certificate comes from one source only: PEM files, a"
                        + " key store, or the SSLContext");
            }
            if (protocols.isEmpty() || !ALLOWED_PROTOCOLS.containsAll(protocols)) {
                throw new IllegalArgumentException("TLS protocols must be TLSv1.3 and/or TLSv1.2, was " + protocols);
            }
            if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
                throw new IllegalArgumentException("handshake timeout must be positive, was " + handshakeTimeout);
            }
            return new TlsOptions(this);
        }

        private static int count(Object... values) {
            int n = 0;
            for (Object v : values) {
                if (v != null) {
                    n++;
                }
            }
            return n;
        }
    }
}
