package io.cybergraph.node.cli;

import io.cybergraph.node.home.HomeException;
import io.cybergraph.node.home.Keyring;
import io.cybergraph.node.home.StoredKey;
import io.cybergraph.proto.crypto.Ed25519;
import io.cybergraph.proto.crypto.KeyPair;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cyber keys}: the account keys in {@code HOME/keys/NAME.json}. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Manage account keys (HOME/keys/NAME.json, mode 0600).",
    subcommands = {
      KeysCommand.Add.class,
      KeysCommand.ListKeys.class,
      KeysCommand.Show.class,
      KeysCommand.Delete.class
    })
final class KeysCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static Keyring keyring(HomeOption home) {
    return home.home().keyring();
  }

  static String name(String name) {
    try {
      return Keyring.checkName(name);
    } catch (IllegalArgumentException e) {
      throw CliException.badInput(e.getMessage());
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Create a key (random, or --recover from a hex seed read on stdin).")
  static final class Add extends CliCommand {
    @Mixin HomeOption home;

    @Parameters(paramLabel = "NAME", description = "Key name.")
    String name;

    @Option(names = "--recover",
        description = "Read the 32-byte seed as 64 hex characters from the first line of stdin.")
    boolean recover;

    @Override
    protected void execute() {
      Keyring keyring = home.homeToCreate().keyring(); // a key may start a home
      if (keyring.exists(name(name))) {
        throw CliException.badInput("a key named '" + name + "' already exists in "
            + keyring.dir());
      }
      KeyPair key = recover ? KeyPair.fromSeed(readSeed()) : KeyPair.generate(new SecureRandom());
      StoredKey stored = keyring.add(name, key);
      out().println("added key " + stored.name() + " in " + keyring.file(name));
      printKey(this, stored);
    }

    private static byte[] readSeed() {
      String line;
      try {
        line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
            .readLine();
      } catch (IOException e) {
        throw CliException.failure("cannot read the seed from stdin: " + e.getMessage());
      }
      if (line == null || line.isBlank()) {
        throw CliException.badInput("--recover: no seed on stdin (expected 64 hex characters)");
      }
      String hex = line.strip();
      byte[] seed;
      try {
        seed = HexFormat.of().parseHex(hex);
      } catch (IllegalArgumentException e) {
        throw CliException.badInput("--recover: the seed is not hex");
      }
      if (seed.length != Ed25519.SEED_LENGTH) {
        throw CliException.badInput("--recover: the seed must be " + Ed25519.SEED_LENGTH
            + " bytes (64 hex characters), got " + seed.length + " bytes");
      }
      return seed;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List keys: name, address, public key.")
  static final class ListKeys extends CliCommand {
    @Mixin HomeOption home;

    @Override
    protected void execute() {
      Keyring keyring = keyring(home);
      List<String> names = keyring.names();
      if (names.isEmpty()) {
        err().println("no keys in " + keyring.dir());
        return;
      }
      // one damaged file must not hide the others: list what reads, then say what did not
      List<StoredKey> keys = new java.util.ArrayList<>();
      List<String> unreadable = new java.util.ArrayList<>();
      for (String name : names) {
        try {
          keys.add(keyring.get(name));
        } catch (HomeException e) {
          unreadable.add(e.getMessage());
        }
      }
      int width = keys.stream().mapToInt(k -> k.name().length()).max().orElse(0);
      for (StoredKey key : keys) {
        out().println(String.format("%-" + width + "s  %s  %s",
            key.name(), key.address(), key.publicKeyHex()));
      }
      if (!unreadable.isEmpty()) {
        throw CliException.badInput(unreadable.size() + " of " + names.size()
            + " key files could not be read (the others are listed): "
            + String.join("; ", unreadable));
      }
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Show a key's address and public key.")
  static final class Show extends CliCommand {
    @Mixin HomeOption home;

    @Parameters(paramLabel = "NAME", description = "Key name.")
    String name;

    @Option(names = {"-a", "--address"}, description = "Print the address only.")
    boolean addressOnly;

    @Override
    protected void execute() {
      StoredKey key = keyring(home).get(name(name));
      if (addressOnly) {
        out().println(key.address());
      } else {
        printKey(this, key);
      }
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete a key file (its seed is gone for good unless backed up).")
  static final class Delete extends CliCommand {
    @Mixin HomeOption home;

    @Parameters(paramLabel = "NAME", description = "Key name.")
    String name;

    @Option(names = {"-y", "--yes"}, description = "Confirm the deletion (required).")
    boolean yes;

    @Override
    protected void execute() {
      Keyring keyring = keyring(home);
      StoredKey key = keyring.get(name(name)); // fails clearly when absent or damaged
      if (!yes) {
        throw CliException.badInput("deleting key '" + name + "' (" + key.address()
            + ") cannot be undone: add --yes to confirm");
      }
      keyring.delete(name);
      out().println("deleted key " + name + " (" + key.address() + ")");
    }
  }

  private static void printKey(CliCommand command, StoredKey key) {
    command.out().println("name:       " + key.name());
    command.out().println("address:    " + key.address());
    command.out().println("public_key: " + key.publicKeyHex());
  }
}
