package dev.tern.mqtt.netty.internal.transport;

import java.net.Socket;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Wraps the JDK's trust manager to remember why it refused a server: the JDK reports an untrusted chain and a
 * host name mismatch alike as a {@link CertificateException}, and the message is not an API. When the full check
 * (chain and host name) fails, the chain alone is checked again: if that passes, the host name was the problem.
 *
 * <p>One instance per connection attempt (it is part of that attempt's SSL context), read after the handshake failed.
 */
final class VerdictTrustManager extends X509ExtendedTrustManager {

    /** Why the server's certificate was refused. */
    enum Verdict {
        UNTRUSTED, EXPIRED, HOSTNAME_MISMATCH
    }

    private final X509ExtendedTrustManager delegate;
    private volatile Verdict verdict;

    VerdictTrustManager(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
    }

    /** Why the last check failed, or null if none failed. */
    Verdict verdict() {
        return verdict;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            verdict = judge(chain, authType, e);
            throw e;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            verdict = judge(chain, authType, e);
            throw e;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            verdict = judge(chain, authType, e);
            throw e;
        }
    }

    private Verdict judge(X509Certificate[] chain, String authType, CertificateException failure) {
        if (isExpiry(failure)) {
            return Verdict.EXPIRED;
        }
        try {
            delegate.checkServerTrusted(chain, authType); // the chain alone, without endpoint identification
            return Verdict.HOSTNAME_MISMATCH;
        } catch (CertificateException chainFailure) {
            return isExpiry(chainFailure) ? Verdict.EXPIRED : Verdict.UNTRUSTED;
        }
    }

    private static boolean isExpiry(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CertificateExpiredException || c instanceof CertificateNotYetValidException) {
                return true;
            }
            if (c instanceof CertPathValidatorException
                    && ((CertPathValidatorException) c).getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || c instanceof CertPathValidatorException && ((CertPathValidatorException) c).getReason()
                    == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                return true;
            }
        }
        return false;
    }

    // a client never checks client certificates

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
