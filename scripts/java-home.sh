# Sourced by ./run-local, ./run-tests and .ci/run: points JAVA_HOME at a JDK >= 21 when the
# default one is older (ocrpipe compiles for release 21 and runs on 21+, e.g. Temurin 25).
ocrpipe_java_major() {
  "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print v[1]; exit }'
}

ocrpipe_java_home() {
  local candidate major best="" best_major=0
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
    /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [[ -n "$candidate" && -x "$candidate/bin/java" ]] || continue
    major="$(ocrpipe_java_major "$candidate/bin/java")"
    [[ "$major" =~ ^[0-9]+$ ]] || continue
    if ((major >= 21)); then
      # the configured or default JDK wins when it is new enough
      if [[ "$candidate" == "${JAVA_HOME:-}" ]]; then
        echo "$candidate"
        return 0
      fi
      if ((major > best_major)); then
        best="$candidate"
        best_major="$major"
      fi
    fi
  done
  [[ -n "$best" ]] && echo "$best"
}

if ! OCRPIPE_JAVA_HOME="$(ocrpipe_java_home)" || [[ -z "$OCRPIPE_JAVA_HOME" ]]; then
  echo "ocrpipe needs a JDK 21 or newer; none found (set JAVA_HOME)" >&2
  exit 1
fi
export JAVA_HOME="$OCRPIPE_JAVA_HOME"
export PATH="$JAVA_HOME/bin:$PATH"
# JDK 24+ warns about Maven's own use of sun.misc.Unsafe and native access; keep the output readable
if (( $(ocrpipe_java_major "$JAVA_HOME/bin/java") >= 24 )); then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
fi
