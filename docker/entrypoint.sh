#!/bin/sh
# `cyber` in the image: the node's jar with RocksDB's native library taken from
# /opt/cyber/lib (unpacked once at build time) instead of a copy in the temp folder per start.
# JAVA_OPTS (heap, collector) is split into words on purpose.
# shellcheck disable=SC2086
exec java $JAVA_OPTS -Djava.library.path=/opt/cyber/lib -jar /opt/cyber/cyber.jar "$@"
