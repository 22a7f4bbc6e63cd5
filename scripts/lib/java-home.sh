# Sourced by the scripts: exports JAVA_HOME pointing at a JDK 21 or newer (a compiler: the scripts build).
# The finder is the installed tool's own (src/main/dist/lib/java-home.sh), asked for a JDK instead of a JRE.
EKSIDP_NEED_COMPILER=true . "$(dirname "${BASH_SOURCE[0]}")/../../src/main/dist/lib/java-home.sh"
# Maven's own Guava calls sun.misc.Unsafe, which JDK 24+ warns about in four lines on every build; a JDK that knows
# the option is told to allow it (older ones would refuse the option).
if "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
  export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
fi
