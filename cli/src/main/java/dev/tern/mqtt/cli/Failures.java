package dev.tern.mqtt.cli;

import dev.tern.mqtt.exceptions.MqttAckException;
import dev.tern.mqtt.exceptions.MqttConnectionLostException;
import dev.tern.mqtt.exceptions.MqttConnectionRefusedException;
import dev.tern.mqtt.exceptions.MqttTimeoutException;
import dev.tern.mqtt.message.ConnAck;
import dev.tern.mqtt.reason.ReasonCode;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/** Turns exceptions into one line a person can act on, and into the matching {@link ExitCode}. */
final class Failures {

    private Failures() {
    }

    /** The exception a future failed with, without the wrappers the future added. */
    static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** The exit status for a failure while connecting. */
    static int connectExitCode(Throwable t) {
        return unwrap(t) instanceof MqttTimeoutException ? ExitCode.TIMEOUT : ExitCode.CONNECT_FAILED;
    }

    /** The exit status for a failure once connected. */
    static int exitCode(Throwable t) {
        return unwrap(t) instanceof MqttTimeoutException ? ExitCode.TIMEOUT : ExitCode.FAILED;
    }

    /** A description of a failure to connect to {@code host:port}. */
    static String describeConnect(Throwable t, String host, int port) {
        Throwable e = unwrap(t);
        String where = host + ":" + port;
        if (e instanceof MqttConnectionRefusedException) {
            ConnAck connAck = ((MqttConnectionRefusedException) e).connAck();
            return "connection refused by " + where + ": CONNACK " + code(connAck.reasonCode())
                    + connAck.reasonString().map(s -> " (" + s + ")").orElse("");
        }
        Throwable root = rootCause(e);
        if (root instanceof UnknownHostException) {
            return "cannot connect to " + where + ": unknown host";
        }
        if (root instanceof ConnectException) {
            return "cannot connect to " + where + ": " + root.getMessage()
                    + " (is a broker listening there?)";
        }
        if (e instanceof MqttTimeoutException) {
            return "cannot connect to " + where + ": " + e.getMessage();
        }
        return "cannot connect to " + where + ": " + describe(e);
    }

    /** The broker's refusal of a CONNECT that caused {@code t} (a reconnect given up), or null if there is none. */
    static MqttConnectionRefusedException refusal(Throwable t) {
        for (Throwable e = t; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof MqttConnectionRefusedException) {
                return (MqttConnectionRefusedException) e;
            }
        }
        return null;
    }

    /** One line for a reconnect the broker refused, so that reconnecting gave up. */
    static String describeReconnectRefusal(MqttConnectionRefusedException refused, String host, int port) {
        return describeConnect(refused, host, port) + " when reconnecting; not retrying";
    }

    /** A description of any failure. */
    static String describe(Throwable t) {
        Throwable e = unwrap(t);
        if (e instanceof MqttAckException) {
            MqttAckException ack = (MqttAckException) e;
            return "refused by the broker: " + codes(ack.reasonCodes())
                    + ack.reasonString().map(s -> " (" + s + ")").orElse("");
        }
        if (e instanceof MqttConnectionLostException) {
            MqttConnectionLostException lost = (MqttConnectionLostException) e;
            StringBuilder text = new StringBuilder("connection lost");
            lost.reasonCode().ifPresent(c -> text.append(": DISCONNECT ").append(code(c)));
            lost.reasonString().ifPresent(s -> text.append(" (").append(s).append(')'));
            if (lost.reasonCode().isEmpty()) {
                text.append(" (closed by ").append(lost.closedBy().name().toLowerCase(Locale.ROOT)).append(')');
                Throwable root = rootCause(lost);
                if (root != lost && root.getMessage() != null) {
                    text.append(": ").append(root.getMessage());
                }
            }
            return text.toString();
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** A reason code as {@code 0x87 NOT_AUTHORIZED}. */
    static String code(ReasonCode code) {
        return String.format("0x%02X %s", code.code(), code);
    }

    private static String codes(List<? extends ReasonCode> codes) {
        return codes.stream().map(Failures::code).collect(Collectors.joining(", "));
    }

    private static Throwable rootCause(Throwable t) {
        Throwable e = t;
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return e;
    }
}
