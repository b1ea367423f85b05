#!/bin/sh
# The baseline of the end-to-end audio benchmark: two-pass EBU R128 normalisation of one
# recording with ffmpeg alone, doing the work heritage's normalise-audio step does.
# Pass 1 measures the mono downmix with ebur128; pass 2 applies loudnorm with those
# measurements and writes the same three files: the 16 kHz training WAV, the 48 kHz Opus
# access copy in WebM, and the 16 kHz PCM the waveform peaks are read from.
# With QUALITY_CHECKS=1, pass 1 also reads the original's channels for the figures of
# heritage's quality report, which the plain baseline leaves out: silent stretches with
# silencedetect (as in src/media/audio/analysis-args.ts), and each channel's levels with
# astats, as a shell user gets them (heritage reads those from pass 1's PCM itself, see
# src/media/audio/channel-levels.ts).
#
#   sh bench/bare-two-pass.sh <input> <output-folder>
#   QUALITY_CHECKS=1 sh bench/bare-two-pass.sh <input> <output-folder>
set -eu
input=$1
out=$2
name=$(basename "$input")
downmix='aformat=sample_fmts=dbl:channel_layouts=mono'

meter="$downmix,ebur128=peak=true:framelog=verbose"
# The input's name is kept above; the positional parameters now carry pass 1's graph.
if [ "${QUALITY_CHECKS:-0}" = 1 ]; then
  checks='aformat=sample_fmts=fltp,astats=measure_perchannel=DC_offset+Min_level+Max_level+Peak_level+RMS_level+Peak_count:measure_overall=Peak_level+RMS_level+Number_of_samples,silencedetect=noise=-60dB:duration=2,ametadata=mode=print'
  set -- -filter_complex "[0:a:0]asplit=2[loudness][stats];[loudness]$meter[measured];[stats]$checks[checked]" \
    -map '[measured]' -f null - -map '[checked]' -f null -
else
  set -- -filter_complex "[0:a:0]$meter" -f null -
fi
summary=$(ffmpeg -hide_banner -nostdin -nostats -loglevel info -i "$input" "$@" 2>&1 |
  sed -n '/Summary:/h; /Summary:/!H; ${x;p}')
value() { printf '%s\n' "$summary" | awk -v key="$1" '$1 == key { print $2; exit }'; }
integrated=$(value 'I:')
threshold=$(value 'Threshold:')
range=$(value 'LRA:')
peak=$(value 'Peak:')
# loudnorm runs linearly only when its LRA target is at least the source's range.
target_range=$(awk -v lra="$range" 'BEGIN { r = lra < 7 ? 7 : lra; printf "%.1f", (r > 50 ? 50 : r) }')

ffmpeg -hide_banner -nostdin -nostats -loglevel error -y -i "$input" -filter_complex \
  "[0:a:0]$downmix,loudnorm=I=-23:TP=-2:LRA=$target_range:measured_I=$integrated:measured_TP=$peak:measured_LRA=$range:measured_thresh=$threshold:linear=true:print_format=json,asplit=2[n][na];
   [n]aresample=16000,aformat=sample_fmts=s16:sample_rates=16000:channel_layouts=mono,asplit=2[training][peaks];
   [na]aresample=48000,aformat=sample_rates=48000:channel_layouts=mono[access]" \
  -map '[training]' -c:a pcm_s16le -f wav "$out/$name.training.wav" \
  -map '[access]' -c:a libopus -b:a 64k -f webm "$out/$name.access.webm" \
  -map '[peaks]' -c:a pcm_s16le -f s16le "$out/$name.peaks.pcm"
