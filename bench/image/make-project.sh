#!/usr/bin/env bash
# Writes a Java-style project for the rebuild benchmark: 40 MB of vendored jars in lib/, 300 class files in
# classes/, and a Buildfile that copies them as two layers. Usage: make-project.sh DIR
set -euo pipefail
dir=$1
rm -rf "$dir"; mkdir -p "$dir/lib" "$dir/classes/demo"
for i in $(seq 1 40); do head -c 1M /dev/urandom > "$dir/lib/dep-$i.jar"; done
head -c 3M /dev/urandom | split -b 10k -a 3 - "$dir/classes/demo/C"
cat > "$dir/Buildfile" <<'B'
FROM scratch
ENV JAVA_OPTS=-Xmx256m
WORKDIR /app
COPY lib/ lib/
COPY classes/ classes/
ENTRYPOINT ["java", "-cp", "/app/lib/*:/app/classes", "demo.Main"]
B
echo "$dir"
