# syntax=docker/dockerfile:1
# pipebook in a container: a static (musl) binary on an empty base, run as a non-root user.
#
#   docker build -t pipebook .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/site" pipebook build
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/site" -p 1111:1111 pipebook serve --bind 0.0.0.0
#
# The builder compiles for the platform being built (linux/amd64 or linux/arm64).

FROM rust:1.95-slim-bookworm AS build
ARG TARGETARCH
# musl-tools: the C parts (jemalloc, the tree-sitter grammars) are compiled for musl too;
# make: jemalloc's build. Versions are those of the pinned Debian release.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends musl-tools make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    case "${TARGETARCH:-amd64}" in \
      amd64) arch=x86_64 ;; \
      arm64) arch=aarch64 ;; \
      *) echo "no musl build for ${TARGETARCH}" >&2; exit 1 ;; \
    esac \
    && rustup target add "${arch}-unknown-linux-musl" \
    && CARGO_PROFILE_RELEASE_STRIP=symbols \
       cargo build --release --locked --target "${arch}-unknown-linux-musl" \
    && mkdir -p /out \
    && cp "target/${arch}-unknown-linux-musl/release/pipebook" /out/pipebook \
    && /out/pipebook --version

# Nothing but the binary: no shell, no package manager. The site is mounted at /site.
FROM scratch
COPY --from=build /out/pipebook /usr/local/bin/pipebook
USER 65532:65532
WORKDIR /site
ENTRYPOINT ["/usr/local/bin/pipebook"]
CMD ["build"]
