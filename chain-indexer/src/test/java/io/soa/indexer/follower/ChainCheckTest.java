package io.soa.indexer.follower;

import static org.assertj.core.api.Assertions.assertThat;

import io.soa.indexer.repository.CursorRepository.BlockHash;
import io.soa.indexer.repository.CursorRepository.Cursor;
import io.soa.indexer.rpc.RawLog;
import io.soa.indexer.rpc.RpcClient.Header;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The follower's checks of a node's answers, on hand-made chains; no node needed. */
class ChainCheckTest {
  private static String hash(long n, char branch) {
    return "0x" + branch + String.format("%063d", n);
  }

  /** Headers {@code from..to} of one branch, each the child of the one below. */
  private static Map<Long, Header> chain(long from, long to, char branch) {
    Map<Long, Header> headers = new HashMap<>();
    for (long b = from; b <= to; b++) {
      headers.put(b, new Header(b, hash(b, branch), hash(b - 1, branch), 1_700_000_000 + b));
    }
    return headers;
  }

  private static RawLog log(long block, String blockHash) {
    return new RawLog(block, 0, blockHash, "0x" + "1".repeat(64), "0xc0ffee", List.of(), "0x");
  }

  private static final Cursor AT_9 = new Cursor(9, hash(9, 'a'), null, null);

  @Test
  void oneChainExtendingTheCursorPasses() {
    assertThat(
            ChainCheck.inconsistency(
                AT_9, 10, 20, 15, List.of(log(12, hash(12, 'a'))), chain(10, 20, 'a')))
        .isEmpty();
  }

  @Test
  void aMissingWindowHeaderIsNamed() {
    Map<Long, Header> headers = chain(10, 20, 'a');
    headers.remove(17L);
    assertThat(ChainCheck.inconsistency(AT_9, 10, 20, 15, List.of(), headers))
        .hasValue("it has no header for block 17 of the range 10..20");
  }

  @Test
  void aRangeThatDoesNotExtendThePublishedBlockIsRefused() {
    assertThat(ChainCheck.inconsistency(AT_9, 10, 20, 30, List.of(), chain(10, 20, 'b')))
        .get()
        .asString()
        .contains("does not extend the published block 9");
  }

  @Test
  void aLogFromAnotherBranchIsRefused() {
    assertThat(
            ChainCheck.inconsistency(
                AT_9, 10, 20, 30, List.of(log(12, hash(12, 'b'))), chain(10, 20, 'a')))
        .get()
        .asString()
        .startsWith("a log of block 12 names block hash " + hash(12, 'b'));
  }

  @Test
  void headersFromTwoBranchesAreRefused() {
    Map<Long, Header> headers = chain(10, 20, 'a');
    headers.putAll(chain(15, 20, 'b'));
    assertThat(ChainCheck.inconsistency(AT_9, 10, 20, 30, List.of(), headers))
        .hasValue("block 15 does not extend block 14");
  }

  @Test
  void theFirstRangeHasNoParentToMatch() {
    Cursor start = new Cursor(-1, null, null, null);
    assertThat(ChainCheck.inconsistency(start, 0, 5, 30, List.of(), chain(0, 5, 'b'))).isEmpty();
  }

  @Test
  void headersNeededAreTheEndsTheLogsAndTheWindow() {
    assertThat(
            ChainCheck.headersNeeded(
                10, 100, 98, List.of(log(40, "x"), log(40, "x"), log(12, "y"))))
        .containsExactly(10L, 12L, 40L, 98L, 99L, 100L);
  }

  @Test
  void theForkPointIsTheNewestStoredBlockTheNodeStillHas() {
    List<BlockHash> stored =
        List.of(
            new BlockHash(12, hash(12, 'a')),
            new BlockHash(11, hash(11, 'a')),
            new BlockHash(10, hash(10, 'a')));
    Map<Long, Header> node = chain(10, 10, 'a');
    node.putAll(chain(11, 12, 'b'));
    assertThat(ChainCheck.forkPoint(stored, node)).hasValue(new BlockHash(10, hash(10, 'a')));
    assertThat(ChainCheck.forkPoint(stored, chain(10, 12, 'b'))).isEmpty();
  }
}
