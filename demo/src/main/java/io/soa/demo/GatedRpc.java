package io.soa.demo;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.ReadWriteLock;
import org.web3j.protocol.http.HttpService;

/**
 * The chain's JSON-RPC over HTTP, each request sent while holding a shared gate: a chaos run holds
 * it exclusively while it reorganizes the dev chain, so no transaction is sent (and mined) half way
 * through a reorg.
 */
final class GatedRpc extends HttpService {
  private final ReadWriteLock gate;

  GatedRpc(String url, ReadWriteLock gate) {
    super(url);
    this.gate = gate;
  }

  @Override
  protected InputStream performIO(String request) throws IOException {
    gate.readLock().lock();
    try {
      return super.performIO(request);
    } finally {
      gate.readLock().unlock();
    }
  }
}
