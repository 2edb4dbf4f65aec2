#!/usr/bin/env bash
# Regenerates the speech fixtures of the realtime tests with espeak-ng and sox
# (Debian packages espeak-ng and sox): 24 kHz, mono, 16-bit PCM WAV, as the Realtime API takes.
#   question.wav: "What's the weather in Boston?" with 400 ms of silence before and 800 ms after.
#   reply.wav:    "It is sunny and seventy two degrees in Boston."
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
espeak-ng -v en-us -s 170 -w "$tmp/q.wav" "What's the weather in Boston?"
espeak-ng -v en-us -s 170 -w "$tmp/r.wav" "It is sunny and seventy two degrees in Boston."
sox "$tmp/q.wav" -r 24000 -c 1 -b 16 -e signed-integer question.wav pad 0.4 0.8
sox "$tmp/r.wav" -r 24000 -c 1 -b 16 -e signed-integer reply.wav
soxi question.wav reply.wav | grep -E "Duration|Sample Rate|Channels"
