package io.cybergraph.consensus.wal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cybergraph.consensus.state.Action;
import io.cybergraph.consensus.state.Evidence;
import io.cybergraph.consensus.state.Message;
import io.cybergraph.consensus.state.Step;
import io.cybergraph.consensus.state.Value;
import io.cybergraph.consensus.state.VoteType;
import io.cybergraph.proto.codec.Protobufs;
import io.cybergraph.proto.pb.Proposal;
import io.cybergraph.proto.pb.ValidatorSet;
import io.cybergraph.proto.pb.Vote;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * The payload encoding of {@link WalRecord}s: a type byte, then fixed-width big-endian integers and
 * length-prefixed byte strings (protobuf messages in their deterministic encoding). The frame
 * around a payload (length and CRC32C) is {@link SegmentFile}'s.
 */
final class WalRecordCodec {
  private static final int HEIGHT_STARTED = 1;
  private static final int PROPOSAL_RECEIVED = 2;
  private static final int VOTE_RECEIVED = 3;
  private static final int TIMEOUT_FIRED = 4;
  private static final int VALUE_READY = 5;
  private static final int VALIDITY_CHECKED = 6;
  private static final int OWN_PROPOSAL = 10;
  private static final int OWN_VOTE = 11;
  private static final int ACTION_TAKEN = 12;
  private static final int END_HEIGHT = 20;

  private static final int ENTER_ROUND = 1;
  private static final int SCHEDULE_TIMEOUT = 2;
  private static final int DECIDE = 3;
  private static final int REPORT_EVIDENCE = 4;
  private static final int REQUEST_VALUE = 5;
  private static final int CHECK_VALIDITY = 6;

  private static final int PROPOSAL = 0;
  private static final int PREVOTE = 1;
  private static final int PRECOMMIT = 2;

  private WalRecordCodec() {}

  /** A payload that does not decode (CRC was right, content is not a record). */
  static final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;

