# syntax=docker/dockerfile:1
# The launchready GitHub Action. Base images are pinned by digest (multi-
# platform indexes); the tag beside each digest is for humans and Renovate.

# Build: a static binary (no cgo) on Go's regexp. gitleaks' releases use the
# WASM RE2 engine (-tags gore2regex); launchready's engine hands gitleaks
# only short windows of text, so RE2's 0.2 s start and 0.1 s of rule
# compilation cost more than its speed saves (bench/history.sh: 1.08 s
# against 1.40 s of CPU, 0.65 s against 0.98 s wall).
FROM golang:1.26.4-alpine@sha256:3ad57304ad93bbec8548a0437ad9e06a455660655d9af011d58b993f6f615648 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The release workflow passes VERSION; the action's own build (action.yml's
# image: Dockerfile) has no build argument and takes the checked-out
# action's VERSION file.
ARG VERSION=
RUN V="${VERSION:-$(cat VERSION)}" && CGO_ENABLED=0 go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X github.com/launchready/launchready/internal/version.Version=${V}" \
      -o /out/launchready ./cmd/action

# Run: git (>= 2.36 for merge-resolution scanning) and CA certificates.
FROM alpine:3.22@sha256:14358309a308569c32bdc37e2e0e9694be33a9d99e68afb0f5ff33cc1f695dce
RUN apk add --no-cache git ca-certificates
COPY --from=build /out/launchready /usr/local/bin/launchready
# No USER: container actions run as root, and the workspace is owned by the
# runner's user; launchready marks it safe for its own git calls only.
ENTRYPOINT ["/usr/local/bin/launchready", "--action"]
