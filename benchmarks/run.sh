#!/usr/bin/env bash
# End-to-end comparison of Tern with the HiveMQ MQTT client, Eclipse Paho (3.1.1 and 5.0) and a raw socket, against
# a minimal acking sink and a Mosquitto that this script starts and stops on free 127.0.0.1 ports (issue 6).
#
#   benchmarks/run.sh --quick        a tenth of the messages, fewer scenarios, 3 rounds (under 10 minutes)
#   benchmarks/run.sh                the full sizes of issue 6, 5 rounds
#   benchmarks/run.sh --quick --only=qos0,latency-qos1 --clients=tern,hivemq,raw --rounds=3
#   benchmarks/run.sh --only=qos0@mosquitto --broker-cpus=1 --client-cpus=0   broker and client on separate cores
#   benchmarks/run.sh --native-epoll ...   Tern and the HiveMQ client on Netty's native epoll (Linux x86_64) instead
#                                          of Java NIO, each with the epoll jar of its own Netty on its class path
#
# Table on stderr, one JSON line per scenario, client and target on stdout; results.jsonl, summary.md, logs and the
# chart benchmarks.png in benchmarks/target/e2e (--out=DIR to change). See docs/benchmarks.md.
set -euo pipefail

cd "$(dirname "$0")/.."

if [ ! -x /usr/sbin/mosquitto ] && ! command -v mosquitto >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        echo "installing mosquitto" >&2
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mosquitto >&2
    else
        echo "mosquitto is not installed (apt-get install mosquitto)" >&2
        exit 1
    fi
fi
mosquitto_bin=$(command -v mosquitto || echo /usr/sbin/mosquitto)

# Tern, Paho, the harness and the sink: one shaded jar (Netty 4.2). The HiveMQ client: its own class path with the
# Netty 4.1 it was built for, resolved from benchmarks/hivemq/pom.xml (outside the reactor), plus the harness classes.
quiet_mvn() { # Maven 3.8 prints colour codes even with -B -q; keep them out of the table
    mvn -B -q "$@" 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
}
profile=()
args=()
for a in "$@"; do
    if [ "$a" = --native-epoll ]; then
        profile=(-Pnative-epoll)
        echo "transport: native epoll for Tern and the HiveMQ client" >&2
    else
        args+=("$a")
    fi
done
quiet_mvn -DskipTests -pl benchmarks -am ${profile[@]+"${profile[@]}"} package
quiet_mvn -f benchmarks/hivemq/pom.xml ${profile[@]+"${profile[@]}"} dependency:build-classpath \
    -Dmdep.outputFile="$PWD/benchmarks/target/hivemq.classpath"

# 10,000 connections need as many descriptors in the client JVM and in Mosquitto, which inherit this limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 10100 ]; then
    echo "warning: open files limit $(ulimit -n) is below 10,100: the connections scenario will fail" >&2
fi

exec java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.tern.mqtt.benchmarks.e2e.Harness \
    --tern-cp="$PWD/benchmarks/target/benchmarks.jar" \
    --hivemq-cp="$PWD/benchmarks/target/classes:$(cat benchmarks/target/hivemq.classpath)" \
    --mosquitto="$mosquitto_bin" \
    ${args[@]+"${args[@]}"}