    FormatException(String message) {
      super(message);
    }
  }

  static byte[] encode(WalRecord record) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      if (record instanceof WalRecord.HeightStarted) {
        WalRecord.HeightStarted r = (WalRecord.HeightStarted) record;
        out.writeByte(HEIGHT_STARTED);
        out.writeLong(r.timeNs());
        out.writeLong(r.height());
        writeBytes(out, Protobufs.encode(r.validators()));
      } else if (record instanceof WalRecord.ProposalReceived) {
        WalRecord.ProposalReceived r = (WalRecord.ProposalReceived) record;
        out.writeByte(PROPOSAL_RECEIVED);
        out.writeLong(r.timeNs());
        writeBytes(out, Protobufs.encode(r.proposal()));
      } else if (record instanceof WalRecord.VoteReceived) {
        WalRecord.VoteReceived r = (WalRecord.VoteReceived) record;
        out.writeByte(VOTE_RECEIVED);
        out.writeLong(r.timeNs());
        writeBytes(out, Protobufs.encode(r.vote()));
      } else if (record instanceof WalRecord.TimeoutFired) {
        WalRecord.TimeoutFired r = (WalRecord.TimeoutFired) record;
        out.writeByte(TIMEOUT_FIRED);
        out.writeLong(r.timeNs());
        out.writeLong(r.height());
        out.writeInt(r.round());
        out.writeByte(r.step().ordinal());
      } else if (record instanceof WalRecord.ValueReady) {
        WalRecord.ValueReady r = (WalRecord.ValueReady) record;
        out.writeByte(VALUE_READY);
        out.writeLong(r.timeNs());
        out.writeLong(r.height());
        out.writeInt(r.round());
        writeBytes(out, r.blockId());
      } else if (record instanceof WalRecord.ValidityChecked) {
        WalRecord.ValidityChecked r = (WalRecord.ValidityChecked) record;
        out.writeByte(VALIDITY_CHECKED);
        out.writeLong(r.timeNs());
        out.writeLong(r.height());
        writeBytes(out, r.blockId());
        out.writeBoolean(r.valid());
      } else if (record instanceof WalRecord.OwnProposal) {
        out.writeByte(OWN_PROPOSAL);
        writeBytes(out, Protobufs.encode(((WalRecord.OwnProposal) record).proposal()));
      } else if (record instanceof WalRecord.OwnVote) {
        out.writeByte(OWN_VOTE);
        writeBytes(out, Protobufs.encode(((WalRecord.OwnVote) record).vote()));
      } else if (record instanceof WalRecord.ActionTaken) {
        out.writeByte(ACTION_TAKEN);
        writeAction(out, ((WalRecord.ActionTaken) record).action());
      } else {
        out.writeByte(END_HEIGHT);
        out.writeLong(((WalRecord.EndHeight) record).height());
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  static WalRecord decode(byte[] payload) throws FormatException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
    try {
      WalRecord record = decode(in);
      if (in.available() != 0) {
        throw new FormatException(in.available() + " bytes after the record");
      }
      return record;
    } catch (EOFException e) {
      throw new FormatException("record ends early");
    } catch (InvalidProtocolBufferException e) {
      throw new FormatException("bad protobuf: " + e.getMessage());
    } catch (IOException e) {
      throw new IllegalStateException("reading memory cannot fail", e);
    }
  }

  private static WalRecord decode(DataInputStream in) throws IOException, FormatException {
    int type = in.readUnsignedByte();
    switch (type) {
      case HEIGHT_STARTED:
        return new WalRecord.HeightStarted(
            in.readLong(), in.readLong(), ValidatorSet.parseFrom(readBytes(in)));
      case PROPOSAL_RECEIVED:
        return new WalRecord.ProposalReceived(in.readLong(), Proposal.parseFrom(readBytes(in)));
      case VOTE_RECEIVED:
        return new WalRecord.VoteReceived(in.readLong(), Vote.parseFrom(readBytes(in)));
      case TIMEOUT_FIRED:
        return new WalRecord.TimeoutFired(in.readLong(), in.readLong(), in.readInt(), step(in));
      case VALUE_READY:
        return new WalRecord.ValueReady(in.readLong(), in.readLong(), in.readInt(), readBytes(in));
      case VALIDITY_CHECKED:
        return new WalRecord.ValidityChecked(
            in.readLong(), in.readLong(), readBytes(in), in.readBoolean());
      case OWN_PROPOSAL:
        return new WalRecord.OwnProposal(Proposal.parseFrom(readBytes(in)));
      case OWN_VOTE:
        return new WalRecord.OwnVote(Vote.parseFrom(readBytes(in)));
      case ACTION_TAKEN:
        return new WalRecord.ActionTaken(readAction(in));
      case END_HEIGHT:
        return new WalRecord.EndHeight(in.readLong());
      default:
        throw new FormatException("unknown record type " + type);
    }
  }

  // ---- actions and machine messages ---------------------------------------------------------

  private static void writeAction(DataOutputStream out, Action action) throws IOException {
    if (action instanceof Action.EnterRound) {
      Action.EnterRound a = (Action.EnterRound) action;
      out.writeByte(ENTER_ROUND);
      out.writeLong(a.height());
      out.writeInt(a.round());
    } else if (action instanceof Action.ScheduleTimeout) {
      Action.ScheduleTimeout a = (Action.ScheduleTimeout) action;
      out.writeByte(SCHEDULE_TIMEOUT);
      out.writeLong(a.height());
      out.writeInt(a.round());
      out.writeByte(a.step().ordinal());
      out.writeLong(a.delayMillis());
    } else if (action instanceof Action.Decide) {
      Action.Decide a = (Action.Decide) action;
      out.writeByte(DECIDE);
      out.writeLong(a.height());
      out.writeInt(a.round());
      writeValue(out, a.value());
    } else if (action instanceof Action.ReportEvidence) {
      Evidence e = ((Action.ReportEvidence) action).evidence();
      out.writeByte(REPORT_EVIDENCE);
      writeMessage(out, e.first());
      writeMessage(out, e.second());
    } else if (action instanceof Action.RequestValue) {
      Action.RequestValue a = (Action.RequestValue) action;
      out.writeByte(REQUEST_VALUE);
      out.writeLong(a.height());
      out.writeInt(a.round());
    } else if (action instanceof Action.CheckValidity) {
      Action.CheckValidity a = (Action.CheckValidity) action;
      out.writeByte(CHECK_VALIDITY);
      out.writeLong(a.height());
      writeValue(out, a.value());
    } else {
      throw new IllegalArgumentException("broadcasts are logged as OwnProposal/OwnVote: " + action);
    }
  }

  private static Action readAction(DataInputStream in) throws IOException, FormatException {
    int kind = in.readUnsignedByte();
    switch (kind) {
      case ENTER_ROUND:
        return new Action.EnterRound(in.readLong(), in.readInt());
      case SCHEDULE_TIMEOUT:
        return new Action.ScheduleTimeout(in.readLong(), in.readInt(), step(in), in.readLong());
      case DECIDE:
        return new Action.Decide(in.readLong(), in.readInt(), requireValue(readValue(in)));
      case REPORT_EVIDENCE:
        try {
          return new Action.ReportEvidence(new Evidence(readMessage(in), readMessage(in)));
        } catch (IllegalArgumentException e) {
          throw new FormatException("bad evidence: " + e.getMessage());
        }
      case REQUEST_VALUE:
        return new Action.RequestValue(in.readLong(), in.readInt());
      case CHECK_VALIDITY:
        return new Action.CheckValidity(in.readLong(), requireValue(readValue(in)));
      default:
        throw new FormatException("unknown action kind " + kind);
    }
  }

  private static void writeMessage(DataOutputStream out, Message m) throws IOException {
    if (m instanceof Message.Proposal) {
      Message.Proposal p = (Message.Proposal) m;
      out.writeByte(PROPOSAL);
      out.writeLong(p.height());
      out.writeInt(p.round());
      writeValue(out, p.value());
      out.writeInt(p.validRound());
      out.writeInt(p.sender());
    } else {
      Message.Vote v = (Message.Vote) m;
      out.writeByte(v.type() == VoteType.PREVOTE ? PREVOTE : PRECOMMIT);
      out.writeLong(v.height());
      out.writeInt(v.round());
      writeValue(out, v.value());
      out.writeInt(v.sender());
    }
  }

  private static Message readMessage(DataInputStream in) throws IOException, FormatException {
    int kind = in.readUnsignedByte();
    if (kind == PROPOSAL) {
      return new Message.Proposal(
          in.readLong(), in.readInt(), requireValue(readValue(in)), in.readInt(), in.readInt());
    }
    if (kind != PREVOTE && kind != PRECOMMIT) {
      throw new FormatException("unknown message kind " + kind);
    }
    VoteType type = kind == PREVOTE ? VoteType.PREVOTE : VoteType.PRECOMMIT;
    return new Message.Vote(type, in.readLong(), in.readInt(), readValue(in), in.readInt());
  }

  // ---- primitives ---------------------------------------------------------------------------

  private static Step step(DataInputStream in) throws IOException, FormatException {
    int s = in.readUnsignedByte();
    if (s >= Step.values().length) {
      throw new FormatException("unknown step " + s);
    }
    return Step.values()[s];
  }

  /** A value as length and bytes; nil as length 0 (a value is never empty). */
  private static void writeValue(DataOutputStream out, Value v) throws IOException {
    writeBytes(out, v == null ? new byte[0] : v.bytes());
  }

  private static Value readValue(DataInputStream in) throws IOException, FormatException {
    byte[] b = readBytes(in);
    return b.length == 0 ? null : Value.of(b);
  }

  private static Value requireValue(Value v) throws FormatException {
    if (v == null) {
      throw new FormatException("nil where a value is required");
    }
    return v;
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException, FormatException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new FormatException("byte string of length " + n + " does not fit");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }
}
