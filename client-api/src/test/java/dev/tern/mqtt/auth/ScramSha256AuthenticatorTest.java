package dev.tern.mqtt.auth;

import dev.tern.mqtt.exceptions.MqttAuthenticationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exchange of RFC 7677 section 3, byte for byte, and the ways a server can fail it. */
class ScramSha256AuthenticatorTest {

    // RFC 7677, section 3: user "user", password "pencil"
    private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String CLIENT_FINAL =
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static AuthExchange rfcExchange() {
        return new ScramSha256Authenticator("user", "pencil".toCharArray(), () -> CLIENT_NONCE).start(false);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void producesTheMessagesOfRfc7677AndAcceptsItsServerSignature() {
        AuthExchange exchange = rfcExchange();
        assertEquals(CLIENT_FIRST, new String(exchange.initialData(), StandardCharsets.UTF_8));
        assertEquals(CLIENT_FINAL, new String(exchange.onContinue(utf8(SERVER_FIRST)), StandardCharsets.UTF_8));
        assertDoesNotThrow(() -> exchange.onSuccess(utf8(SERVER_FINAL)));
    }

    @Test
    void acceptsTheServerFinalMessageInAContinueBeforeAnEmptySuccess() {
        AuthExchange exchange = rfcExchange();
        exchange.initialData();
        exchange.onContinue(utf8(SERVER_FIRST));
        assertNull(exchange.onContinue(utf8(SERVER_FINAL)));
        assertDoesNotThrow(() -> exchange.onSuccess(new byte[0]));
    }

    @Test
    void refusesAServerWhoseSignatureDoesNotVerify() {
        AuthExchange exchange = rfcExchange();
        exchange.onContinue(utf8(SERVER_FIRST));
        MqttAuthenticationException e = assertThrows(MqttAuthenticationException.class,
                () -> exchange.onSuccess(utf8("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")));
        assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
    }

    @Test
    void refusesASuccessWithoutServerProof() {
        AuthExchange exchange = rfcExchange();
        exchange.onContinue(utf8(SERVER_FIRST));
        assertThrows(MqttAuthenticationException.class, () -> exchange.onSuccess(new byte[0]));
    }

    @Test
    void refusesANonceTheServerDidNotExtendFromTheClients() {
        AuthExchange exchange = rfcExchange();
        assertThrows(MqttAuthenticationException.class,
                () -> exchange.onContinue(utf8("r=someoneElse123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")));
        assertThrows(MqttAuthenticationException.class,
                () -> rfcExchange().onContinue(utf8("r=" + CLIENT_NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")));
    }

    @Test
    void refusesAnAbsurdIterationCountAndAServerError() {
        assertThrows(MqttAuthenticationException.class, () -> rfcExchange().onContinue(utf8(
                "r=" + CLIENT_NONCE + "x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=" + (ScramSha256Authenticator.MAX_ITERATIONS + 1))));
        MqttAuthenticationException e = assertThrows(MqttAuthenticationException.class,
                () -> rfcExchange().onContinue(utf8("e=unknown-user")));
        assertTrue(e.getMessage().contains("unknown-user"));
    }

    @Test
    void escapesCommaAndEqualsInTheUserNameAndUsesAFreshNoncePerExchange() {
        ScramSha256Authenticator scram = ScramSha256Authenticator.of("a=b,c", "pw".toCharArray());
        String first = new String(scram.start(false).initialData(), StandardCharsets.UTF_8);
        String second = new String(scram.start(true).initialData(), StandardCharsets.UTF_8);
        assertTrue(first.startsWith("n,,n=a=3Db=2Cc,r="), first);
        assertFalse(first.equals(second), "each exchange needs its own nonce");
        assertEquals(ScramSha256Authenticator.METHOD, scram.method());
    }

    @Test
    void toStringHidesThePassword() {
        String text = ScramSha256Authenticator.of("alice", "s3cr3t-pw".toCharArray()).toString();
        assertFalse(text.contains("s3cr3t-pw"), text);
        assertTrue(text.contains("alice"));
    }
}
