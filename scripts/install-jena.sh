#!/usr/bin/env bash
# Make Apache Jena from Debian (libapache-jena-java) runnable for the tests, idempotently.
#
# Usage: bash scripts/install-jena.sh [--no-apt] [--check]
#   --no-apt   never call apt-get: fail (exit 3) if the Debian jars or java are missing
#   --check    after preparing, run riot, arq.sparql and shacl once on a tiny graph
#
# Installs libapache-jena-java and a Java runtime with apt-get when they are missing (as root, or
# through sudo), then prepares a cache folder ($KG_JENA_CACHE, by default
# ${XDG_CACHE_HOME:-$HOME/.cache}/conflict-kg/jena) holding:
#   classpath.txt             one line: the explicit classpath (Jena's jars, their dependencies,
#                             one slf4j binding, the two entries below)
#   jena-xerces-messages.jar  message bundles Debian's jena-core.jar keeps under the wrong package
#   conf/                     simplelogger.properties (riot reports parse errors through slf4j)
# KG_JENA_JAR_DIR replaces /usr/share/java as the place to look for the jars.
# Use it as: java -cp "$(cat "$CACHE/classpath.txt")" riotcmd.riot --validate FILE
# Prints the path of classpath.txt on stdout; messages go to stderr. docs/jena.md explains why.
# Exit codes: 0 ready, 2 usage error, 3 Jena or java missing and not installable, 4 smoke test failed.
set -euo pipefail

JAR_DIR=${KG_JENA_JAR_DIR:-/usr/share/java}
# Bump when the cache layout or the jar list changes, so old caches are rebuilt.
CACHE_FORMAT=1

# Jena's modules as Debian packages them, then their run-time dependencies (from the Maven poms
# under /usr/share/maven-repo/org/apache/jena/*/debian/ and the Depends of the Debian packages).
# Unversioned names are symlinks Debian keeps stable across upgrades.
JENA_JARS=(jena-base jena-core jena-iri jena-arq jena-shacl jena-shex jena-cmds jena-rdfconnection
           jena-dboe-base jena-dboe-transaction jena-dboe-index jena-dboe-trans-data
           jena-dboe-storage jena-tdb jena-tdb2)
DEPENDENCY_JARS=(commons-cli commons-codec commons-compress commons-csv commons-io commons-lang3
                 dexx.collection gson guava httpclient httpclient-cache httpcore
                 jackson-annotations jackson-core jackson-databind jsonld-java
                 jakarta.json-api titanium-json-ld protobuf thrift
                 slf4j-api jcl-over-slf4j
                 # Exactly one slf4j binding: simple, not nop, because riot reports syntax
                 # errors and warnings (with line and column) only through the logger.
                 slf4j-simple)

use_apt=1
check=0
for arg in "$@"; do
    case "$arg" in
        --no-apt) use_apt=0 ;;
        --check) check=1 ;;
        -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install-jena.sh: unknown option '$arg' (allowed: --no-apt, --check)" >&2; exit 2 ;;
    esac
done

say() { echo "install-jena: $*" >&2; }
die() { local code=$1; shift; say "error: $*"; exit "$code"; }

find_java() {
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
        echo "$JAVA_HOME/bin/java"
    else
        command -v java || true
    fi
}

missing_jars() {
    local name
    for name in "${JENA_JARS[@]}" "${DEPENDENCY_JARS[@]}"; do
        [[ -f "$JAR_DIR/$name.jar" ]] || echo "$name.jar"
    done
}

install_packages() {
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || die 3 "installing $* needs root: run this script as root"
        sudo=(sudo)
    fi
    say "installing $* with apt-get"
    # Slim Debian images omit man directories, and the JRE's postinst fails without this one.
    "${sudo[@]}" mkdir -p /usr/share/man/man1
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends -o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=300 "$@" >&2
}

packages=()
missing=()
if [[ -n "$(missing_jars)" ]]; then
    packages+=(libapache-jena-java)
    missing+=("Jena's jars in $JAR_DIR (package libapache-jena-java)")
fi
if [[ -z "$(find_java)" ]]; then
    packages+=(default-jre-headless)
    missing+=("java on PATH or in \$JAVA_HOME (package default-jre-headless)")
