package io.soa.events.chain;

import io.soa.events.SoaEvent;

/**
 * The indexer found that blocks it had published left the canonical chain. Published on every chain
 * topic before the retractions ({@code removed=true}) of the events of those blocks and before the
 * new branch. Id: {@code chainId:reorg:oldTipHash:forkBlock}.
 *
 * @param forkBlock the highest block both branches share; everything above it was retracted
 * @param depth how many published blocks were rolled back ({@code oldTip - forkBlock})
 * @param retracted how many published events were retracted
 * @param newHead the node's head when the reorg was found, and {@code detectedAt} when: what the
 *     replica that found it observed. A replica that takes over between this notice and the
 *     rollback's commit finds the same reorg again and publishes the same id with its own {@code
 *     newHead} and {@code detectedAt} (every other field equal); consumers keep the first.
 */
public record ChainReorganized(
    long chainId,
    long forkBlock,
    String forkBlockHash,
    long oldTip,
    String oldTipHash,
    long newHead,
    long depth,
    long retracted,
    String detectedAt)
    implements SoaEvent {

  public static final String TYPE = "soa.chain.ChainReorganized.v1";

  @Override
  public String subject() {
    return "reorg";
  }
}
