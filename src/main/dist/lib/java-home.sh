# Sourced by the launchers: exports JAVA_HOME pointing at a Java 21 or newer.
# The machine's default java may be older (17 on Debian 12), so look where Java is usually installed.
# EKSIDP_NEED_COMPILER=true (the checkout's build scripts) accepts only a JDK; the installed tool needs a JRE only.

java_major() { # prints the major version of the java binary given, or 0
  "$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {split($2, v, "."); print (v[1] == 1 ? v[2] : v[1]); found=1} END {if (!found) print 0}'
}

find_java_home() {
  local candidate best="" best_major=0 major tool=java
  [ "${EKSIDP_NEED_COMPILER:-false}" = true ] && tool=javac
  # JAVA_HOME, when it is recent enough, wins: an operator's explicit choice (or a container's JRE).
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/$tool" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
    echo "$JAVA_HOME"
    return 0
  fi
  for candidate in "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
      /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "${HOME:-/nonexistent}"/.sdkman/candidates/java/* "${HOME:-/nonexistent}"/.jdks/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/$tool" ] || continue
    major=$(java_major "$candidate/bin/java")
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$candidate"; best_major=$major; fi
  done
  [ -n "$best" ] || { echo "error: no Java 21 or newer found (looked at JAVA_HOME, PATH, /usr/lib/jvm, /opt/java, ~/.sdkman). Install one, e.g. 'apt-get install openjdk-21-jre-headless', or set JAVA_HOME." >&2; return 1; }
  echo "$best"
}

JAVA_HOME=$(find_java_home) || exit 64
export JAVA_HOME
