package dev.tern.mqtt.testing;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;

/**
 * The brokers shared by all tests of one JVM, kept in JUnit's root store: started on first use, one per
 * kind and set of limits, and closed by JUnit when the whole test run ends (the store closes
 * {@link AutoCloseable} values).
 */
final class SharedBrokers {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedBrokers.class);

    private static volatile BrokerEndpoint defaultHiveMq;
    private static volatile BrokerEndpoint defaultMosquitto;
    private static volatile BrokerEndpoint defaultAedes;
    private static volatile boolean toldMissingMosquitto;
    private static volatile boolean toldMissingAedes;

    private SharedBrokers() {
    }

    private record Key(Broker broker, BrokerLimits limits) {
    }

    /** A started broker in the root store; JUnit calls {@link #close()} at the end of the run. */
    private record Running(BrokerEndpoint endpoint, Runnable stop) implements AutoCloseable {
        @Override
        public void close() {
            if (endpoint.equals(defaultHiveMq)) {
                defaultHiveMq = null;
            }
            if (endpoint.equals(defaultMosquitto)) {
                defaultMosquitto = null;
            }
            if (endpoint.equals(defaultAedes)) {
                defaultAedes = null;
            }
            stop.run();
        }
    }

    /** The shared broker of this kind and limits, started if needed; aborts or fails when its broker is missing. */
    static BrokerEndpoint endpoint(ExtensionContext context, Broker broker, BrokerLimits limits) {
        require(broker);
        if (broker == Broker.AEDES && !limits.isNone()) {
            throw new IllegalArgumentException("the Aedes launcher configures no limits, asked for " + limits);
        }
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        Running running = store.getOrComputeIfAbsent(new Key(broker, limits), key -> start(key), Running.class);
        return running.endpoint();
    }

    /** The limits asked for by a {@link Limits} annotation on the parameter, or none. */
    static BrokerLimits limitsOf(ParameterContext parameter) {
        return parameter.findAnnotation(Limits.class).map(BrokerLimits::of).orElse(BrokerLimits.NONE);
    }

    static Optional<BrokerEndpoint> defaultEndpoint(Broker broker) {
        return Optional.ofNullable(switch (broker) {
            case HIVEMQ -> defaultHiveMq;
            case MOSQUITTO -> defaultMosquitto;
            case AEDES -> defaultAedes;
        });
    }

    /** Aborts (or, when CI is set, fails) the current test when this broker cannot run here; see below. */
    static void require(Broker broker) {
        if (broker == Broker.MOSQUITTO) {
            requireMosquitto();
        } else if (broker == Broker.AEDES) {
            requireAedes();
        }
    }

    /**
     * Aborts the current test when node or the aedes package is missing, so it shows as skipped with the reason;
     * fails it instead when the environment variable {@code CI} is set, because CI installs both.
     */
    static void requireAedes() {
        Optional<String> missing = Aedes.missing();
        if (missing.isEmpty()) {
            return;
        }
        if (isCi()) {
            throw new IllegalStateException(missing.get() + "; CI is set, so a missing broker is a failure");
        }
        if (!toldMissingAedes) {
            toldMissingAedes = true;
            System.err.println("[tern-testing] " + missing.get() + ": the tests on Aedes are skipped");
        }
        Assumptions.abort(missing.get());
    }

    /**
     * Aborts the current test when Mosquitto is not installed, so it shows as skipped with the reason;
     * fails it instead when the environment variable {@code CI} is set, because CI installs Mosquitto.
     */
    static void requireMosquitto() {
        if (Mosquitto.findExecutable().isPresent()) {
            return;
        }
        String message = "mosquitto not installed: no 'mosquitto' on PATH"
                + " nor in /usr/sbin, /usr/local/sbin, /opt/homebrew/sbin"
                + " (install it with: apt-get install -y mosquitto)";
        if (isCi()) {
            throw new IllegalStateException(message + "; CI is set, so a missing broker is a failure");
        }
        if (!toldMissingMosquitto) {
            toldMissingMosquitto = true;
            // surefire and failsafe print no skip reasons on the console: say it once per JVM
            System.err.println("[tern-testing] " + message + ": the tests on Mosquitto are skipped");
        }
        Assumptions.abort(message);
    }

    static boolean isCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    private static Running start(Key key) {
        Running running;
        if (key.broker() == Broker.HIVEMQ) {
            EmbeddedHiveMq hiveMq = EmbeddedHiveMq.builder().limits(key.limits()).build();
            running = new Running(hiveMq.start(), hiveMq::stop);
            if (key.limits().isNone()) {
                defaultHiveMq = running.endpoint();
            }
        } else if (key.broker() == Broker.MOSQUITTO) {
            Mosquitto mosquitto = Mosquitto.builder().limits(key.limits()).build();
            running = new Running(mosquitto.start(), mosquitto::stop);
            if (key.limits().isNone()) {
                defaultMosquitto = running.endpoint();
            }
        } else {
            Aedes aedes = Aedes.builder().build();
            running = new Running(aedes.start(), aedes::stop);
            defaultAedes = running.endpoint();
        }
        return running;
    }
}
