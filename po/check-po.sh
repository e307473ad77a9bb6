#!/bin/sh
# Fails when a translation has untranslated or fuzzy strings.
stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$1" 2>&1) || { echo "$stats"; exit 1; }
echo "$stats"
case "$stats" in
  *untranslated*|*fuzzy*) exit 1 ;;
esac
