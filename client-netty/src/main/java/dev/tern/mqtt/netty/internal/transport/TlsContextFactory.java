package dev.tern.mqtt.netty.internal.transport;

import dev.tern.mqtt.TlsOptions;
import dev.tern.mqtt.exceptions.MqttTlsException;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the SSL context of one connection attempt from {@link TlsOptions}, reading every file again so that
 * rotated certificates and keys are picked up on reconnect. The JDK provider is used throughout: trust, key and
 * host name checks are the JDK's. Stateless.
 */
final class TlsContextFactory {

    /** The SSL context of one attempt and, when the client chose trust itself, the trust verdict of it. */
    record TlsContext(SslContext sslContext, VerdictTrustManager trust) {
    }

    private TlsContextFactory() {
    }

    /**
     * A new context for one attempt.
     *
     * @throws MqttTlsException if a file cannot be read or holds no usable certificate or key; the message names
     *         the file, never a password or key material
     */
    static TlsContext create(TlsOptions o) {
        try {
            KeyManager[] keys = null;
            VerdictTrustManager trust = null;
            SSLContext jdk;
            if (o.sslContext().isPresent()) {
                jdk = o.sslContext().get();
            } else {
                trust = new VerdictTrustManager(trustManager(o));
                keys = keyManagers(o);
                jdk = SSLContext.getInstance("TLS");
                jdk.init(keys, new TrustManager[] {trust}, null);
            }
            ApplicationProtocolConfig alpn = o.alpnProtocols().isEmpty() ? null : new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, o.alpnProtocols());
            SslContext netty = new JdkSslContext(jdk, true, o.cipherSuites().isEmpty() ? null : o.cipherSuites(),
                    IdentityCipherSuiteFilter.INSTANCE, alpn, ClientAuth.NONE,
                    o.protocols().toArray(new String[0]), false);
            return new TlsContext(netty, trust);
        } catch (IOException e) {
            throw new MqttTlsException("cannot read a TLS file: " + e, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new MqttTlsException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager trustManager(TlsOptions o) throws IOException, GeneralSecurityException {
        KeyStore store = null; // null: the JDK's default CA certificates
        if (o.trustedCertificates().isPresent()) {
            store = emptyStore();
            int i = 0;
            for (X509Certificate cert : PemFiles.certificates(o.trustedCertificates().get())) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
        } else if (o.trustStoreFile().isPresent()) {
            store = load(o.trustStoreFile().get(), o.trustStorePassword().orElse(null));
        } else if (o.trustStore().isPresent()) {
            store = o.trustStore().get();
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager) {
                return (X509ExtendedTrustManager) tm;
            }
        }
        throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
    }

    private static KeyManager[] keyManagers(TlsOptions o) throws IOException, GeneralSecurityException {
        char[] password = o.keyPassword().orElse(null);
        KeyStore store;
        char[] storePassword;
        if (o.certificateFile().isPresent()) {
            List<X509Certificate> chain = PemFiles.certificates(o.certificateFile().get());
            PrivateKey key = PemFiles.privateKey(o.privateKeyFile().orElseThrow(), password);
            storePassword = new char[0];
            store = emptyStore();
            store.setKeyEntry("client", key, storePassword, chain.toArray(new X509Certificate[0]));
        } else if (o.keyStoreFile().isPresent()) {
            storePassword = password == null ? new char[0] : password;
            store = load(o.keyStoreFile().get(), password);
        } else if (o.keyStore().isPresent()) {
            storePassword = password == null ? new char[0] : password;
            store = o.keyStore().get();
        } else {
            return null;
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, storePassword);
        return kmf.getKeyManagers();
    }

    private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        // getInstance(File, char[]) finds out whether the file is PKCS#12 or JKS
        return KeyStore.getInstance(file.toFile(), password);
    }
}
