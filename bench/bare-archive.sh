#!/bin/sh
# The fuller baseline of the end-to-end audio benchmark: what heritage does to one
# recording from a folder to a ready item, with the bare tools alone. Before the media
# work of bare-two-pass.sh comes what archiving the original takes: its technical
# metadata (ffprobe), its two fixity digests (sha512, as OCFL addresses content, and
# sha256), and a durable copy of it in the archive folder. No catalog, queue or object
# inventory: those are heritage's own cost, which the ratio against this script shows.
#
#   sh bench/bare-archive.sh <input> <output-folder>
set -eu
input=$1
out=$2
name=$(basename "$input")
here=$(dirname "$0")

ffprobe -hide_banner -loglevel error -show_format -show_streams -of json "$input" > "$out/$name.probe.json"
openssl dgst -sha512 "$input" > "$out/$name.sha512"
openssl dgst -sha256 "$input" > "$out/$name.sha256"
cp "$input" "$out/$name"
sync "$out/$name"
sh "$here/bare-two-pass.sh" "$out/$name" "$out"
