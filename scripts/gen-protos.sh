#!/usr/bin/env bash
# Regenerates Sources/FramecastProtocols/Generated/*.pb.swift from Protos/*.proto.
# The generated code is committed, so a normal build needs neither protoc nor the plugin.
# Needs protoc (Debian protobuf-compiler) and protoc-gen-swift from swift-protobuf at the tag
# Package.swift pins; the plugin is built in a temporary clone because its release build is slow
# and it must not become part of Framecast's own build.
#   PROTOC_GEN_SWIFT=/path/to/protoc-gen-swift scripts/gen-protos.sh   reuses a built plugin
set -euo pipefail
cd "$(dirname "$0")/.."
tag=1.39.0
command -v protoc >/dev/null || { echo "gen-protos: install protoc (apt-get install protobuf-compiler)" >&2; exit 1; }
plugin="${PROTOC_GEN_SWIFT:-}"
if [ -z "$plugin" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  git clone -q --branch "$tag" "${SWIFT_PROTOBUF_URL:-https://github.com/apple/swift-protobuf}" "$work/swift-protobuf"
  (cd "$work/swift-protobuf" && swift build -c release --product protoc-gen-swift >&2)
  plugin="$work/swift-protobuf/.build/release/protoc-gen-swift"
fi
out=Sources/FramecastProtocols/Generated
mkdir -p "$out"
protoc --plugin=protoc-gen-swift="$plugin" --swift_opt=Visibility=Internal \
  --swift_out="$out" -I Protos Protos/types.proto Protos/remote.proto
echo "gen-protos: wrote $out" >&2
