#!/usr/bin/env bash
# Checks docker/docker-compose.yml without a Docker engine:
#  1. Debian's docker-compose (v1.29, installed if missing) accepts it: `config -q`;
#  2. its services, homes and ports are those `cyber testnet` writes for the init service's
#     options: one service per --hostnames entry, named by it, starting /devnet/node<i> with
#     that host's home; every home listens on 0.0.0.0:26656/26657/26660 and names the other
#     services as its persistent peers; full nodes publish their RPC port.
# Uses node/target/cyber.jar (built with Maven if missing). The same cross-check runs in
# `mvn verify` as DockerComposeTest.
set -euo pipefail
cd "$(dirname "$0")/.."
compose=docker/docker-compose.yml

if ! command -v docker-compose >/dev/null 2>&1; then
  apt-get update -q && apt-get install -y -q docker-compose
fi

docker-compose -f "$compose" config -q
echo "docker-compose config -q: $compose is valid"

jar=node/target/cyber.jar
if [ ! -f "$jar" ]; then
  mvn -B -q -o -pl node -am package -DskipTests || mvn -B -q -pl node -am package -DskipTests
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
docker-compose -f "$compose" config > "$work/compose.yml"

# python3 and its yaml module come with docker-compose; tomllib with Python >= 3.11.
# Debian's python3 has the yaml module docker-compose brings (a pyenv python3 may not)
py=python3; [ -x /usr/bin/python3 ] && py=/usr/bin/python3
"$py" - "$work/compose.yml" "$jar" "$work/homes" <<'PY'
import json, os, subprocess, sys, tomllib, yaml

compose_file, jar, out = sys.argv[1:]
services = yaml.safe_load(open(compose_file))["services"]
errors = []
def check(ok, what):
    if not ok:
        errors.append(what)

init = services["init"]
check(init.get("entrypoint") == ["devnet-init"], "init: entrypoint is not devnet-init")
command = [str(c) for c in init["command"]]
devnet_dir, testnet_args = command[0], command[1:]
hosts = testnet_args[testnet_args.index("--hostnames") + 1].split(",")
def volume_at(service):
    for mount in service.get("volumes", []):
        parts = mount.split(":")
        if len(parts) >= 2 and parts[1] == devnet_dir:
            return parts[0]
volume = volume_at(init)
check(volume is not None, f"init: no volume at {devnet_dir}")

run = subprocess.run(["java", "-jar", jar, "testnet", "--output", out] + testnet_args,
                     capture_output=True, text=True)
if run.returncode != 0:
    sys.exit(f"cyber testnet {' '.join(testnet_args)} failed: {run.stderr.strip()}")
print(run.stdout, end="")

check(set(services) == {"init", *hosts},
      f"services {sorted(services)} are not init + {hosts}")
node_ids = {}
for i, host in enumerate(hosts):
    home = os.path.join(out, f"node{i}")
    node_ids[host] = json.load(open(os.path.join(home, "config", "node_key.json")))["id"]
published = set()
full_nodes_publishing = 0
for i, host in enumerate(hosts):
    home = os.path.join(out, f"node{i}")
    config = tomllib.load(open(os.path.join(home, "config", "config.toml"), "rb"))
    service = services.get(host, {})
    check(config["moniker"] == host, f"node{i}: moniker {config['moniker']} is not {host}")
    check([str(c) for c in service.get("command", [])] == ["start", "--home", f"{devnet_dir}/node{i}"],
          f"{host}: command {service.get('command')} does not start {devnet_dir}/node{i}")
    check(volume_at(service) == volume, f"{host}: does not mount volume {volume} at {devnet_dir}")
    check(service.get("image") == init.get("image"), f"{host}: image differs from init's")
    check((service.get("depends_on") or {}).get("init") == {"condition": "service_completed_successfully"},
          f"{host}: does not wait for init to complete")
    for section, port in (("p2p", 26656), ("rpc", 26657), ("metrics", 26660)):
        check(config[section]["laddr"] == f"0.0.0.0:{port}",
              f"{host}: {section}.laddr {config[section]['laddr']} is not 0.0.0.0:{port}")
    peers = [p for p in config["p2p"]["persistent_peers"].split(",") if p]
    expected = sorted(f"{node_ids[h]}@{h}:26656" for h in hosts if h != host)
    check(sorted(peers) == expected, f"{host}: persistent peers {peers} are not the other services")
    rpc_port = int(config["rpc"]["laddr"].rsplit(":", 1)[1])
    publishes_rpc = False
    for mapping in service.get("ports", []):
        parts = str(mapping).replace("/tcp", "").split(":")
        check(parts[-2] not in published, f"{host}: host port {parts[-2]} published twice")
        published.add(parts[-2])
        publishes_rpc |= int(parts[-1]) == rpc_port
    full_node = not os.path.exists(os.path.join(home, "config", "priv_validator_key.json"))
    if full_node:
        check(publishes_rpc, f"{host}: full node does not publish its RPC port {rpc_port}")
        full_nodes_publishing += publishes_rpc
    role = "full node" if full_node else "validator"
    print(f"ok {host}: {role}, home {devnet_dir}/node{i}, ports 26656/26657/26660,"
          f" {len(peers)} peers, published {service.get('ports', [])}")
check(full_nodes_publishing > 0, "no full node publishes its RPC")
if errors:
    sys.exit("compose check failed:\n  " + "\n  ".join(errors))
print(f"compose check: {len(hosts)} nodes match cyber testnet {' '.join(testnet_args)}")
PY