fi
if (( ${#packages[@]} )); then
    if (( ! use_apt )); then
        die 3 "missing $(printf '%s and ' "${missing[@]}" | sed 's/ and $//');" \
              "install with: sudo bash scripts/install-jena.sh"
    fi
    install_packages "${packages[@]}"
fi

still_missing=$(missing_jars | tr '\n' ' ')
[[ -z "$still_missing" ]] || die 3 "not found in $JAR_DIR after installing libapache-jena-java:" \
                                   "$still_missing(has the Debian packaging changed?)"
java=$(find_java)
[[ -n "$java" ]] || die 3 "no java found on PATH or in \$JAVA_HOME after installing default-jre-headless"

[[ -n "${KG_JENA_CACHE:-}${XDG_CACHE_HOME:-}${HOME:-}" ]] || die 3 "set HOME (or KG_JENA_CACHE) for the cache folder"
cache=${KG_JENA_CACHE:-${XDG_CACHE_HOME:-${HOME:-}/.cache}/conflict-kg/jena}
classpath_file="$cache/classpath.txt"
fix_jar="$cache/jena-xerces-messages.jar"
conf_dir="$cache/conf"
# The fix jar is derived from jena-core.jar: rebuild when that file (or the list above) changes.
stamp="$CACHE_FORMAT $JAR_DIR $(stat -L -c '%s:%Y' "$JAR_DIR/jena-core.jar") ${JENA_JARS[*]} ${DEPENDENCY_JARS[*]}"

smoke_test() {
    local dir status=0
    dir=$(mktemp -d)
    # A typed literal makes Jena load its XSD datatypes, which is where the xerces bug shows.
    printf '@prefix ex: <http://example.org/> .\nex:a ex:n "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n' \
        > "$dir/smoke.ttl"
    printf 'SELECT ?n WHERE { ?s ?p ?n }\n' > "$dir/smoke.rq"
    printf '@prefix sh: <http://www.w3.org/ns/shacl#> .\n<http://example.org/S> a sh:NodeShape .\n' \
        > "$dir/shapes.ttl"
    local cp
    cp=$(cat "$classpath_file")
    "$java" -Xmx256m -cp "$cp" riotcmd.riot --validate "$dir/smoke.ttl" >&2 || status=$?
    if (( check && status == 0 )); then
        "$java" -Xmx256m -cp "$cp" arq.sparql --data="$dir/smoke.ttl" --query="$dir/smoke.rq" \
            --results=csv >/dev/null || status=$?
    fi
    if (( check && status == 0 )); then
        "$java" -Xmx256m -cp "$cp" shacl.shacl validate --shapes="$dir/shapes.ttl" \
            --data="$dir/smoke.ttl" >/dev/null || status=$?
    fi
    rm -rf "$dir"
    return "$status"
}

if [[ -f "$classpath_file" && -f "$fix_jar" && -f "$conf_dir/simplelogger.properties" \
      && "$(cat "$cache/stamp" 2>/dev/null)" == "$stamp" ]]; then
    if (( check )); then
        smoke_test || die 4 "Jena does not run with $classpath_file (see the output above)"
    fi
    echo "$classpath_file"
    exit 0
fi

command -v python3 >/dev/null || die 3 "python3 is needed to build $fix_jar"
mkdir -p "$cache" "$conf_dir"
rm -f "$cache/stamp"
tmp=$(mktemp "$cache/.build.XXXXXX")
trap 'rm -f "$tmp"' EXIT

# jena-core.jar holds the shaded xerces classes under xerces/ but their .properties message bundles
# under org/apache/jena/ext/xerces/, so xerces cannot find them and its datatype factory fails with
# "internal error" (an ExceptionInInitializerError at start-up). Copy each bundle to the path the
# classes look under, unless jena-core.jar already has it there.
python3 - "$JAR_DIR/jena-core.jar" "$tmp" <<'PYTHON'
import sys
import zipfile

source, target = sys.argv[1], sys.argv[2]
prefix = "org/apache/jena/ext/xerces/"
with zipfile.ZipFile(source) as jar, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as fix:
    names = set(jar.namelist())
    fix.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nCreated-By: conflict-kg scripts/install-jena.sh\n\n")
    for name in sorted(names):
        if name.startswith(prefix) and name.endswith(".properties"):
            moved = "xerces/" + name[len(prefix):]
            if moved not in names:
                fix.writestr(moved, jar.read(name))
PYTHON
chmod 644 "$tmp"
mv -f "$tmp" "$fix_jar"

# slf4j-simple reads this from the classpath: messages only from WARN up, without the thread name.
tmp=$(mktemp "$cache/.build.XXXXXX")
cat > "$tmp" <<'PROPERTIES'
org.slf4j.simpleLogger.defaultLogLevel=warn
org.slf4j.simpleLogger.showThreadName=false
org.slf4j.simpleLogger.logFile=System.err
PROPERTIES
chmod 644 "$tmp"
mv -f "$tmp" "$conf_dir/simplelogger.properties"

entries=()
for name in "${JENA_JARS[@]}" "${DEPENDENCY_JARS[@]}"; do
    entries+=("$JAR_DIR/$name.jar")
done
entries+=("$fix_jar" "$conf_dir")
tmp=$(mktemp "$cache/.build.XXXXXX")
(IFS=:; echo "${entries[*]}") > "$tmp"
chmod 644 "$tmp"
mv -f "$tmp" "$classpath_file"

smoke_test || die 4 "Jena still fails to start with $classpath_file (see the output above)"
echo "$stamp" > "$cache/stamp"
say "Jena is ready: java -cp \"\$(cat $classpath_file)\" riotcmd.riot --validate FILE"
echo "$classpath_file"
