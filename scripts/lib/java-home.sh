# Sourced by the scripts: exports JAVA_HOME pointing at a JDK 21 or newer (a compiler: the scripts build).
# The finder is the installed tool's own (src/main/dist/lib/java-home.sh), asked for a JDK instead of a JRE.
EKSIDP_NEED_COMPILER=true . "$(dirname "${BASH_SOURCE[0]}")/../../src/main/dist/lib/java-home.sh"
