# Sourced by the scripts: exports JAVA_HOME pointing at a JDK 21 or newer.
# The machine's default java may be older (17 on Debian 12), so look where JDKs are usually installed.

java_major() { # prints the major version of the java binary given, or 0
  "$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {split($2, v, "."); print (v[1] == 1 ? v[2] : v[1]); found=1} END {if (!found) print 0}'
}

find_java_home() {
  local candidate best="" best_major=0 major
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
      /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate/bin/java")
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$candidate"; best_major=$major; fi
  done
  [ -n "$best" ] || { echo "error: no JDK 21 or newer found (looked at JAVA_HOME, PATH, /usr/lib/jvm, ~/.sdkman). Install one, e.g. 'apt-get install openjdk-21-jdk'." >&2; return 1; }
  echo "$best"
}

JAVA_HOME=$(find_java_home) || exit 64
export JAVA_HOME
