package io.cybergraph.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cybergraph.node.config.ConfigLoader;
import io.cybergraph.node.config.NodeConfig;
import io.cybergraph.node.home.NodeHome;
import io.cybergraph.node.home.NodeKeyFile;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * docker/docker-compose.yml against what {@code cyber testnet --hostnames} writes: the init
 * service's testnet options are valid, and every home it writes has a service named by its
 * host name that starts that home, shares the volume, waits for init, and (full nodes) publishes
 * the RPC port of the home's config. Runs on the file as written (SnakeYAML, anchors and merge
 * keys resolved) and, where docker-compose is installed, on its normalised {@code config}
 * output after {@code config -q} accepted the file. .ci/check-compose.sh does the same checks
 * with docker-compose and the built jar.
 */
class DockerComposeTest {

  static final Path COMPOSE = Path.of("..", "docker", "docker-compose.yml");
  static final String INIT = "init";

  @TempDir Path dir;

  @Test
  void composeFileMatchesTheHomesCyberTestnetWrites() throws Exception {
    check(new Yaml().load(Files.readString(COMPOSE)), dir.resolve("as-written"));
  }

  @Test
  void dockerComposeAcceptsTheFileWhereInstalled() throws Exception {
    // CI installs it for .ci/check-compose.sh; the check on the file as written always runs
    assumeTrue(onPath("docker-compose"), "docker-compose is not installed");
    assertEquals("", run("docker-compose", "-f", COMPOSE.toString(), "config", "-q"));
    String normalised = run("docker-compose", "-f", COMPOSE.toString(), "config");
    check(new Yaml().load(normalised), dir.resolve("normalised"));
  }

  @Test
  void theCheckNoticesAMismatch() throws Exception {
    String text = Files.readString(COMPOSE);
    String wrongHome = text.replace("/devnet/node3\"]", "/devnet/node2\"]");
    assertFalse(wrongHome.equals(text));
    assertThrowsAssertion(() -> check(new Yaml().load(wrongHome), dir.resolve("home")),
        "validator3: command");
    String noPort = text.replace("\"127.0.0.1:26657:26657\"", "\"127.0.0.1:26657:26658\"");
    assertFalse(noPort.equals(text));
    assertThrowsAssertion(() -> check(new Yaml().load(noPort), dir.resolve("port")),
        "fullnode0: RPC port 26657 not published");
  }

  /** The cross-check on a parsed compose file; testnet homes are written under {@code out}. */
  @SuppressWarnings("unchecked")
  static void check(Map<String, Object> compose, Path out) throws Exception {
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) compose.get("services");
    assertNotNull(services, "services");
    Map<String, Object> init = services.get(INIT);
    assertNotNull(init, "an init service");
    assertEquals(List.of("devnet-init"), strings(init.get("entrypoint")), "init: entrypoint");
    List<String> command = strings(init.get("command"));
    String devnetDir = command.get(0);
    List<String> testnetArgs = command.subList(1, command.size());
    assertFalse(testnetArgs.contains("--output"), "devnet-init adds --output itself");
    String volume = volumeAt(init, devnetDir);
    assertNotNull(volume, "init: a volume at " + devnetDir);
    String image = (String) init.get("image");
    assertNotNull(init.get("build"), "init builds the image");

    List<String> args = new ArrayList<>(List.of("testnet", "--output", out.toString()));
    args.addAll(testnetArgs);
    Cli.run(args.toArray(String[]::new)).ok();
    List<String> hosts = Arrays.asList(
        testnetArgs.get(testnetArgs.indexOf("--hostnames") + 1).split(","));

    assertEquals(new HashSet<>(concat(INIT, hosts)), services.keySet(),
        "one service per --hostnames entry, plus init");
    Set<Integer> published = new HashSet<>();
    boolean rpcPublished = false;
    for (int i = 0; i < hosts.size(); i++) {
      String host = hosts.get(i);
      NodeHome home = new NodeHome(out.resolve("node" + i));
      NodeConfig config = ConfigLoader.load(home.configToml());
      Map<String, Object> service = services.get(host);
      assertEquals(host, config.moniker, "node" + i + " is " + host);
      assertEquals(List.of("start", "--home", devnetDir + "/node" + i),
          strings(service.get("command")), host + ": command");
      assertEquals(volume, volumeAt(service, devnetDir), host + ": the devnet volume");
      assertEquals(image, service.get("image"), host + ": image");
      Map<String, Object> dependsOn = (Map<String, Object>) service.get("depends_on");
      assertNotNull(dependsOn, host + ": depends_on");
      assertEquals(Map.of("condition", "service_completed_successfully"),
          dependsOn.get(INIT), host + ": waits for init");

      assertEquals("0.0.0.0:26656", config.p2p.laddr, host);
      assertEquals("0.0.0.0:26657", config.rpc.laddr, host);
      assertEquals("0.0.0.0:26660", config.metrics.laddr, host);
      assertEquals(host + ":26656", config.p2p.externalAddress, host);
      for (String peer : config.p2p.persistentPeerList()) {
        String peerHost = peer.substring(peer.indexOf('@') + 1, peer.lastIndexOf(':'));
        assertTrue(services.containsKey(peerHost), host + ": peer " + peer + " is a service");
        int j = hosts.indexOf(peerHost);
        assertEquals(NodeKeyFile.nodeId(NodeKeyFile.read(
            new NodeHome(out.resolve("node" + j)).nodeKeyJson()).publicKey()),
            peer.substring(0, peer.indexOf('@')), host + ": node id of peer " + peerHost);
      }
      assertEquals(hosts.size() - 1, config.p2p.persistentPeerList().size(), host + ": peers");

      List<String> ports = service.get("ports") == null ? List.of() : strings(service.get("ports"));
      boolean fullNode = !Files.exists(home.privValidatorKeyJson());
      int rpcPort = Integer.parseInt(config.rpc.laddr.substring(config.rpc.laddr.indexOf(':') + 1));
      boolean publishesRpc = false;
      for (String port : ports) {
        String[] parts = port.replace("/tcp", "").split(":");
        assertTrue(published.add(Integer.parseInt(parts[parts.length - 2])),
            host + ": host port of " + port + " is published twice");
        publishesRpc |= Integer.parseInt(parts[parts.length - 1]) == rpcPort;
      }
      if (fullNode) {
        assertTrue(publishesRpc, host + ": RPC port " + rpcPort + " not published (" + ports + ")");
        rpcPublished = true;
      }
    }
    assertTrue(rpcPublished, "a full node publishes its RPC");
  }

  /** The source of the volume mounted at {@code target} ("devnet:/devnet[:rw]"), or null. */
  private static String volumeAt(Map<String, Object> service, String target) {
    for (String mount : strings(service.get("volumes"))) {
      String[] parts = mount.split(":");
      if (parts.length >= 2 && parts[1].equals(target)) {
        return parts[0];
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object value) {
    assertTrue(value instanceof List, "expected a list: " + value);
    List<String> out = new ArrayList<>();
    for (Object item : (List<Object>) value) {
      out.add(String.valueOf(item));
    }
    return out;
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> out = new ArrayList<>(List.of(first));
    out.addAll(rest);
    return out;
  }

  interface Check {
    void run() throws Exception;
  }

  private static void assertThrowsAssertion(Check check, String part) throws Exception {
    try {
      check.run();
    } catch (AssertionError e) {
      assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should say " + part);
      return;
    }
    throw new AssertionError("the check passed a broken compose file (" + part + ")");
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null && Arrays.stream(path.split(File.pathSeparator))
        .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
    assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + output);
    return output;
  }
}
