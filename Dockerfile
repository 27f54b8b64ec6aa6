# datashelf's server as an image: `docker build -t datashelf .`, then
# `docker run -p 8080:8080 -v datashelf-data:/data datashelf` (the admin key generated at the
# first start is in `docker logs`). The image holds what `npm pack` gives, installed as
# `npm install -g` installs it: the built server, the web UI and the datashelf command, with
# the server's dependencies only. It runs as a user of its own, the embedded store on the
# /data volume; set DATABASE_URL for PostgreSQL instead.
ARG NODE_IMAGE=node:24.22.3-bookworm-slim

# better-sqlite3's native module alone, at the version package.json pins, in a stage that
# depends on package.json only: its compile is cached until that file changes, however the
# sources do. It compiles from source when its prebuilt binary cannot be downloaded,
# against the image's own Node headers (/usr/local/include/node) rather than a download.
FROM ${NODE_IMAGE} AS native
ENV npm_config_nodedir=/usr/local
RUN apt-get update \
  && apt-get install -y --no-install-recommends g++ make python3 \
  && rm -rf /var/lib/apt/lists/*
COPY package.json /tmp/datashelf.json
WORKDIR /native
RUN --mount=type=cache,target=/root/.npm \
  echo '{"private": true, "allowScripts": {"better-sqlite3": true}}' >package.json \
  && npm install --no-audit --no-fund \
    "better-sqlite3@$(node -p 'require("/tmp/datashelf.json").dependencies["better-sqlite3"]')"

FROM ${NODE_IMAGE} AS build
WORKDIR /src
# The dependencies first, in a layer of their own that a change to the sources keeps.
COPY package.json package-lock.json ./
COPY clients/typescript/package.json clients/typescript/
COPY web/package.json web/
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# Installed as `npm install -g` installs the package, its one native module from the stage above.
RUN --mount=type=cache,target=/root/.npm npm run build \
  && npm pack --ignore-scripts \
  && npm install --global --prefix /opt/datashelf --ignore-scripts --no-audit --no-fund ./datashelf-*.tgz
COPY --from=native /native/node_modules/better-sqlite3/build/Release/better_sqlite3.node \
  /opt/datashelf/lib/node_modules/datashelf/node_modules/better-sqlite3/build/Release/

FROM ${NODE_IMAGE}
# A user of its own, owning only the data directory (private, as the server keeps it).
RUN useradd --system --user-group --uid 10001 --home-dir /data --no-create-home --shell /usr/sbin/nologin datashelf \
  && install --directory --owner datashelf --group datashelf --mode 700 /data
COPY --from=build /opt/datashelf /opt/datashelf
ENV PATH=/opt/datashelf/bin:$PATH HOST=0.0.0.0 PORT=8080 DATASHELF_DATA_DIR=/data
USER datashelf
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/readyz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["datashelf-server"]
