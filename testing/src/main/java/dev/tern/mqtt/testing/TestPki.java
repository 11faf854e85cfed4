package dev.tern.mqtt.testing;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;

/**
 * Certificates for TLS tests, generated at run time (no private key is ever committed) into one folder: a test CA,
 * a server certificate for {@code localhost} and {@code 127.0.0.1}, one for a wrong name, an expired one, a client
 * certificate, and a second CA that signed none of them. Files are PEM (certificates and PKCS#8 keys) and PKCS#12
 * key stores with the password {@link #PASSWORD}; all are world-readable, because Mosquitto started as root reads
 * them as the user {@code mosquitto}.
 *
 * <pre>{@code
 * TestPki pki = TestPki.create(folder);
 * TlsOptions tls = TlsOptions.builder().trustedCertificates(pki.caCertificate()).build();
 * }</pre>
 */
public final class TestPki {

    /** The password of every key store written here. */
    public static final String PASSWORD = "tern-test";
    /** The host name that the wrong-name server certificate is issued for. */
    public static final String WRONG_NAME = "not-this-host.invalid";

    private final Path folder;

    private TestPki(Path folder) {
        this.folder = folder;
    }

    /**
     * Generates everything into {@code folder} (created if needed). Takes well under a second with EC keys.
     *
     * @throws IllegalStateException if generating or writing fails
     */
    public static TestPki create(Path folder) {
        try {
            Files.createDirectories(folder);
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            Instant now = Instant.now();
            X509Bundle ca = new CertificateBuilder().subject("CN=Tern Test CA").setIsCertificateAuthority(true)
                    .ecp256().notBefore(now.minus(Duration.ofDays(1))).notAfter(now.plus(Duration.ofDays(30)))
                    .buildSelfSigned();
            X509Bundle otherCa = new CertificateBuilder().subject("CN=Some Other CA").setIsCertificateAuthority(true)
                    .ecp256().notBefore(now.minus(Duration.ofDays(1))).notAfter(now.plus(Duration.ofDays(30)))
                    .buildSelfSigned();
            CertificateBuilder server = new CertificateBuilder().ecp256().addExtendedKeyUsageServerAuth()
                    .notBefore(now.minus(Duration.ofDays(1))).notAfter(now.plus(Duration.ofDays(30)));
            X509Bundle good = server.copy().subject("CN=localhost").addSanDnsName("localhost")
                    .addSanIpAddress("127.0.0.1").buildIssuedBy(ca);
            X509Bundle wrong = server.copy().subject("CN=" + WRONG_NAME).addSanDnsName(WRONG_NAME).buildIssuedBy(ca);
            X509Bundle expired = new CertificateBuilder().ecp256().addExtendedKeyUsageServerAuth()
                    .subject("CN=localhost").addSanDnsName("localhost").addSanIpAddress("127.0.0.1")
                    .notBefore(now.minus(Duration.ofDays(30))).notAfter(now.minus(Duration.ofDays(1)))
                    .buildIssuedBy(ca);
            X509Bundle client = new CertificateBuilder().rsa2048().addExtendedKeyUsageClientAuth()
                    .subject("CN=tern-test-client").notBefore(now.minus(Duration.ofDays(1)))
                    .notAfter(now.plus(Duration.ofDays(30))).buildIssuedBy(ca);
            TestPki pki = new TestPki(folder);
            pki.write("ca.pem", ca.getCertificatePEM());
            pki.writeTrustStore("ca.p12", ca);
            pki.write("other-ca.pem", otherCa.getCertificatePEM());
            pki.writeBundle("server", good);
            pki.writeBundle("wrong-name", wrong);
            pki.writeBundle("expired", expired);
            pki.writeBundle("client", client);
            return pki;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write test certificates into " + folder, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate test certificates", e);
        }
    }

    private void writeBundle(String name, X509Bundle bundle) throws Exception {
        write(name + ".pem", bundle.getCertificatePEM());
        write(name + ".key", bundle.getPrivateKeyPEM());
        KeyStore store = bundle.toKeyStore(PASSWORD.toCharArray());
        writeStore(name + ".p12", store);
    }

    private void writeTrustStore(String name, X509Bundle ca) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", ca.getCertificate());
        writeStore(name, store);
    }

    private void writeStore(String name, KeyStore store) throws Exception {
        Path file = folder.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
        readable(file);
    }

    private void write(String name, String pem) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
        readable(file);
    }

    private static void readable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** The folder holding every file. */
    public Path folder() {
        return folder;
    }

    /** The test CA's certificate (PEM): trust this to reach the test brokers. */
    public Path caCertificate() {
        return folder.resolve("ca.pem");
    }

    /** The test CA's certificate in a PKCS#12 trust store. */
    public Path caTrustStore() {
        return folder.resolve("ca.p12");
    }

    /** A CA certificate (PEM) that signed none of these certificates: trusting only it fails. */
    public Path otherCaCertificate() {
        return folder.resolve("other-ca.pem");
    }

    /** A file of this PKI by name: {@code server}, {@code wrong-name}, {@code expired} or {@code client}. */
    public Path certificate(String name) {
        return folder.resolve(name + ".pem");
    }

    /** The PKCS#8 PEM private key of {@link #certificate(String)}. */
    public Path privateKey(String name) {
        return folder.resolve(name + ".key");
    }

    /** The PKCS#12 key store (password {@link #PASSWORD}) with the key and certificate of that name. */
    public Path keyStore(String name) {
        return folder.resolve(name + ".p12");
    }

    /** The client certificate (PEM), signed by the test CA. */
    public Path clientCertificate() {
        return certificate("client");
    }

    /** The client's private key (PKCS#8 PEM, RSA). */
    public Path clientKey() {
        return privateKey("client");
    }
}
