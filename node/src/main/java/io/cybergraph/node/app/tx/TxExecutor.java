package io.cybergraph.node.app.tx;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.node.app.state.Account;
import io.cybergraph.node.app.state.Bandwidth;
import io.cybergraph.node.app.state.ExecutedLink;
import io.cybergraph.node.app.state.ParticleRef;
import io.cybergraph.node.app.state.ScratchState;

/**
 * Executes a prepared tx against a {@link ScratchState}: all of it or nothing. Checks, in this
 * order (the first failure is the reason): the signer has stake, the sequence is the account's
 * next, the bandwidth covers the cost, then each message in order — no link already made by the
 * signer, no Send beyond the balance left. Only when all pass does it change the state:
 *
 * <ol>
 *   <li>the signer's bandwidth is settled at the height and charged the cost; its sequence
 *       advances;
 *   <li>links are appended in order, particles first seen get the next indices;
 *   <li>a Send moves balance: the recipient's bandwidth is first settled under its old balance
 *       (an account created by a Send starts empty at this height), the sender's available
 *       bandwidth is clamped to the capacity of its new balance. A Send to oneself changes
 *       nothing but costs its bandwidth.
 * </ol>
 */
public final class TxExecutor {
  private final Bandwidth bandwidth;

  public TxExecutor(Bandwidth bandwidth) {
    this.bandwidth = bandwidth;
  }

  public Bandwidth bandwidth() {
    return bandwidth;
  }

  /**
   * Executes {@code tx} as the block's tx {@code txIndex}; {@link TxRefusedException} leaves
   * {@code state} untouched.
   */
  public void execute(ScratchState state, PreparedTx tx, int txIndex) {
    long height = state.height();
    Account signer = state.account(tx.signer());
    if (signer == null || signer.balance() == 0) {
      throw new TxRefusedException(
          RefusalCode.ZERO_STAKE,
          "signer " + tx.signerText() + (signer == null ? " has no account" : " has balance 0")
              + ": no stake, no bandwidth",
          "signer", tx.signerText());
    }
    if (tx.sequence() != signer.sequence()) {
      String expected = Long.toUnsignedString(signer.sequence());
      String got = Long.toUnsignedString(tx.sequence());
      throw new TxRefusedException(
          RefusalCode.SEQUENCE_MISMATCH,
          "sequence " + got + ", expected " + expected + " for " + tx.signerText(),
          "expected", expected, "got", got);
    }
    long available = bandwidth.available(signer, height);
    if (tx.cost() > available) {
      throw new TxRefusedException(
          RefusalCode.NOT_ENOUGH_BANDWIDTH,
          "tx needs " + tx.cost() + " bandwidth, " + tx.signerText() + " has " + available
              + " available at height " + height + " (capacity "
              + bandwidth.capacity(signer.balance()) + ")",
          "available", available, "needed", tx.cost());
    }
    checkMessages(state, tx, signer);
    apply(state, tx, txIndex, signer.withBandwidth(available - tx.cost(), height));
  }

  private static void checkMessages(ScratchState state, PreparedTx tx, Account signer) {
    long balance = signer.balance();
    int index = 0;
    for (PreparedTx.Operation op : tx.operations()) {
      if (op instanceof PreparedTx.LinkOp link) {
        ParticleRef from = state.particle(link.fromKey());
        ParticleRef to = state.particle(link.toKey());
        if (from != null && to != null && state.hasLink(tx.signer(), from, to)) {
          throw new TxRefusedException(
              RefusalCode.DUPLICATE_LINK,
              tx.signerText() + " already linked " + from.text() + " -> " + to.text()
                  + " (operation " + index + " of the tx)",
              "from", from.text(), "to", to.text());
        }
      } else if (op instanceof PreparedTx.SendOp send) {
        // amounts are unsigned 64-bit; a balance is below 2^62
        if (Long.compareUnsigned(send.amount(), balance) > 0) {
          throw new TxRefusedException(
              RefusalCode.INSUFFICIENT_BALANCE,
              "send of " + Long.toUnsignedString(send.amount()) + " exceeds the balance "
                  + balance + " left to " + tx.signerText() + " (operation " + index + ")",
              "balance", balance, "amount", Long.toUnsignedString(send.amount()));
        }
        if (!send.to().equals(tx.signer())) {
          balance -= send.amount();
        }
      }
      index++;
    }
  }

  private void apply(ScratchState state, PreparedTx tx, int txIndex, Account charged) {
    long height = state.height();
    state.putAccount(charged.withNextSequence());
    for (PreparedTx.Operation op : tx.operations()) {
      if (op instanceof PreparedTx.LinkOp link) {
        ParticleRef from = particle(state, link.fromKey(), link.fromText());
        ParticleRef to = particle(state, link.toKey(), link.toText());
        state.addLink(new ExecutedLink(tx.signer(), tx.signerText(), from, to, txIndex));
      } else if (op instanceof PreparedTx.SendOp send && !send.to().equals(tx.signer())) {
        transfer(state, tx.signer(), send.to(), send.amount(), height);
      }
    }
  }

  private void transfer(ScratchState state, ByteKey fromAddress, ByteKey to, long amount, long h) {
    Account sender = state.account(fromAddress);
    long left = sender.balance() - amount;
    long clamped = Math.min(sender.bandwidthAvailable(), bandwidth.capacity(left));
    state.putAccount(sender.withBalance(left).withBandwidth(clamped, h));
    Account recipient = state.account(to);
    if (recipient == null) {
      state.putAccount(new Account(to, amount, 0, 0, h));
    } else {
      Account settled = bandwidth.settle(recipient, h);
      state.putAccount(settled.withBalance(Math.addExact(settled.balance(), amount)));
    }
  }

  private static ParticleRef particle(ScratchState state, ByteKey key, String text) {
    ParticleRef p = state.particle(key);
    return p != null ? p : state.newParticle(key, text);
  }
}
