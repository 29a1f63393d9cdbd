package io.soa.indexer.decode;

import io.soa.contracts.generated.ModelRegistry;
import io.soa.events.ChainEvent;
import io.soa.events.Topics;
import io.soa.events.chain.ModelTokenized;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;

/** Turns a contract log into the typed chain event of the events module, with its topic. */
public final class LogDecoder {
  private static final String MODEL_TOKENIZED = EventEncoder.encode(ModelRegistry.MODELTOKENIZED_EVENT);

  private final long chainId;

  public LogDecoder(long chainId) {
    this.chainId = chainId;
  }

  /** A decoded event and where it goes. */
  public record Decoded(String topic, String key, ChainEvent event) {}

  /** The event of {@code log}, or empty for a log this suite does not publish. */
  public Optional<Decoded> decode(Log log) {
    if (log.getTopics().isEmpty()) {
      return Optional.empty();
    }
    String sig = log.getTopics().get(0);
    if (MODEL_TOKENIZED.equalsIgnoreCase(sig)) {
      var e = ModelRegistry.getModelTokenizedEventFromLog(log);
      var ev = new ModelTokenized(chainId, log.getBlockNumber().longValueExact(),
          lower(log.getBlockHash()), lower(log.getTransactionHash()),
          log.getLogIndex().longValueExact(), log.isRemoved(), lower(log.getAddress()),
          e.modelId.toString(), hex(e.catalogId), lower(e.owner), e.metadataUri,
          hex(e.artifactDigest), e.royaltyBps.intValueExact());
      return Optional.of(new Decoded(Topics.CHAIN_MODELS, ev.modelId(), ev));
    }
    return Optional.empty();
  }

  private static String hex(byte[] b) {
    return "0x" + HexFormat.of().formatHex(b);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
