#!/usr/bin/env bash
# The side-by-side benchmark (docs/benchmark.md): builds the WAR, fetches Payara Micro and
# Keycloak from Maven Central, starts the servers on PostgreSQL and prints the numbers.
#   src/test/bench/run.sh --keycloak          the full run, Rotor and Keycloak alternating
#   src/test/bench/run.sh --quick --keycloak  a smoke check of a few seconds per phase
#   src/test/bench/run.sh                     Rotor only
# Settings are -Dbench.* properties placed before the flags, e.g.
#   src/test/bench/run.sh -Dbench.threads=16 -Dbench.rounds=5 --keycloak
set -euo pipefail
cd "$(dirname "$0")/../../.."
props=()
flags=()
for arg in "$@"; do
  case "$arg" in
    -D*) props+=("$arg") ;;
    *) flags+=("$arg") ;;
  esac
done
skip=true
for flag in "${flags[@]}"; do [[ "$flag" == --keycloak ]] && skip=false; done
exec mvn -B -q -Pbench -DskipTests -Dbench.skipKeycloak="$skip" "${props[@]}" package exec:java -Dexec.args="${flags[*]}"
