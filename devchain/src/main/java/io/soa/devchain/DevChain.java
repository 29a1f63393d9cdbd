package io.soa.devchain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;

/** anvil's test-only RPC methods: time travel, mining, snapshots. */
public final class DevChain {
  private final Web3jService service;
  private final Web3j web3j;

  public DevChain(Web3jService service) {
    this.service = service;
    this.web3j = Web3j.build(service);
  }

  /** A response whose result is any JSON value. */
  public static class AnyResponse extends Response<Object> {}

  private Object call(String method, List<?> params) {
    try {
      AnyResponse r = new Request<>(method, params, service, AnyResponse.class).send();
      if (r.hasError()) {
        throw new IllegalStateException(method + ": " + r.getError().getMessage());
      }
      return r.getResult();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Moves the clock forward and mines a block at the new time. */
  public void increaseTime(long seconds) {
    call("evm_increaseTime", List.of(seconds));
    mine();
  }

  /** Gives {@code address} a balance of {@code wei} ether wei (test accounts). */
  public void setBalance(String address, BigInteger wei) {
    call("anvil_setBalance", List.of(address, "0x" + wei.toString(16)));
  }

  /**
   * Replaces the last {@code depth} blocks with new ones (same height, new hashes), including the
   * given signed raw transactions at the given block offsets from the fork point.
   */
  public void reorg(int depth, List<List<Object>> rawTxsWithOffsets) {
    call("anvil_reorg", List.of(depth, rawTxsWithOffsets));
  }

  /**
   * Replaces the last {@code depth} blocks with new ones holding the same transactions, each at its
   * old offset, as most reorgs of a real chain do: every block hash and every log's block changes,
   * no transaction is lost.
   *
   * @return how many transactions were mined again
   */
  public int reorgKeepingTransactions(int depth) {
    long head = blockNumber().longValueExact();
    List<List<Object>> again = new java.util.ArrayList<>();
    for (int offset = 0; offset < depth; offset++) {
      long number = head - depth + 1 + offset;
      Object block = call("eth_getBlockByNumber", List.of("0x" + Long.toHexString(number), false));
      for (Object tx : (List<?>) ((java.util.Map<?, ?>) block).get("transactions")) {
        again.add(List.of(call("eth_getRawTransactionByHash", List.of(tx)), offset));
      }
    }
    reorg(depth, again);
    return again.size();
  }

  /** Puts {@code code} (runtime bytecode, hex) at {@code address}. */
  public void setCode(String address, String code) {
    call("anvil_setCode", List.of(address, code));
  }

  /** Removes the last {@code depth} blocks (a shorter chain). */
  public void rollback(int depth) {
    call("anvil_rollback", List.of(depth));
  }

  public void mine() {
    call("evm_mine", List.of());
  }

  /** Mines {@code blocks} empty blocks at once. */
  public void mine(int blocks) {
    call("anvil_mine", List.of("0x" + Integer.toHexString(blocks)));
  }

  /** Off: transactions wait in the mempool until {@link #mine()} (a congested or stalled chain). */
  public void setAutomine(boolean on) {
    call("evm_setAutomine", List.of(on));
  }

  /** Removes a pending transaction from the mempool, as a node that lost it would. */
  public void dropTransaction(String txHash) {
    call("anvil_dropTransaction", List.of(txHash));
  }

  public String snapshot() {
    return String.valueOf(call("evm_snapshot", List.of()));
  }

  public void revert(String snapshotId) {
    call("evm_revert", List.of(snapshotId));
  }

  /** Timestamp of the latest block. */
  public long now() {
    try {
      return web3j
          .ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameterName.LATEST, false)
          .send()
          .getBlock()
          .getTimestamp()
          .longValueExact();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public BigInteger blockNumber() {
    try {
      return web3j.ethBlockNumber().send().getBlockNumber();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
