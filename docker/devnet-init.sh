#!/bin/sh
# The compose devnet's one-shot init: `devnet-init DIR TESTNET-OPTIONS...` writes the node
# homes into DIR (the devnet volume) with `cyber testnet --output DIR ...` when DIR holds none
# yet. An existing devnet is kept as it is: its keys, its chain and its data.
set -eu
dir=$1
shift
if [ -e "$dir/node0/config/genesis.json" ]; then
  echo "devnet homes exist in $dir; keeping them"
  exit 0
fi
exec cyber testnet --output "$dir" "$@"
