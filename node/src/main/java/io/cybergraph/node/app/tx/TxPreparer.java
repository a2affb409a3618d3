package io.cybergraph.node.app.tx;

import io.cybergraph.node.app.ByteKey;
import io.cybergraph.node.app.ChainRules;
import io.cybergraph.proto.Texts;
import io.cybergraph.proto.cid.Cid;
import io.cybergraph.proto.cid.InvalidCidException;
import io.cybergraph.proto.codec.DecodedTx;
import io.cybergraph.proto.codec.InvalidTxException;
import io.cybergraph.proto.codec.TxCodec;
import io.cybergraph.proto.crypto.Address;
import io.cybergraph.proto.pb.Link;
import io.cybergraph.proto.pb.Message;
import io.cybergraph.proto.pb.Send;
import io.cybergraph.proto.pb.TxBody;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks a transaction passes without any state, in this order (the first failure is the
 * reason): encoding (every {@link TxCodec} rule), chain id, memo size, link count, signature,
 * then each
 * message in order — a Cyberlink has links, each end is an accepted CID, no self-link, no link
 * twice in the tx; a Send has a 20-byte recipient and a non-zero amount.
 *
 * <p>Thread-safe; signature results are remembered in a {@link SignatureCache}.
 */
public final class TxPreparer {
  private final ChainRules rules;
  private final SignatureCache signatures;

  public TxPreparer(ChainRules rules, SignatureCache signatures) {
    this.rules = rules;
    this.signatures = signatures;
  }

  public ChainRules rules() {
    return rules;
  }

  /** The prepared tx, or {@link TxRefusedException} with the first failing check. */
  public PreparedTx prepare(byte[] raw) {
    DecodedTx tx = decode(raw);
    TxBody body = tx.body();
    if (!body.getChainId().equals(rules.chainId())) {
      throw new TxRefusedException(
          RefusalCode.WRONG_CHAIN_ID,
          "chain id is " + Texts.quote(body.getChainId()) + ", expected "
              + Texts.quote(rules.chainId()),
          "expected", rules.chainId(), "got", body.getChainId());
    }
    int memoBytes = body.getMemoBytes().size();
    if (memoBytes > rules.maxMemoBytes()) {
      throw new TxRefusedException(
          RefusalCode.MEMO_TOO_LONG,
          "memo is " + memoBytes + " bytes, at most " + rules.maxMemoBytes() + " allowed",
          "bytes", memoBytes, "limit", rules.maxMemoBytes());
    }
    long links = 0;
    for (Message m : body.getMessagesList()) {
      if (m.hasCyberlink()) {
        links += m.getCyberlink().getLinksCount();
      }
    }
    if (links > rules.maxTxLinks()) {
      throw new TxRefusedException(
          RefusalCode.TOO_MANY_LINKS,
          "tx carries " + links + " links, at most " + rules.maxTxLinks() + " allowed",
          "links", links, "limit", rules.maxTxLinks());
    }
    ByteKey hash = ByteKey.of(tx.hash());
    if (!signatures.contains(hash)) {
      if (!tx.signatureValid()) {
        throw new TxRefusedException(
            RefusalCode.BAD_SIGNATURE, "signature does not verify over body_bytes");
      }
      signatures.add(hash);
    }
    List<PreparedTx.Operation> operations = new ArrayList<>();
    Set<List<ByteKey>> linksInTx = new HashSet<>();
    for (int i = 0; i < body.getMessagesCount(); i++) {
      Message m = body.getMessages(i);
      if (m.hasCyberlink()) {
        List<Link> list = m.getCyberlink().getLinksList();
        if (list.isEmpty()) {
          throw new TxRefusedException(
              RefusalCode.EMPTY_CYBERLINK, "message " + i + " is a Cyberlink without links",
              "message", i);
        }
        for (int j = 0; j < list.size(); j++) {
          operations.add(link(list.get(j), i, j, linksInTx));
        }
      } else {
        operations.add(send(m.getSend(), i));
      }
    }
    byte[] signer = tx.signer();
    return new PreparedTx(
        tx.raw(),
        hash,
        ByteKey.of(signer),
        Address.toBech32(signer),
        body.getSequence(),
        operations,
        (int) links,
        links + (body.getMessagesCount() - countCyberlinks(body)));
  }

