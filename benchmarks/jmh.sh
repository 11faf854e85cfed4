#!/usr/bin/env bash
# Builds benchmarks/target/benchmarks.jar and runs the PUBLISH codec benchmarks with the GC profiler.
#
#   benchmarks/jmh.sh                      all PublishCodec benchmarks, short settings for a small shared machine
#   benchmarks/jmh.sh 'PublishCodec.decode$' -p payloadSize=4096    any extra JMH arguments replace the pattern
#
# The JSON result goes to benchmarks/target/jmh-result.json. See docs/benchmarks.md for how to read the output.
set -euo pipefail

cd "$(dirname "$0")/.."

mvn -B -q -DskipTests -pl benchmarks -am package

if [ "$#" -eq 0 ]; then
    set -- PublishCodec
fi

# 1 fork, 3 x 2 s warm-up, 5 x 2 s measurement: about 20 s per benchmark and parameter set.
exec java -jar benchmarks/target/benchmarks.jar \
    -f 1 -wi 3 -w 2s -i 5 -r 2s \
    -prof gc \
    -rf json -rff benchmarks/target/jmh-result.json \
    "$@"
