# syntax=docker/dockerfile:1

# modelgate in a container: a static musl binary on an empty base.
#
#   docker build -t modelgate .
#   docker run --rm -v "$PWD:/src" modelgate check .
#
# .github/workflows/release.yml builds it for linux/amd64 and linux/arm64 and
# pushes ghcr.io/<owner>/modelgate:<version>.

# Build stage: on Alpine the host target is *-unknown-linux-musl, which Rust
# links statically by default; the image carries musl-dev and gcc (regorus's
# allocator, mimalloc, is C). Linked at a fixed address, not as static-PIE,
# as the release binaries are (.github/workflows/release.yml says why); the
# target is named so that the flag reaches modelgate's code only, not the
# build scripts and proc-macros cargo builds for the host.
FROM rust:1.95.0-alpine3.23 AS build
WORKDIR /build
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
COPY policies ./policies
COPY catalog ./catalog
RUN target="$(uname -m)-unknown-linux-musl" \
    && RUSTFLAGS="-C relocation-model=static" cargo build --release --locked --target "$target" \
    && cp "target/$target/release/modelgate" /modelgate

# Final stage: the binary and nothing else (no shell, no git: `audit --staged`
# needs git, so run `audit` on paths instead).
FROM scratch
ARG VERSION=dev
ARG REVISION=unknown
ARG SOURCE=unknown
LABEL org.opencontainers.image.title="modelgate" \
      org.opencontainers.image.description="Policy-as-code compliance checker for applications that call foundation models on Amazon Bedrock" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}"
COPY --from=build /modelgate /modelgate
# An unprivileged user by number: scratch has no /etc/passwd.
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["/modelgate"]
