package io.cybergraph.p2p;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A channel handler that keeps what it receives, for tests to look at. */
final class Inbox implements MessageHandler {

  record Received(NodeId from, String text) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();

  @Override
  public void onMessage(NodeId from, byte[] payload) {
    received.add(new Received(from, new String(payload, StandardCharsets.UTF_8)));
  }

  boolean has(NodeId from, String text) {
    return received.contains(new Received(from, text));
  }

  int count() {
    return received.size();
  }

  List<Received> all() {
    return List.copyOf(received);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
