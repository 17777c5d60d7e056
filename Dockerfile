# Pulse in a container (README "Run with Docker").
#   docker build -t pulse .                         Maven builds the jar, a JRE runs it (needs BuildKit: the
#                                                   default since Docker 23; DOCKER_BUILDKIT=1 on older engines)
#   docker build --target prebuilt -t pulse .       uses target/pulse.jar built beforehand (mvn package); no
#                                                   Maven image needed (what CI does, with its own JRE base)
# Base images are build arguments, so a mirror or a locally made base can stand in.
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre
ARG BUILD_IMAGE=maven:3-eclipse-temurin-17

# What every variant shares: a non-root user, the JVM flags, the health check, the defaults for a container.
FROM ${RUNTIME_IMAGE} AS runtime-base
# A fixed uid/gid without a login; reading the Docker socket needs its group: --group-add <gid of the socket>
RUN groupadd --system --gid 10001 pulse && useradd --system --uid 10001 --gid pulse --home-dir /opt/pulse \
      --no-create-home --shell /usr/sbin/nologin pulse && mkdir -p /opt/pulse /var/lib/pulse \
      && chown pulse:pulse /opt/pulse /var/lib/pulse
WORKDIR /opt/pulse
# Inside a container the port is published or shared: listen on every interface. The open-door rule still holds:
# without PULSE_AUTH_SECRET (or PULSE_AUTH_SECRET_HASH) Pulse refuses to start.
ENV PULSE_HTTP_HOST=0.0.0.0 \
    PULSE_HTTP_PORT=8080 \
    PULSE_CGROUP_ROOT=/host/sys/fs/cgroup \
    PULSE_PROC_ROOT=/host/proc \
    PULSE_DATA_DIR=/var/lib/pulse
# History survives a restart of the container when this is a named volume (README "History on disk").
VOLUME /var/lib/pulse
EXPOSE 8080
# No curl in a slim image: bash's /dev/tcp speaks enough HTTP for /health (plain HTTP; with PULSE_TLS_* set,
# give the container a health check of your own).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PULSE_HTTP_PORT:-8080} && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]

# The jar from outside: target/pulse.jar (mvn -DskipTests package first).
FROM runtime-base AS prebuilt
COPY target/pulse.jar /opt/pulse/pulse.jar
# An AppCDS archive of the classes a start-up loads: Pulse starts (no engine needed), is stopped, and the JVM
# writes what it loaded (BENCHMARKS.md has the start-up times with and without it).
RUN PULSE_HTTP_HOST=127.0.0.1 PULSE_HTTP_PORT=0 PULSE_DATA_DIR= timeout -s TERM 20 java -XX:+UseSerialGC -XX:ArchiveClassesAtExit=/opt/pulse/pulse.jsa -jar /opt/pulse/pulse.jar \
      >/tmp/cds.log 2>&1; test -s /opt/pulse/pulse.jsa || { cat /tmp/cds.log; exit 1; }; rm -f /tmp/cds.log
USER pulse
# MaxRAMPercentage: the heap follows the container's memory limit; ExitOnOutOfMemoryError: let the restart policy act;
# UseSerialGC and -UsePerfData: a monitor's heap is small and its allocation slow, so G1's background threads and the
# JVM's performance-counter sampler (for jstat) are a fixed cost it need not pay every second (BENCHMARKS.md §5)
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:SharedArchiveFile=/opt/pulse/pulse.jsa", "-Xshare:auto", "-jar", "/opt/pulse/pulse.jar"]

# The jar built here.
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -ntp -q dependency:go-offline
COPY src src
COPY conf conf
COPY webroot webroot
RUN mvn -B -ntp -q -DskipTests package

FROM runtime-base AS runtime
COPY --from=build /src/target/pulse.jar /opt/pulse/pulse.jar
RUN PULSE_HTTP_HOST=127.0.0.1 PULSE_HTTP_PORT=0 PULSE_DATA_DIR= timeout -s TERM 20 java -XX:+UseSerialGC -XX:ArchiveClassesAtExit=/opt/pulse/pulse.jsa -jar /opt/pulse/pulse.jar \
      >/tmp/cds.log 2>&1; test -s /opt/pulse/pulse.jsa || { cat /tmp/cds.log; exit 1; }; rm -f /tmp/cds.log
USER pulse
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:SharedArchiveFile=/opt/pulse/pulse.jsa", "-Xshare:auto", "-jar", "/opt/pulse/pulse.jar"]
