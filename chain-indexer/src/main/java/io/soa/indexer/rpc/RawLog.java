package io.soa.indexer.rpc;

import java.util.List;

/**
 * A log as the indexer needs it, numbers parsed once and hex lower-cased (web3j's {@code Log}
 * re-parses quantities with a regular expression on every getter call, which dominated the hot path
 * when sorting and routing tens of thousands of logs).
 */
public record RawLog(
    long blockNumber,
    long logIndex,
    String blockHash,
    String txHash,
    String address,
    List<String> topics,
    String data) {

  static long quantity(String hex) {
    return Long.parseLong(hex, 2, hex.length(), 16);
  }
}
