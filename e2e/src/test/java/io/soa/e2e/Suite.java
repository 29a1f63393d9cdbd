package io.soa.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.soa.devchain.Chain;
import io.soa.devchain.RepoRoot;
import io.soa.devstack.Stack;
import io.soa.devstack.StackOptions;
import io.soa.testing.OtlpReceiver;
import java.nio.file.Path;
import java.time.Duration;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;

/**
 * The packaged suite as {@code ./soa up} runs it, on free ports: the stack, a client of its chain,
 * and the tokens its callers present. The story tests share one ({@link #shared}), as users share a
 * deployment: each works with its own models, channels and licences, and what one leaves behind
 * must not disturb another (a stack start is most of a story test's time).
 */
final class Suite implements AutoCloseable {
  private static Suite shared;

  final Stack stack;
  final Web3j web3j;

  /** The spans every service of the shared suite exports; null for a suite of one's own. */
  OtlpReceiver traces;

  private Suite(Stack stack) {
    this.stack = stack;
    this.web3j = Chain.connect(stack.deployment().rpcUrl());
  }

  /**
   * The suite the story tests share, with the analytics example and traces exported to a receiver
   * here; started by the first test that asks, stopped when the test JVM exits.
   */
  static synchronized Suite shared() {
    if (shared == null) {
      OtlpReceiver receiver = OtlpReceiver.start();
      shared = withAnalytics("stack-shared", receiver.env());
      shared.traces = receiver;
      Suite s = shared;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    s.close();
                    receiver.close();
                  }));
    }
    return shared;
  }

  /**
   * Starts it with its state under {@code e2e/target/<stateDir>}, on a broker of its own: the
   * stacks of the test classes deploy the same contracts at the same addresses on the same chain
   * id, and their services join the same consumer groups, so on a shared broker a stack would
   * consume what the previous one left unread as its own chain's events.
   */
  static Suite start(String stateDir) {
    return start(stateDir, java.util.Map.of());
  }

  /**
   * The same, with {@code env} given to every service (e.g. where to export traces); without the
   * analytics example, which only {@link #withAnalytics} starts.
   */
  static Suite start(String stateDir, java.util.Map<String, String> env) {
    return start(stateDir, env, false);
  }

  /** The same with the analytics example too. */
  static Suite withAnalytics(String stateDir, java.util.Map<String, String> env) {
    return start(stateDir, env, true);
  }

  private static Suite start(
      String stateDir, java.util.Map<String, String> env, boolean analytics) {
    Path root = RepoRoot.find();
    StackOptions o =
        StackOptions.freePorts(root, root.resolve("e2e/target/" + stateDir), null).withEnv(env);
    return new Suite(
        Stack.start(
            analytics ? o : o.without(io.soa.devstack.ServiceSpec.ANALYTICS),
            System.out::println,
            pid -> {}));
  }

  String url(String service) {
    return stack.urls().get(service);
  }

  /** A contract of the stack's deployment, sending as {@code who}. */
  <T> T as(Class<T> type, String contract, Credentials who) {
    return Chain.load(type, stack.deployment().address(contract), web3j, who);
  }

  /** The bearer token {@code who} gets by signing in. */
  String token(Credentials who) {
    return stack.tokens().token(who.getAddress().toLowerCase());
  }

  /** The token licensing-service's gateway presents to payment-service (the gateway role). */
  String gatewayToken() {
    return stack.tokens().gatewayToken(Duration.ofMinutes(15));
  }

  /**
   * Settles {@code model}'s channels now as its {@code owner} (the settler would after its max age)
   * and waits until the indexer has confirmed {@code channel}'s claim of {@code charged}.
   */
  void settleNow(Credentials owner, Object model, Object channel, java.math.BigInteger charged) {
    String payments = url("payment-service");
    given()
        .auth()
        .oauth2(token(owner))
        .post(payments + "/v1/settlements?modelId=" + model)
        .then()
        .statusCode(200);
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () ->
                given()
                    .get(payments + "/v1/channels/" + channel)
                    .then()
                    .body("claimedOnChain", equalTo(charged.toString())));
  }

  @Override
  public void close() {
    web3j.shutdown();
    stack.close();
  }
}
