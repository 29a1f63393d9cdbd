package io.soa.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A story on the stack the story tests share ({@link Suite#shared()}, started once) with
 * GatewayIT's model upstream: its classes extend this instead of each starting and stopping them.
 */
abstract class OnSharedStack {
  @BeforeAll
  static void onSharedStack() throws Exception {
    GatewayIT.startSuite();
  }

  @AfterAll
  static void stopModelUpstream() {
    GatewayIT.stopUpstream();
  }
}