  private static DecodedTx decode(byte[] raw) {
    try {
      return TxCodec.decode(raw);
    } catch (InvalidTxException e) {
      throw new TxRefusedException(Refusal.of(code(e.reason()), e.detail()));
    }
  }

  private static RefusalCode code(InvalidTxException.Reason reason) {
    return switch (reason) {
      case MALFORMED -> RefusalCode.MALFORMED;
      case UNKNOWN_FIELDS -> RefusalCode.UNKNOWN_FIELDS;
      case NON_CANONICAL_RAW -> RefusalCode.NON_CANONICAL_RAW;
      case NON_CANONICAL_BODY -> RefusalCode.NON_CANONICAL_BODY;
      case BAD_PUBLIC_KEY -> RefusalCode.BAD_PUBLIC_KEY;
      case BAD_SIGNATURE_LENGTH -> RefusalCode.BAD_SIGNATURE_LENGTH;
      case BAD_SIGNATURE -> RefusalCode.BAD_SIGNATURE;
      case NO_MESSAGES -> RefusalCode.EMPTY_TX;
      case EMPTY_MESSAGE -> RefusalCode.UNKNOWN_MESSAGE;
    };
  }

  private static PreparedTx.LinkOp link(
      Link link, int message, int index, Set<List<ByteKey>> linksInTx) {
    String where = "message " + message + " link " + index;
    Cid from = cid(link.getFrom(), where + " from");
    Cid to = cid(link.getTo(), where + " to");
    ByteKey fromKey = ByteKey.of(from.key());
    ByteKey toKey = ByteKey.of(to.key());
    if (fromKey.equals(toKey)) {
      throw new TxRefusedException(
          RefusalCode.SELF_LINK,
          where + " links particle " + Texts.quote(link.getFrom()) + " to itself"
              + (link.getFrom().equals(link.getTo()) ? "" : " (" + Texts.quote(link.getTo()) + ")"),
          "message", message, "link", index);
    }
    if (!linksInTx.add(List.of(fromKey, toKey))) {
      throw new TxRefusedException(
          RefusalCode.DUPLICATE_LINK_IN_TX,
          where + " repeats the link " + Texts.quote(link.getFrom()) + " -> "
              + Texts.quote(link.getTo()) + " of the same tx",
          "message", message, "link", index);
    }
    return new PreparedTx.LinkOp(fromKey, link.getFrom(), toKey, link.getTo());
  }

  private static Cid cid(String text, String where) {
    try {
      return Cid.parse(text);
    } catch (InvalidCidException e) {
      throw new TxRefusedException(
          RefusalCode.INVALID_CID, where + ": " + e.getMessage(), "at", where);
    }
  }

  private static PreparedTx.SendOp send(Send send, int message) {
    if (send.getTo().size() != Address.LENGTH) {
      throw new TxRefusedException(
          RefusalCode.BAD_RECIPIENT,
          "message " + message + " sends to " + send.getTo().size() + " bytes, expected a "
              + Address.LENGTH + "-byte address",
          "message", message);
    }
    if (send.getAmount() == 0) {
      throw new TxRefusedException(
          RefusalCode.ZERO_AMOUNT, "message " + message + " sends amount 0", "message", message);
    }
    return new PreparedTx.SendOp(ByteKey.of(send.getTo().toByteArray()), send.getAmount());
  }

  private static int countCyberlinks(TxBody body) {
    int n = 0;
    for (Message m : body.getMessagesList()) {
      if (m.hasCyberlink()) {
        n++;
      }
    }
    return n;
  }
}
